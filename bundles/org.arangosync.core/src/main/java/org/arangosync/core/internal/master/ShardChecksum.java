package org.arangosync.core.internal.master;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import org.arangosync.api.spi.store.ClusterStore;
import org.arangosync.api.spi.store.KeyChunk;
import org.arangosync.api.spi.store.ShardRef;
import org.arangosync.api.spi.store.Snapshot;

/**
 * The checksum of one shard for {@code check sync}: SHA-256 over the key-range hashes of a snapshot
 * of the shard (each hash covers the keys and revisions of up to {@value #CHUNK_SIZE} documents),
 * and the number of documents. Synchronisation keeps the source's revisions, so two shards with
 * the same documents have the same checksum in both datacenters, and a document changed, added or
 * removed on one side changes it.
 */
record ShardChecksum(String checksum, long count) {

  /** Both sides must cut the key ranges alike: the same chunk size everywhere. */
  static final int CHUNK_SIZE = 5000;
  private static final Duration SNAPSHOT_TTL = Duration.ofMinutes(5);

  static ShardChecksum of(ClusterStore cluster, ShardRef shard) {
    Snapshot snapshot = cluster.snapshot(cluster.locate(shard), SNAPSHOT_TTL);
    try {
      List<KeyChunk> chunks = cluster.keyChunks(snapshot, CHUNK_SIZE);
      MessageDigest digest = sha256();
      for (KeyChunk chunk : chunks) {
        digest.update((chunk.low() + '\0' + chunk.high() + '\0' + chunk.hash() + '\n').getBytes(StandardCharsets.UTF_8));
      }
      long count = chunks.isEmpty() ? 0
          : (long) (chunks.size() - 1) * CHUNK_SIZE + cluster.chunkKeys(snapshot, chunks.get(chunks.size() - 1), CHUNK_SIZE).size();
      return new ShardChecksum(HexFormat.of().formatHex(digest.digest()), count);
    } finally {
      cluster.release(snapshot);
    }
  }

  ObjectNode toJson(String datacenter, String clusterId) {
    return JsonNodeFactory.instance.objectNode().put("datacenter", datacenter).put("cluster_id", clusterId).put("checksum", checksum)
        .put("count", count);
  }

  private static MessageDigest sha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java runtime has SHA-256", e);
    }
  }
}
