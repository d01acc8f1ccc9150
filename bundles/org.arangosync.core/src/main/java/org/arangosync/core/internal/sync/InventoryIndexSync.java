package org.arangosync.core.internal.sync;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.arangosync.api.spi.store.ClusterStore;
import org.arangosync.api.spi.store.CollectionInfo;
import org.arangosync.core.internal.sync.InventoryActionLog.Verb;

/**
 * Makes the indexes of one target collection equal to the source collection's. Indexes are
 * compared by their {@link InventoryDefinitions#indexIdentity identity} (name included, server
 * ids excluded); built-in primary and edge indexes are left alone.
 *
 * <p>Extra indexes are dropped before missing ones are created: an index that only changed (same
 * name, other fields) must be gone before its replacement can take the name, and a server may
 * answer a create with an existing index of equal fields but another name.
 */
final class InventoryIndexSync {

  private final CollectionInfo source;
  private final CollectionInfo current;
  private final ClusterStore target;
  private final InventoryActionLog log;

  InventoryIndexSync(CollectionInfo source, CollectionInfo current, ClusterStore target, InventoryActionLog log) {
    this.source = Objects.requireNonNull(source, "source");
    this.current = Objects.requireNonNull(current, "current");
    this.target = Objects.requireNonNull(target, "target");
    this.log = Objects.requireNonNull(log, "log");
  }

  void run() {
    List<String> wanted = userIndexes(source);
    List<String> present = new ArrayList<>(userIndexes(current));
    List<String> extra = present.stream().filter(index -> !containsSame(wanted, index)).toList();
    for (String index : extra) {
      JsonNode definition = InventoryJson.parse(index, "an index");
      // Drop by name when there is one: ids differ between clusters, names are what both share.
      String handle = definition.path("name").asText(definition.path("id").asText());
      log.run(Verb.DROP, "index " + handle + " of collection " + InventoryDatabaseSync.path(current),
          () -> target.dropIndex(current.database(), current.name(), handle));
      present.remove(index);
    }
    for (String index : wanted) {
      if (!containsSame(present, index)) {
        log.run(Verb.CREATE, "index " + describe(index) + " of collection " + InventoryDatabaseSync.path(source),
            () -> target.createIndex(source.database(), source.name(), index));
      }
    }
  }

  private static List<String> userIndexes(CollectionInfo collection) {
    return collection.indexes().stream().filter(index -> !InventoryDefinitions.isBuiltIn(index)).toList();
  }

  private static boolean containsSame(List<String> indexes, String index) {
    ObjectNode identity = InventoryDefinitions.indexIdentity(index);
    return indexes.stream().anyMatch(other -> InventoryJson.same(identity, InventoryDefinitions.indexIdentity(other)));
  }

  /** E.g. "by_region (persistent on [\"region\",\"name\"])". */
  private static String describe(String index) {
    JsonNode definition = InventoryJson.parse(index, "an index");
    return definition.path("name").asText("?") + " (" + definition.path("type").asText() + " on " + definition.path("fields") + ")";
  }
}
