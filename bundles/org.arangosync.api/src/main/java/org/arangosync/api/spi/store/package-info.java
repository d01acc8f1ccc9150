/**
 * The store SPI: what synchronisation needs of an ArangoDB cluster: structure (databases,
 * collections with their shards), shard snapshots with a streamed dump, the WAL tail of a shard,
 * idempotent apply and structure changes. Version 0.x: it will still change with the sync core.
 */
@org.osgi.annotation.versioning.Version("0.2.0")
package org.arangosync.api.spi.store;
