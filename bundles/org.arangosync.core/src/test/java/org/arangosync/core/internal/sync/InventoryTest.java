package org.arangosync.core.internal.sync;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.arangosync.api.spi.store.CollectionInfo;
import org.arangosync.api.spi.store.ShardRef;
import org.junit.jupiter.api.Test;

/** The inventory as a value: its wire form, digest and shard list (no cluster needed). */
class InventoryTest {

  private static final ObjectMapper JSON = new ObjectMapper();

  private static final String BY_REGION = "{\"id\":\"117\",\"type\":\"persistent\",\"name\":\"by_region\",\"fields\":[\"region\",\"name\"],"
      + "\"unique\":false,\"sparse\":false}";

  private static CollectionInfo collection(String database, String name, int type, int shards, List<String> indexes) {
    String properties = "{\"name\":\"" + name + "\",\"type\":" + type + ",\"numberOfShards\":" + shards
        + ",\"waitForSync\":false,\"schema\":null,\"keyOptions\":{\"type\":\"traditional\",\"allowUserKeys\":true},"
        + "\"replicationFactor\":1,\"big\":5368709120,\"ratio\":0.25}";
    return new CollectionInfo(database, name, "10" + name.length(), "c" + name, type, name.startsWith("_"), shards,
        List.of("region"), properties, indexes);
  }

  private static Inventory sample(List<String> ordersIndexes) {
    return new Inventory(List.of(
        new Inventory.Database("shop", List.of(
            collection("shop", "orders", 2, 3, ordersIndexes),
            collection("shop", "links", 3, 2, List.of())),
            List.of("{\"name\":\"search\",\"type\":\"arangosearch\",\"id\":\"9\",\"links\":{\"orders\":{\"includeAllFields\":true}}}")),
        new Inventory.Database("_system", List.of(collection("_system", "_users", 2, 1, List.of())), List.of())));
  }

  @Test
  void roundTripsThroughJsonExactly() throws Exception {
    Inventory inventory = sample(List.of(BY_REGION));
    byte[] json = inventory.toJson();

    Inventory back = Inventory.fromJson(json);
    assertThat(back).isEqualTo(inventory);
    assertThat(back.toJson()).isEqualTo(json);
    assertThat(back.digest()).isEqualTo(inventory.digest());

    // Self-describing: version, databases sorted by name, definitions embedded as objects.
    JsonNode tree = JSON.readTree(json);
    assertThat(tree.path("version").asInt()).isEqualTo(1);
    assertThat(tree.path("databases").findValuesAsText("name")).startsWith("_system");
    JsonNode orders = tree.path("databases").get(1).path("collections").get(1);
    assertThat(orders.path("name").asText()).isEqualTo("orders");
    assertThat(orders.path("type").asInt()).isEqualTo(2);
    assertThat(orders.path("numberOfShards").asInt()).isEqualTo(3);
    assertThat(orders.path("shardKeys").get(0).asText()).isEqualTo("region");
    assertThat(orders.path("properties").path("big").asLong()).isEqualTo(5368709120L);
    assertThat(orders.path("indexes").get(0).path("fields").toString()).isEqualTo("[\"region\",\"name\"]");
    assertThat(tree.path("databases").get(1).path("views").get(0).path("links").has("orders")).isTrue();
    assertThat(back.database("shop").orElseThrow().collection("links").orElseThrow().type()).isEqualTo(3);
  }

  @Test
  void refusesANewerVersionWithAClearMessage() throws Exception {
    ObjectNode tree = (ObjectNode) JSON.readTree(sample(List.of()).toJson());
    tree.put("version", 2);
    assertThatThrownBy(() -> Inventory.fromJson(JSON.writeValueAsBytes(tree)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("inventory version 2 is newer")
        .hasMessageContaining("upgrade arangosync");
    assertThatThrownBy(() -> Inventory.fromJson("{\"databases\":[]}".getBytes(StandardCharsets.UTF_8)))
        .hasMessageContaining("version");
    assertThatThrownBy(() -> Inventory.fromJson("not json".getBytes(StandardCharsets.UTF_8)))
        .hasMessageContaining("must be JSON");
  }

  @Test
  void ignoresUnknownFieldsOfTheSameVersion() throws Exception {
    Inventory inventory = sample(List.of(BY_REGION));
    ObjectNode tree = (ObjectNode) JSON.readTree(inventory.toJson());
    tree.put("sentBy", "dc-a");
    assertThat(Inventory.fromJson(JSON.writeValueAsBytes(tree))).isEqualTo(inventory);
  }

  @Test
  void digestChangesWhenAnIndexIsAddedAndNotWhenOnlyFieldOrderDiffers() {
    Inventory without = sample(List.of());
    Inventory with = sample(List.of(BY_REGION));
    assertThat(with.digest()).hasSize(64).isNotEqualTo(without.digest());

    String reordered = "{\"sparse\":false,\"unique\":false,\"fields\":[\"region\",\"name\"],\"name\":\"by_region\",\"type\":\"persistent\","
        + "\"id\":\"117\"}";
    assertThat(sample(List.of(reordered)).digest()).isEqualTo(with.digest());
    assertThat(sample(List.of(reordered))).isEqualTo(with);
  }

  @Test
  void listsEveryShardInAStableOrder() {
    assertThat(sample(List.of()).shards()).containsExactly(
        new ShardRef("_system", "_users", 0),
        new ShardRef("shop", "links", 0),
        new ShardRef("shop", "links", 1),
        new ShardRef("shop", "orders", 0),
        new ShardRef("shop", "orders", 1),
        new ShardRef("shop", "orders", 2));
  }

  @Test
  void refusesDuplicateNamesAndMisplacedCollections() {
    CollectionInfo orders = collection("shop", "orders", 2, 1, List.of());
    assertThatThrownBy(() -> new Inventory.Database("shop", List.of(orders, orders), List.of()))
        .hasMessageContaining("collection orders twice");
    assertThatThrownBy(() -> new Inventory.Database("other", List.of(orders), List.of()))
        .hasMessageContaining("shop/orders listed in database other");
  }
}
