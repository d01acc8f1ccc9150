/**
 * A Java client of the ArangoSync REST API served by sync masters (port 8629) and workers (8729).
 *
 * <p>It follows ArangoSync's client conventions: every request carries
 * {@code X-Allow-Forward-To-Leader: true}; a list of endpoints is tried in order, moving on after a
 * connection failure, a 408 or a 5xx answer; any other answer is final.
 */
@org.osgi.annotation.versioning.Version("1.4.0")
package org.arangosync.client;
