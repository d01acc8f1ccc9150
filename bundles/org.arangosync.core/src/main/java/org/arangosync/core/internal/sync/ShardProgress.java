package org.arangosync.core.internal.sync;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import org.arangosync.api.Tick;
import org.arangosync.api.spi.state.StateStore;
import org.arangosync.api.spi.state.Transaction;
import org.arangosync.api.spi.store.ShardRef;

/**
 * The last source tick a target shard has applied, kept in the target datacenter's state store
 * (the agency), so that a receiver that starts again, on this worker or another, resumes there
 * instead of synchronising the shard again.
 *
 * <p>Invariant: a saved tick is only ever one whose changes, and all before it, are applied; it is
 * cleared when a resynchronisation starts (the shard's content is then in flux until the new
 * snapshot's tick is saved).
 */
public final class ShardProgress {

  private final StateStore store;
  private final String key;
  /** When not null: a save is made only while this key exists. */
  private final String guard;

  /** Where the ticks are kept; one key per shard below it. */
  public static final String ROOT = "shardProgress";

  public ShardProgress(StateStore store, ShardRef shard) {
    this(store, shard, null);
  }

  /**
   * Progress that is saved only while {@code guard} exists in the store (a receive-shard task
   * passes the target master's entry of its shard): a task still running when its shard was
   * dropped or its synchronisation stopped cannot leave a tick behind.
   */
  public ShardProgress(StateStore store, ShardRef shard, String guard) {
    this.store = store;
    this.key = ROOT + "/" + shardId(shard);
    this.guard = guard;
  }

  /**
   * A shard's id in state-store keys: {@code database:collection:index}, the names made safe for a
   * key segment (extended names may hold '/' and ':').
   */
  public static String shardId(ShardRef shard) {
    return encode(shard.database()) + ":" + encode(shard.collection()) + ":" + shard.shardIndex();
  }

  private static String encode(String name) {
    return URLEncoder.encode(name, StandardCharsets.UTF_8).replace(":", "%3A").replace(".", "%2E");
  }

  public Optional<Tick> load() {
    return store.read(key).map(json -> Tick.parse(json.replace("\"", "")));
  }

  public void save(Tick tick) {
    Transaction.Builder write = Transaction.builder().set(key, "\"" + tick + "\"");
    if (guard != null) {
      write.ifPresent(guard);
    }
    store.write(write.build());
  }

  public void clear() {
    store.write(Transaction.builder().delete(key).build());
  }
}
