package org.arangosync.core.internal.sync;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import org.arangosync.api.spi.store.CollectionInfo;
import org.arangosync.api.spi.store.ShardRef;
import org.arangosync.arangodb.ArangoClusterStore;
import org.arangosync.arangodb.ArangoConnection;
import org.arangosync.arangodb.ConnectionSettings;
import org.arangosync.minicluster.MiniCluster;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The structure part of a sync between two real (mini) clusters: the source's inventory read and
 * applied to the target, the target then read back independently and compared. Every test uses
 * its own databases, but each apply makes the whole target equal to the whole source, as the
 * receive-inventory task does.
 */
class InventoryApplierTest {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String SECRET = "inventory-secret";

  @TempDir static Path dir;
  private static MiniCluster sourceCluster;
  private static MiniCluster targetCluster;
  private static ArangoClusterStore source;
  private static ArangoClusterStore target;
  private static ArangoConnection sourceHttp;
  private static ArangoConnection targetHttp;

  private final InventoryApplier applier = new InventoryApplier();

  @BeforeAll
  static void startClusters() throws IOException {
    sourceCluster = MiniCluster.builder().dataDir(Files.createDirectories(dir.resolve("source"))).dbServers(2).jwtSecret(SECRET).start();
    targetCluster = MiniCluster.builder().dataDir(Files.createDirectories(dir.resolve("target"))).dbServers(2).jwtSecret(SECRET).start();
    source = new ArangoClusterStore(connect(sourceCluster));
    target = new ArangoClusterStore(connect(targetCluster));
    sourceHttp = connect(sourceCluster);
    targetHttp = connect(targetCluster);
  }

  @AfterAll
  static void stopClusters() throws Exception {
    for (AutoCloseable closeable : new AutoCloseable[] {source, target, sourceHttp, targetHttp, sourceCluster, targetCluster}) {
      if (closeable != null) {
        closeable.close();
      }
    }
  }

  private static ArangoConnection connect(MiniCluster cluster) {
    return ArangoConnection.open(ConnectionSettings.withJwtSecret(List.of(cluster.endpoint()), SECRET));
  }

  // ----------------------------------------------------------------------------------- helpers

  private static JsonNode call(ArangoConnection http, String method, String path, String body) {
    try {
      return http.json(method, path, body == null ? null : JSON.readTree(body), !method.equals("POST"));
    } catch (IOException e) {
      throw new IllegalArgumentException(body, e);
    }
  }

  private static void post(ArangoConnection http, String path, String body) {
    call(http, "POST", path, body);
  }

  private static void delete(ArangoConnection http, String path) {
    call(http, "DELETE", path, null);
  }

  private static JsonNode get(ArangoConnection http, String path) {
    return call(http, "GET", path, null);
  }

  private List<String> sync() {
    return applier.apply(Inventory.read(source), target);
  }

  /**
   * The lines about one database: the clusters are shared by the tests, so a sync also carries
   * what other tests changed at the source since.
   */
  private static List<String> about(String database, List<String> actions) {
    return actions.stream().filter(line -> line.contains(" " + database + "/") || line.endsWith("database " + database)).toList();
  }

  /**
   * What must be equal on both sides, computed here without the applier's helpers: per database
   * and collection its type, system flag, shards, shard keys, changeable properties and indexes
   * without server ids; views without ids.
   */
  private static Map<String, Object> structure(Inventory inventory, String database) {
    Inventory.Database db = inventory.database(database).orElseThrow(() -> new AssertionError("no database " + database));
    Map<String, Object> structure = new TreeMap<>();
    for (CollectionInfo collection : db.collections()) {
      JsonNode properties = parse(collection.properties());
      Map<String, Object> shape = new TreeMap<>();
      shape.put("type", collection.type());
      shape.put("system", collection.system());
      shape.put("numberOfShards", collection.numberOfShards());
      shape.put("shardKeys", collection.shardKeys());
      for (String property : List.of("waitForSync", "schema", "cacheEnabled", "computedValues", "replicationFactor", "writeConcern")) {
        shape.put(property, String.valueOf(properties.get(property)));
      }
      TreeSet<String> indexes = new TreeSet<>();
      for (String index : collection.indexes()) {
        ObjectNode definition = (ObjectNode) parse(index);
        definition.remove(List.of("id", "objectId", "selectivityEstimate", "figures", "isNewlyCreated"));
        indexes.add(definition.toString());
      }
      shape.put("indexes", indexes);
      structure.put("collection " + collection.name(), shape);
    }
    for (String view : db.views()) {
      ObjectNode definition = (ObjectNode) parse(view);
      definition.remove(List.of("id", "globallyUniqueId"));
      structure.put("view " + definition.path("name").asText(), definition.toString());
    }
    return structure;
  }

