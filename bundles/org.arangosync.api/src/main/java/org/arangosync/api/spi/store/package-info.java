/**
 * The store SPI: what synchronisation needs of an ArangoDB cluster. Read side so far: structure
 * (databases, collections with their shards), shard snapshots with a streamed dump, and the WAL
 * tail of a shard. Version 0.x: it grows with the write side (apply, structure changes).
 */
@org.osgi.annotation.versioning.Version("0.1.0")
package org.arangosync.api.spi.store;
