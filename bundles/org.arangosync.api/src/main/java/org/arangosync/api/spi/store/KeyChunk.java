package org.arangosync.api.spi.store;

/**
 * A range of document keys of a shard snapshot, in key order, with ArangoDB's hash over the keys
 * and revisions in it: equal hashes mean equal ranges, so only differing ranges need their keys
 * and documents compared (incremental resynchronisation).
 *
 * @param index the chunk's position, from 0
 * @param low the first key of the range
 * @param high the last key of the range
 * @param hash the range's hash as ArangoDB computes it (unsigned, decimal)
 */
public record KeyChunk(int index, String low, String high, String hash) {}