  private static JsonNode parse(String json) {
    try {
      return JSON.readTree(json);
    } catch (IOException e) {
      throw new IllegalArgumentException(json, e);
    }
  }

  private static void assertSameStructure(String... databases) {
    Inventory sourceInventory = Inventory.read(source);
    Inventory targetInventory = Inventory.read(target);
    assertThat(targetInventory.databases()).extracting(Inventory.Database::name)
        .containsExactlyElementsOf(sourceInventory.databases().stream().map(Inventory.Database::name).toList());
    for (String database : databases) {
      assertThat(structure(targetInventory, database)).as("database " + database).isEqualTo(structure(sourceInventory, database));
    }
  }

  // ------------------------------------------------------------------------------------- tests

  @Test
  void readsEveryDatabaseWithItsSystemCollectionsAndShards() {
    post(sourceHttp, "/_api/database", "{\"name\":\"read_db\"}");
    post(sourceHttp, "/_db/read_db/_api/collection", "{\"name\":\"spread\",\"numberOfShards\":3}");

    Inventory inventory = Inventory.read(source);
    assertThat(inventory.databases()).extracting(Inventory.Database::name).contains("_system", "read_db");
    assertThat(inventory.database("_system").orElseThrow().collections()).extracting(CollectionInfo::name)
        .contains("_users", "_graphs", "_analyzers", "_apps", "_jobs", "_queues");
    assertThat(inventory.database("read_db").orElseThrow().collection("_graphs").orElseThrow().system()).isTrue();
    assertThat(inventory.shards()).containsSubsequence(new ShardRef("read_db", "spread", 0), new ShardRef("read_db", "spread", 1),
        new ShardRef("read_db", "spread", 2));
    assertThat(Inventory.read(source).digest()).isEqualTo(inventory.digest());
  }

  @Test
  void anEmptyTargetGetsTheSourcesStructureAndASecondApplyDoesNothing() {
    post(sourceHttp, "/_api/database", "{\"name\":\"shop\"}");
    post(sourceHttp, "/_db/shop/_api/collection", "{\"name\":\"orders\",\"numberOfShards\":3,\"shardKeys\":[\"region\"],\"waitForSync\":true}");
    post(sourceHttp, "/_db/shop/_api/index?collection=orders",
        "{\"type\":\"persistent\",\"name\":\"by_region\",\"fields\":[\"region\",\"name\"],\"unique\":false}");
    post(sourceHttp, "/_db/shop/_api/collection", "{\"name\":\"links\",\"type\":3,\"numberOfShards\":2}");
    post(sourceHttp, "/_db/shop/_api/view",
        "{\"name\":\"search\",\"type\":\"arangosearch\",\"commitIntervalMsec\":1234,\"links\":{\"orders\":{\"includeAllFields\":true}}}");

    List<String> actions = about("shop", sync());

    assertThat(actions).contains("created database shop",
        "created collection shop/orders (3 shards, shardKeys [region], 1 index)",
        "created collection shop/links (2 shards, edge)",
        "created view shop/search");
    assertThat(actions).noneMatch(line -> line.startsWith("dropped") || line.startsWith("warning"));
    assertSameStructure("_system", "shop");
    // Independently through the HTTP API as well.
    JsonNode orders = get(targetHttp, "/_db/shop/_api/collection/orders/properties");
    assertThat(orders.path("numberOfShards").asInt()).isEqualTo(3);
    assertThat(orders.path("shardKeys").toString()).isEqualTo("[\"region\"]");
    assertThat(orders.path("waitForSync").asBoolean()).isTrue();
    assertThat(get(targetHttp, "/_db/shop/_api/collection/links/properties").path("type").asInt()).isEqualTo(3);
    assertThat(get(targetHttp, "/_db/shop/_api/index?collection=orders").path("indexes").findValuesAsText("name")).contains("by_region");
    assertThat(get(targetHttp, "/_db/shop/_api/view/search/properties").path("commitIntervalMsec").asInt()).isEqualTo(1234);

    assertThat(sync()).isEmpty();
    assertThat(Inventory.read(target).database("shop").orElseThrow().collections())
        .extracting(CollectionInfo::name).contains("_graphs", "_apps", "links", "orders");
  }

