package org.arangosync.core.internal.sync;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.arangosync.api.spi.store.CollectionInfo;

/**
 * How the applier compares structure of two clusters: what identifies an index or a view
 * (its definition less what the server assigns), what must match for shards to map 1:1, and which
 * properties can be changed in place.
 */
final class InventoryDefinitions {

  /**
   * Index fields a server assigns or reports about its own copy (ids, estimates, figures) or that
   * only steer creation ({@code inBackground}): they differ between clusters for the same index.
   */
  static final List<String> SERVER_ASSIGNED_INDEX_FIELDS = List.of("id", "objectId", "selectivityEstimate", "figures",
      "isNewlyCreated", "error", "code", "errorNum", "errorMessage", "inBackground", "progress", "isBuilding");

  /** View fields a server assigns: ids differ between clusters for the same view. */
  static final List<String> SERVER_ASSIGNED_VIEW_FIELDS = List.of("id", "globallyUniqueId", "planId", "error", "code");

  /** The collection properties {@code alterCollection} changes in place. */
  static final List<String> CHANGEABLE_PROPERTIES = List.of("waitForSync", "schema", "cacheEnabled", "computedValues",
      "replicationFactor", "writeConcern");

  /** The indexes every collection has by itself; they are never created or dropped. */
  private static final Set<String> BUILT_IN_INDEX_TYPES = Set.of("primary", "edge");

  private InventoryDefinitions() {}

  /** What identifies an index across clusters. */
  static ObjectNode indexIdentity(String definition) {
    return InventoryJson.without(definition, SERVER_ASSIGNED_INDEX_FIELDS, "an index definition");
  }

  static boolean isBuiltIn(String indexDefinition) {
    return BUILT_IN_INDEX_TYPES.contains(InventoryJson.parse(indexDefinition, "an index definition").path("type").asText());
  }

  /** What identifies a view across clusters. */
  static ObjectNode viewIdentity(String definition) {
    return InventoryJson.without(definition, SERVER_ASSIGNED_VIEW_FIELDS, "a view definition");
  }

  /**
   * Why the target collection cannot hold the source's shards 1:1 (type, numberOfShards or
   * shardKeys differ), e.g. "numberOfShards 2 instead of 3"; null when they can.
   */
  static String shapeDifference(CollectionInfo source, CollectionInfo target) {
    List<String> differences = new ArrayList<>();
    if (source.type() != target.type()) {
      differences.add("type " + target.type() + " instead of " + source.type());
    }
    if (source.numberOfShards() != target.numberOfShards()) {
      differences.add("numberOfShards " + target.numberOfShards() + " instead of " + source.numberOfShards());
    }
    if (!source.shardKeys().equals(target.shardKeys())) {
      differences.add("shardKeys " + target.shardKeys() + " instead of " + source.shardKeys());
    }
    return differences.isEmpty() ? null : String.join(", ", differences);
  }

  /**
   * The changeable properties the source states and the target has otherwise: only keys present
   * in the source's properties count, so a property one side does not report is left alone.
   */
  static ObjectNode changedProperties(CollectionInfo source, CollectionInfo target) {
    JsonNode wanted = InventoryJson.parse(source.properties(), "the properties of " + source.name());
    JsonNode present = InventoryJson.parse(target.properties(), "the properties of " + target.name());
    ObjectNode changes = InventoryJson.MAPPER.createObjectNode();
    for (String property : CHANGEABLE_PROPERTIES) {
      if (wanted.has(property) && !InventoryJson.same(wanted.get(property), present.get(property))) {
        changes.set(property, wanted.get(property));
      }
    }
    return changes;
  }

  /**
   * The collections a view links: an arangosearch view's {@code links} keys, a search-alias
   * view's {@code indexes[].collection}. Dropping a linked collection changes the view, so such
   * views are dropped first and recreated after.
   */
  static Set<String> linkedCollections(String viewDefinition) {
    JsonNode view = InventoryJson.parse(viewDefinition, "a view definition");
    Set<String> linked = new LinkedHashSet<>();
    view.path("links").fieldNames().forEachRemaining(linked::add);
    view.path("indexes").forEach(index -> {
      if (index.hasNonNull("collection")) {
        linked.add(index.get("collection").asText());
      }
    });
    return linked;
  }
}
