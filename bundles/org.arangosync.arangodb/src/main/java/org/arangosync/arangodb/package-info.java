/**
 * The ArangoDB adapter: talks to real ArangoDB clusters (and the mini cluster) over ArangoDB's
 * documented HTTP API, with endpoint failover, bounded retries of what is safe to retry, and
 * typed errors.
 */
@org.osgi.annotation.versioning.Version("0.1.0")
package org.arangosync.arangodb;