  @Test
  void dropsAtTheSourceReachTheTarget() {
    post(sourceHttp, "/_api/database", "{\"name\":\"doomed\"}");
    post(sourceHttp, "/_api/database", "{\"name\":\"keep\"}");
    post(sourceHttp, "/_db/keep/_api/collection", "{\"name\":\"old\"}");
    post(sourceHttp, "/_db/keep/_api/collection", "{\"name\":\"kept\"}");
    post(sourceHttp, "/_db/keep/_api/index?collection=kept", "{\"type\":\"persistent\",\"name\":\"by_x\",\"fields\":[\"x\"]}");
    post(sourceHttp, "/_db/keep/_api/view", "{\"name\":\"v\",\"type\":\"arangosearch\"}");
    sync();
    assertSameStructure("keep", "doomed");

    delete(sourceHttp, "/_api/database/doomed");
    delete(sourceHttp, "/_db/keep/_api/collection/old");
    delete(sourceHttp, "/_db/keep/_api/index/kept/by_x");
    delete(sourceHttp, "/_db/keep/_api/view/v");
    List<String> actions = sync();

    assertThat(actions).containsExactlyInAnyOrder("dropped database doomed", "dropped collection keep/old",
        "dropped index by_x of collection keep/kept", "dropped view keep/v");
    assertThat(actions.get(actions.size() - 1)).as("databases are dropped last").isEqualTo("dropped database doomed");
    assertSameStructure("keep");
    assertThat(targetHttp.exchange("GET", null, "/_db/keep/_api/collection/old", null, true).status()).isEqualTo(404);
    assertThat(targetHttp.exchange("GET", null, "/_db/keep/_api/view/v", null, true).status()).isEqualTo(404);
    assertThat(sync()).isEmpty();
  }

  @Test
  void aTargetCollectionWithOtherShardingOrTypeIsRecreatedWithTheViewsLinkingIt() {
    post(sourceHttp, "/_api/database", "{\"name\":\"reshard\"}");
    post(sourceHttp, "/_db/reshard/_api/collection", "{\"name\":\"c\",\"numberOfShards\":3}");
    post(sourceHttp, "/_db/reshard/_api/collection", "{\"name\":\"e\",\"type\":3}");
    post(sourceHttp, "/_db/reshard/_api/view", "{\"name\":\"vc\",\"type\":\"arangosearch\",\"links\":{\"c\":{}}}");
    // The target was written to on its own: other sharding, a document collection instead of edges.
    post(targetHttp, "/_api/database", "{\"name\":\"reshard\"}");
    post(targetHttp, "/_db/reshard/_api/collection", "{\"name\":\"c\",\"numberOfShards\":2}");
    post(targetHttp, "/_db/reshard/_api/collection", "{\"name\":\"e\"}");
    post(targetHttp, "/_db/reshard/_api/view", "{\"name\":\"vc\",\"type\":\"arangosearch\",\"links\":{\"c\":{}}}");
    post(targetHttp, "/_db/reshard/_api/document/c", "{\"_key\":\"written-in-the-target\"}");

    List<String> actions = about("reshard", sync());

    assertThat(actions).containsSubsequence(
        "dropped view reshard/vc to recreate it (it links a collection that is recreated or dropped)",
        "dropped collection reshard/c to recreate it (numberOfShards 2 instead of 3)",
        "created collection reshard/c (3 shards)",
        "created view reshard/vc");
    assertThat(actions).contains("dropped collection reshard/e to recreate it (type 2 instead of 3)",
        "created collection reshard/e (1 shard, edge)");
    assertSameStructure("reshard");
    assertThat(get(targetHttp, "/_db/reshard/_api/collection/c/properties").path("numberOfShards").asInt()).isEqualTo(3);
    assertThat(get(targetHttp, "/_db/reshard/_api/collection/e/properties").path("type").asInt()).isEqualTo(3);
    assertThat(get(targetHttp, "/_db/reshard/_api/collection/c/count").path("count").asInt()).as("target writes are lost").isZero();
    assertThat(sync()).isEmpty();
  }

