package org.arangosync.core.internal.sync;

import java.util.ArrayList;
import java.util.List;
import org.arangosync.api.spi.store.ClusterStore;
import org.arangosync.core.internal.sync.InventoryActionLog.Verb;

/**
 * The "receive-inventory" side: makes a target cluster's structure equal to a source
 * {@link Inventory}. An ArangoSync target is overwritten by its source, so whatever the target has
 * that the source does not (databases, user collections, indexes, views) is dropped, with the data
 * in it.
 *
 * <p>Invariants:
 * <ul>
 *   <li>Idempotent: every action is taken only while the target differs, so applying the same
 *       inventory twice takes no action the second time.
 *   <li>Shards map 1:1: a target collection whose type, numberOfShards or shardKeys differ from
 *       the source's is dropped and recreated, because shard {@code i} of the source is applied to
 *       shard {@code i} of the target.
 *   <li>Never dropped: {@code _system}, and system collections that exist (a differing sharding of
 *       one is reported as a warning line instead).
 *   <li>Order: missing databases are created first, extra databases dropped last; within a
 *       database see {@link InventoryDatabaseSync}.
 *   <li>Failure: the first action the target refuses ends the run with an
 *       {@link InventoryApplyException} naming the object and the cause; what was done before stays
 *       done, and applying again continues from there.
 * </ul>
 *
 * <p>Renames: clusters refuse them, so a collection renamed at the source arrives as one dropped
 * and one created (its data is then synchronised again).
 */
public final class InventoryApplier {

  private static final String SYSTEM_DATABASE = "_system";

  /**
   * Applies the source's structure to the target.
   *
   * @return one line per action taken, e.g. "created collection db1/c2 (3 shards)", and
   *     "warning: ..." lines for differences left alone on purpose; empty when the target already
   *     had the source's structure
   * @throws InventoryApplyException when the target refuses an action
   */
  public List<String> apply(Inventory source, ClusterStore target) {
    InventoryActionLog log = new InventoryActionLog();
    List<String> existing = log.read("the databases of the target", target::databases);
    for (Inventory.Database database : source.databases()) {
      if (!existing.contains(database.name())) {
        log.run(Verb.CREATE, "database " + database.name(), () -> target.createDatabase(database.name()));
      }
    }
    for (Inventory.Database database : source.databases()) {
      // Read after the creations: a new database comes with the server's system collections.
      Inventory.Database current = log.read("the structure of database " + database.name() + " in the target",
          () -> Inventory.Database.read(target, database.name()));
      new InventoryDatabaseSync(database, current, target, log).run();
    }
    List<String> extra = new ArrayList<>(existing);
    extra.removeIf(name -> name.equals(SYSTEM_DATABASE) || source.database(name).isPresent());
    extra.sort(null);
    for (String name : extra) {
      log.run(Verb.DROP, "database " + name, () -> target.dropDatabase(name));
    }
    return log.lines();
  }
}
