package org.arangosync.core.internal.sync;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.arangosync.api.spi.store.ClusterStore;
import org.arangosync.api.spi.store.CollectionInfo;
import org.arangosync.core.internal.sync.InventoryActionLog.Verb;

/**
 * Makes one database of the target equal to the same database of the source: collections (with
 * their properties and indexes) and views. The database exists in both.
 *
 * <p>Order, and why: views the changes would break (extra, different, or linking a collection
 * about to be dropped) are dropped first, so no view keeps a stale link; then collections are
 * dropped, then created (prototypes of {@code distributeShardsLike} before their followers), then
 * kept collections are altered and their indexes fixed, and views are created last, when every
 * collection they link exists.
 *
 * <p>System collections are never dropped: they belong to the server, and one whose sharding
 * differs only causes a warning line.
 */
final class InventoryDatabaseSync {

  private final Inventory.Database source;
  private final Inventory.Database current;
  private final ClusterStore target;
  private final InventoryActionLog log;

  /**
   * @param source the database as the source has it
   * @param current the same database as the target has it now
   */
  InventoryDatabaseSync(Inventory.Database source, Inventory.Database current, ClusterStore target, InventoryActionLog log) {
    this.source = Objects.requireNonNull(source, "source");
    this.current = Objects.requireNonNull(current, "current");
    this.target = Objects.requireNonNull(target, "target");
    this.log = Objects.requireNonNull(log, "log");
  }

  void run() {
    List<CollectionInfo> toCreate = new ArrayList<>();
    Map<String, String> toRecreate = new LinkedHashMap<>(); // name -> why
    List<CollectionInfo[]> kept = new ArrayList<>(); // {source, target}
    for (CollectionInfo wanted : source.collections()) {
      CollectionInfo present = current.collection(wanted.name()).orElse(null);
      if (present == null) {
        toCreate.add(wanted);
        continue;
      }
      String difference = InventoryDefinitions.shapeDifference(wanted, present);
      if (difference != null && !present.system()) {
        toRecreate.put(wanted.name(), difference);
        toCreate.add(wanted);
        continue;
      }
      if (difference != null) {
        log.warn("system collection " + path(wanted) + " has " + difference + "; left as it is (system collections are never dropped),"
            + " so its shards do not map 1:1 to the source's");
      }
      kept.add(new CollectionInfo[] {wanted, present});
    }
    // Followers of distributeShardsLike first: a cluster refuses to drop a prototype that has followers.
    List<CollectionInfo> toDrop = current.collections().stream()
        .filter(present -> !present.system() && source.collection(present.name()).isEmpty())
        .sorted(Comparator.comparing((CollectionInfo collection) -> !followsAnother(collection)).thenComparing(CollectionInfo::name))
        .toList();

    Set<String> goingAway = new HashSet<>(toRecreate.keySet());
    toDrop.forEach(collection -> goingAway.add(collection.name()));
    Map<String, String> remainingViews = dropViews(goingAway);

    for (CollectionInfo extra : toDrop) {
      log.run(Verb.DROP, "collection " + path(extra), () -> target.dropCollection(extra.database(), extra.name()));
    }
    toRecreate.forEach((name, why) -> log.run(Verb.DROP, "collection " + source.name() + "/" + name + " to recreate it (" + why + ")",
        () -> target.dropCollection(source.name(), name)));
    // A follower of distributeShardsLike needs its prototype to exist.
    toCreate.sort(Comparator.comparing(InventoryDatabaseSync::followsAnother).thenComparing(CollectionInfo::name));
    for (CollectionInfo wanted : toCreate) {
      log.run(Verb.CREATE, "collection " + path(wanted) + " (" + describe(wanted) + ")", () -> target.createCollection(wanted));
    }
    for (CollectionInfo[] pair : kept) {
      alter(pair[0], pair[1]);
      new InventoryIndexSync(pair[0], pair[1], target, log).run();
    }
    createViews(remainingViews);
  }

  /**
   * Drops the target's views that the source lacks, that differ from the source's, or that link a
   * collection in {@code goingAway}.
   *
   * @return the target's views that stay, by name
   */
  private Map<String, String> dropViews(Set<String> goingAway) {
    Map<String, String> remaining = new LinkedHashMap<>();
    for (String present : current.views()) {
      String name = Inventory.nameOf(present);
      String wanted = sourceView(name);
      String reason = null;
      if (wanted == null) {
        reason = "";
      } else if (!InventoryJson.same(InventoryDefinitions.viewIdentity(wanted), InventoryDefinitions.viewIdentity(present))) {
        reason = " to recreate it (its definition differs)";
      } else if (InventoryDefinitions.linkedCollections(present).stream().anyMatch(goingAway::contains)) {
        reason = " to recreate it (it links a collection that is recreated or dropped)";
      }
      if (reason == null) {
        remaining.put(name, present);
      } else {
        log.run(Verb.DROP, "view " + source.name() + "/" + name + reason, () -> target.dropView(source.name(), name));
      }
    }
    return remaining;
  }

  private void createViews(Map<String, String> remaining) {
    for (String wanted : source.views()) {
      String name = Inventory.nameOf(wanted);
      if (!remaining.containsKey(name)) {
        log.run(Verb.CREATE, "view " + source.name() + "/" + name, () -> target.createView(source.name(), wanted));
      }
    }
  }

  private String sourceView(String name) {
    return source.views().stream().filter(view -> Inventory.nameOf(view).equals(name)).findFirst().orElse(null);
  }

  private void alter(CollectionInfo wanted, CollectionInfo present) {
    ObjectNode changes = InventoryDefinitions.changedProperties(wanted, present);
    if (changes.isEmpty()) {
      return;
    }
    List<String> names = new ArrayList<>();
    changes.fieldNames().forEachRemaining(names::add);
    log.run(Verb.CHANGE, "properties " + String.join(", ", names) + " of collection " + path(wanted),
        () -> target.alterCollection(wanted.database(), wanted.name(), InventoryJson.write(changes)));
  }

  private static boolean followsAnother(CollectionInfo collection) {
    String prototype = InventoryJson.parse(collection.properties(), "the properties of " + collection.name())
        .path("distributeShardsLike").asText("");
    return !prototype.isEmpty();
  }

  private static String describe(CollectionInfo collection) {
    List<String> details = new ArrayList<>();
    details.add(collection.numberOfShards() + (collection.numberOfShards() == 1 ? " shard" : " shards"));
    if (collection.type() == 3) {
      details.add("edge");
    }
    if (!collection.shardKeys().equals(List.of("_key"))) {
      details.add("shardKeys " + collection.shardKeys());
    }
    long indexes = collection.indexes().stream().filter(index -> !InventoryDefinitions.isBuiltIn(index)).count();
    if (indexes > 0) {
      details.add(indexes + (indexes == 1 ? " index" : " indexes"));
    }
    return String.join(", ", details);
  }

  static String path(CollectionInfo collection) {
    return collection.database() + "/" + collection.name();
  }
}