  @Test
  void changedPropertiesAreAlteredAndChangedIndexesReplaced() {
    post(sourceHttp, "/_api/database", "{\"name\":\"tuned\"}");
    post(sourceHttp, "/_db/tuned/_api/collection", "{\"name\":\"p\",\"cacheEnabled\":true}");
    post(sourceHttp, "/_db/tuned/_api/index?collection=p", "{\"type\":\"persistent\",\"name\":\"by_a\",\"fields\":[\"a\",\"b\"]}");
    post(targetHttp, "/_api/database", "{\"name\":\"tuned\"}");
    post(targetHttp, "/_db/tuned/_api/collection", "{\"name\":\"p\",\"waitForSync\":true}");
    post(targetHttp, "/_db/tuned/_api/index?collection=p", "{\"type\":\"persistent\",\"name\":\"by_a\",\"fields\":[\"a\"]}");
    post(targetHttp, "/_db/tuned/_api/index?collection=p", "{\"type\":\"persistent\",\"name\":\"extra\",\"fields\":[\"z\"]}");

    List<String> actions = about("tuned", sync());

    assertThat(actions).containsExactly("changed properties waitForSync, cacheEnabled of collection tuned/p",
        "dropped index by_a of collection tuned/p", "dropped index extra of collection tuned/p",
        "created index by_a (persistent on [\"a\",\"b\"]) of collection tuned/p");
    assertSameStructure("tuned");
    assertThat(get(targetHttp, "/_db/tuned/_api/collection/p/properties").path("waitForSync").asBoolean()).isFalse();
    assertThat(sync()).isEmpty();
  }

  @Test
  void systemCollectionsAreNeverDropped() {
    post(sourceHttp, "/_api/database", "{\"name\":\"sys\"}");
    sync();
    // The source loses a system collection; the target has one of its own and one sharded otherwise.
    delete(sourceHttp, "/_db/sys/_api/collection/_apps?isSystem=true");
    post(targetHttp, "/_db/sys/_api/collection", "{\"name\":\"_own\",\"isSystem\":true}");
    delete(targetHttp, "/_db/sys/_api/collection/_queues?isSystem=true");
    post(targetHttp, "/_db/sys/_api/collection", "{\"name\":\"_queues\",\"isSystem\":true,\"numberOfShards\":2}");

    try {
      List<String> actions = about("sys", sync());

      assertThat(actions).singleElement().asString().startsWith("warning: system collection sys/_queues has numberOfShards 2 instead of 1");
      assertThat(Inventory.read(target).database("sys").orElseThrow().collections()).extracting(CollectionInfo::name)
          .contains("_apps", "_own", "_queues");
      assertThat(get(targetHttp, "/_db/sys/_api/collection/_queues/properties").path("numberOfShards").asInt()).isEqualTo(2);
      assertThat(about("sys", sync())).as("only the warning again").isEqualTo(actions);
    } finally {
      // The warning would come with every later sync of the shared clusters: leave no such database.
      delete(sourceHttp, "/_api/database/sys");
      sync();
    }
  }

  @Test
  void aRefusedActionNamesItsObjectAndKeepsWhatWasDone() {
    Inventory read = Inventory.read(source);
    CollectionInfo broken = new CollectionInfo("broken", "c", "1", "c1", 2, false, 1, List.of("_key"), "{\"name\":\"c\"}",
        List.of("{\"type\":\"no-such-type\",\"name\":\"bad\",\"fields\":[\"x\"]}"));
    List<Inventory.Database> databases = new ArrayList<>(read.databases());
    databases.add(new Inventory.Database("broken", List.of(broken), List.of()));

    assertThatThrownBy(() -> applier.apply(new Inventory(databases), target))
        .isInstanceOfSatisfying(InventoryApplyException.class, e -> {
          assertThat(e.getMessage()).startsWith("could not create collection broken/c (1 shard, 1 index): ").contains("no-such-type");
          assertThat(e.actionsDone()).contains("created database broken");
        });
    assertThat(target.databases()).contains("broken");

    // Applying the real source again continues from there.
    assertThat(sync()).contains("dropped database broken");
    assertThat(target.databases()).doesNotContain("broken");
  }
}
