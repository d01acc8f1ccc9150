package org.arangosync.core.replication;

import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeMap;
import org.arangosync.api.Tick;
import org.arangosync.api.spi.store.Change;
import org.arangosync.api.spi.store.ClusterStore;
import org.arangosync.api.spi.store.KeyChunk;
import org.arangosync.api.spi.store.KeyRevision;
import org.arangosync.api.spi.store.ShardLocation;
import org.arangosync.api.spi.store.ShardRef;
import org.arangosync.api.spi.store.Snapshot;

/**
 * An incremental copy of one collection by key ranges, as ArangoDB's initial syncer does with
 * {@code incremental: true}: both sides list their keys in chunks with a hash over keys and
 * revisions ({@code /_api/replication/keys}); ranges with equal hashes are equal and skipped; in
 * the others, documents whose revision differs or that the follower lacks are fetched, and keys
 * only the follower has are removed. The collection is never dropped, so the follower stays
 * readable, and only what differs crosses the network.
 *
 * <p>Correct because followers keep the leader's revisions (the applier writes with
 * {@code isRestore}); a follower written by other means simply shows more differences.
 */
final class IncrementalCopy {

  /** Keys per chunk: ArangoDB's default. */
  static final int CHUNK_SIZE = 5000;

  /** What it wrote: documents fetched and written, keys removed. */
  record Result(long written, long removed) {}

  private IncrementalCopy() {}

  /**
   * @param leaderServer the leader's http(s) URL, {@code followerServer} the follower's
   */
  static Result copy(ClusterStore leader, URI leaderServer, ClusterStore follower, URI followerServer, String database, String name,
      Duration timeToLive) {
    Snapshot source = leader.snapshot(location(database, name, "leader", leaderServer), timeToLive);
    Snapshot target = null;
    try {
      target = follower.snapshot(location(database, name, "follower", followerServer), timeToLive);
      List<KeyChunk> sourceChunks = leader.keyChunks(source, CHUNK_SIZE);
      List<KeyChunk> targetChunks = follower.keyChunks(target, CHUNK_SIZE);
      Set<String> sourceRanges = new HashSet<>();
      sourceChunks.forEach(chunk -> sourceRanges.add(signature(chunk)));
      Set<String> equalRanges = new HashSet<>();
      // The follower's keys and revisions in every range that is not the same on both sides.
      TreeMap<String, String> local = new TreeMap<>();
      for (KeyChunk chunk : targetChunks) {
        if (sourceRanges.contains(signature(chunk))) {
          equalRanges.add(signature(chunk));
        } else {
          for (KeyRevision key : follower.chunkKeys(target, chunk, CHUNK_SIZE)) {
            local.put(key.key(), key.revision());
          }
        }
      }
      long written = 0;
      for (KeyChunk chunk : sourceChunks) {
        if (equalRanges.contains(signature(chunk))) {
          continue;
        }
        List<KeyRevision> keys = leader.chunkKeys(source, chunk, CHUNK_SIZE);
        List<Integer> positions = new ArrayList<>();
        for (int i = 0; i < keys.size(); i++) {
          String mine = local.remove(keys.get(i).key());
          if (!keys.get(i).revision().equals(mine)) {
            positions.add(i);
          }
        }
        if (!positions.isEmpty()) {
          List<Change> documents = leader.chunkDocuments(source, chunk, CHUNK_SIZE, positions);
          follower.apply(database, name, documents);
          written += documents.size();
        }
      }
      List<Change> removals = new ArrayList<>();
      for (String key : local.keySet()) {
        removals.add(new Change(Tick.ZERO, Change.REMOVE, "0", key, null, null));
      }
      if (!removals.isEmpty()) {
        follower.apply(database, name, removals);
      }
      return new Result(written, removals.size());
    } finally {
      leader.release(source);
      if (target != null) {
        follower.release(target);
      }
    }
  }

  /** A single server's collection as the store's snapshot API names it: one "shard" of the same name. */
  private static ShardLocation location(String database, String name, String role, URI server) {
    return new ShardLocation(new ShardRef(database, name, 0), name, role, server);
  }

  private static String signature(KeyChunk chunk) {
    return chunk.low() + '\0' + chunk.high() + '\0' + chunk.hash();
  }
}
