/**
 * The mini cluster: an ArangoDB-API-compatible server on RocksDB, started in-JVM with
 * {@link org.arangosync.minicluster.MiniCluster#builder()} or as {@code arangosync minicluster}.
 */
@org.osgi.annotation.versioning.Version("0.1.0")
package org.arangosync.minicluster;
