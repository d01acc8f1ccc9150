package org.arangosync.arangodb;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.arangosync.api.Tick;
import org.arangosync.api.spi.store.Change;
import org.arangosync.api.spi.store.CollectionInfo;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The write side of the cluster store: idempotent apply and structure changes. */
class ArangoClusterStoreWriteTest {

  private static TestCluster cluster;
  private static ArangoClusterStore store;
  private static ArangoConnection client;

  @BeforeAll
  static void start() throws Exception {
    cluster = TestCluster.start();
    store = new ArangoClusterStore(cluster.connect());
    client = cluster.connect();
  }

  @AfterAll
  static void stop() throws Exception {
    client.close();
    store.close();
    cluster.close();
  }

  private static Change upsert(String key, String json) {
    return new Change(Tick.ZERO, Change.DOCUMENT, "0", key, null, json.getBytes(StandardCharsets.UTF_8));
  }

  private static Change remove(String key) {
    return new Change(Tick.ZERO, Change.REMOVE, "0", key, null, null);
  }

  private static JsonNode get(String path) {
    return client.json("GET", path, null, true);
  }

  private static void post(String path, String json) {
    try {
      client.json("POST", path, new com.fasterxml.jackson.databind.ObjectMapper().readTree(json), false);
    } catch (java.io.IOException e) {
      throw new IllegalArgumentException(json, e);
    }
  }

  private static int count(String database, String collection) {
    return get("/_db/" + database + "/_api/collection/" + collection + "/count").path("count").asInt();
  }

  @Test
  void createsStructureLikeTheSourceAndToleratesRepeats() {
    post("/_api/collection", "{\"name\":\"src_shaped\",\"numberOfShards\":3,\"shardKeys\":[\"region\"]}");
    post("/_api/index?collection=src_shaped", "{\"type\":\"persistent\",\"unique\":false,\"fields\":[\"region\",\"name\"]}");
    CollectionInfo source = store.collections("_system").stream().filter(c -> c.name().equals("src_shaped")).findFirst().orElseThrow();

    store.createDatabase("target_db");
    store.createDatabase("target_db");
    CollectionInfo target = new CollectionInfo("target_db", source.name(), source.id(), source.globallyUniqueId(), source.type(),
        source.system(), source.numberOfShards(), source.shardKeys(), source.properties(), source.indexes());
    store.createCollection(target);
    store.createCollection(target);

    JsonNode properties = get("/_db/target_db/_api/collection/src_shaped/properties");
    assertThat(properties.path("numberOfShards").asInt()).isEqualTo(3);
    assertThat(properties.path("shardKeys").toString()).isEqualTo("[\"region\"]");
    assertThat(get("/_db/target_db/_api/index?collection=src_shaped").path("indexes").toString()).contains("\"region\",\"name\"");

    store.dropCollection("target_db", "src_shaped");
    store.dropCollection("target_db", "src_shaped");
    store.dropDatabase("target_db");
    store.dropDatabase("target_db");
    assertThat(store.databases()).doesNotContain("target_db");
  }

  @Test
  void copiesViewsByDefinitionAndToleratesRepeats() {
    post("/_api/view", "{\"name\":\"search_src\",\"type\":\"arangosearch\",\"commitIntervalMsec\":1234}");
    String definition = store.views("_system").stream().filter(v -> v.contains("\"search_src\"")).findFirst().orElseThrow();
    store.createDatabase("views_target");
    store.createView("views_target", definition);
    store.createView("views_target", definition);
    assertThat(store.views("views_target")).singleElement().asString().contains("\"commitIntervalMsec\":1234");
    store.dropView("views_target", "search_src");
    store.dropView("views_target", "search_src");
    assertThat(store.views("views_target")).isEmpty();
    store.dropDatabase("views_target");
  }

  @Test
  void altersCollectionsDropsIndexesAndManagesUsers() {
    post("/_api/collection", "{\"name\":\"altered\"}");
    post("/_api/index?collection=altered", "{\"type\":\"persistent\",\"fields\":[\"x\"],\"name\":\"by_x\"}");
    store.alterCollection("_system", "altered", "{\"waitForSync\":true,\"name\":\"ignored\",\"numberOfShards\":9}");
    assertThat(get("/_api/collection/altered/properties").path("waitForSync").asBoolean()).isTrue();
    store.dropIndex("_system", "altered", "by_x");
    store.dropIndex("_system", "altered", "by_x");
    assertThat(get("/_api/index?collection=altered").path("indexes").toString()).doesNotContain("by_x");
    // A cluster refuses renames, as ArangoDB does.
    assertThatThrownBy(() -> store.renameCollection("_system", "altered", "renamed")).isInstanceOf(ArangoException.class);

    store.saveUser("carol", "first", true, java.util.Map.of("_system", "ro", "_system/altered", "rw"));
    store.saveUser("carol", "second", true, java.util.Map.of());
    try (ArangoConnection carol = ArangoConnection.open(ConnectionSettings.withUser(cluster.settings().endpoints(), "carol", "second"))) {
      assertThat(carol.json("GET", "/_api/collection/altered/properties", null, true).path("name").asText()).isEqualTo("altered");
      assertThat(carol.exchange("POST", null, "/_api/collection", "{\"name\":\"nope\"}".getBytes(StandardCharsets.UTF_8), false)
          .status()).isEqualTo(403);
    }
    store.dropUser("carol");
    store.dropUser("carol");
    assertThat(client.exchange("GET", null, "/_api/user/carol", null, true).status()).isEqualTo(404);
  }

  @Test
  void appliesUpsertsAndRemovalsIdempotentlyInOrder() {
    post("/_api/collection", "{\"name\":\"applied\",\"numberOfShards\":2}");
    List<Change> changes = List.of(
        upsert("a", "{\"_key\":\"a\",\"_id\":\"src/a\",\"_rev\":\"_old\",\"v\":1}"),
        upsert("b", "{\"_key\":\"b\",\"v\":1}"),
        remove("never-there"),
        upsert("a", "{\"_key\":\"a\",\"v\":2}"),
        remove("b"),
        upsert("c", "{\"_key\":\"c\",\"v\":3}"));
    store.apply("_system", "applied", changes);
    store.apply("_system", "applied", changes);
    assertThat(count("_system", "applied")).isEqualTo(2);
    assertThat(get("/_api/document/applied/a").path("v").asInt()).isEqualTo(2);
    assertThat(get("/_api/document/applied/c").path("v").asInt()).isEqualTo(3);
  }

  @Test
  void appliesASourceTransactionAllOrNothing() {
    post("/_api/collection", "{\"name\":\"atomic\"}");
    store.applyAtomically("_system", "atomic", List.of(upsert("t1", "{\"_key\":\"t1\"}"), upsert("t2", "{\"_key\":\"t2\"}")));
    assertThat(count("_system", "atomic")).isEqualTo(2);

    assertThatThrownBy(() -> store.applyAtomically("_system", "atomic",
        List.of(upsert("t3", "{\"_key\":\"t3\"}"), upsert("bad", "{\"_key\":\"no spaces allowed\"}"))))
        .isInstanceOfSatisfying(ArangoException.class, e -> assertThat(e.errorNum()).isEqualTo(1221));
    assertThat(count("_system", "atomic")).isEqualTo(2);
    assertThat(client.exchange("GET", null, "/_api/document/atomic/t3", null, true).status()).isEqualTo(404);
  }
}
