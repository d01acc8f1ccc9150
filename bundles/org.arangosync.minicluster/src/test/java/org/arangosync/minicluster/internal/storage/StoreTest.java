package org.arangosync.minicluster.internal.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.arangosync.minicluster.internal.http.ArangoError;
import org.arangosync.minicluster.internal.http.Json;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StoreTest {

  @TempDir Path dir;

  private static ObjectNode json(String text) {
    return (ObjectNode) Json.parse(text.getBytes(StandardCharsets.UTF_8));
  }

  private static List<JsonNode> lines(WalReader.Tail tail) {
    List<JsonNode> lines = new ArrayList<>();
    for (String line : new String(tail.body(), StandardCharsets.UTF_8).split("\n")) {
      if (!line.isEmpty()) {
        lines.add(Json.parse(line.getBytes(StandardCharsets.UTF_8)));
      }
    }
    return lines;
  }

  @Test
  void everyChangeIsAMarkerWhoseTickIsItsRocksDbSequenceNumber() throws Exception {
    try (Store store = new Store(dir, RocksEngine.WalRetention.DEFAULT)) {
      long before = store.engine().latestSequence();
      Collection products = store.createCollection("_system", json("{\"name\":\"products\"}"));
      store.documents().insert(products, List.of(json("{\"_key\":\"a\",\"x\":1}")), Documents.Options.defaults(), false);
      store.documents().insert(products, List.of(json("{\"x\":2}"), json("{\"x\":3}")), Documents.Options.defaults(), true);
      store.documents().remove(products, List.of(Json.NODES.textNode("a")), Documents.Options.defaults(), false);
      store.dropCollection("_system", "products", false);

      WalReader.Tail tail = new WalReader(store.engine()).tail(before, Long.MAX_VALUE, 1 << 20, header -> true, WalReader.Format.WAL);
      List<Integer> types = new ArrayList<>();
      List<Long> ticks = new ArrayList<>();
      for (JsonNode line : lines(tail)) {
        types.add(line.get("type").asInt());
        ticks.add(Long.parseLong(line.get("tick").asText()));
      }
      assertThat(types).containsExactly(2000, 2300, 2200, 2300, 2300, 2201, 2302, 2001);
      assertThat(ticks).isSorted().doesNotHaveDuplicates();
      assertThat(ticks.get(ticks.size() - 1)).isLessThanOrEqualTo(tail.lastTick());
      JsonNode firstInsert = lines(tail).get(1);
      assertThat(firstInsert.get("data").get("_id").asText()).isEqualTo("products/a");
      assertThat(firstInsert.get("tid").asText()).isEqualTo("0");
      assertThat(lines(tail).get(3).get("tid").asText()).isEqualTo(lines(tail).get(2).get("tid").asText()).isNotEqualTo("0");
      assertThat(tail.fromPresent()).isTrue();
    }
  }

  @Test
  void documentsCountsAndIdsSurviveARestart() throws Exception {
    long lastKey;
    try (Store store = new Store(dir, RocksEngine.WalRetention.DEFAULT)) {
      Collection products = store.createCollection("_system", json("{\"name\":\"products\"}"));
      List<Documents.Outcome> outcomes = store.documents().insert(products,
          List.of(json("{\"v\":1}"), json("{\"v\":2}")), Documents.Options.defaults(), true);
      lastKey = Long.parseLong(outcomes.get(1).result().get("_key").asText());
      store.createDatabase("other");
    }
    try (Store store = new Store(dir, RocksEngine.WalRetention.DEFAULT)) {
      Collection products = store.collection("_system", "products");
      assertThat(products.documentCount()).isEqualTo(2);
      assertThat(store.databaseNames()).containsExactly("_system", "other");
      assertThat(store.database("other").collection("_graphs")).isNotNull();
      String key = store.documents().insert(products, List.of(json("{\"v\":3}")), Documents.Options.defaults(), false)
          .get(0).result().get("_key").asText();
      assertThat(Long.parseLong(key)).isGreaterThan(lastKey);
      assertThat(store.documents().read(products, Long.toString(lastKey)).get("v").asInt()).isEqualTo(2);
    }
  }

  @Test
  void refusesDuplicatesAndStaleRevisionsAndKeepsUniqueIndexes() throws Exception {
    try (Store store = new Store(dir, RocksEngine.WalRetention.DEFAULT)) {
      Collection c = store.createCollection("_system", json("{\"name\":\"c\"}"));
      Documents docs = store.documents();
      docs.insert(c, List.of(json("{\"_key\":\"k\",\"a\":1}")), Documents.Options.defaults(), false);
      Documents.Outcome duplicate = docs.insert(c, List.of(json("{\"_key\":\"k\"}")), Documents.Options.defaults(), false).get(0);
      assertThat(duplicate.error().errorNum()).isEqualTo(ArangoError.UNIQUE_CONSTRAINT_VIOLATED);
      Documents.Options stale = new Documents.Options(false, false, false, false, null, true, true, true, "_stale---");
      Documents.Outcome conflict = docs.replace(c, List.of(json("{\"a\":2}")), List.of("k"), stale, false).get(0);
      assertThat(conflict.error().httpStatus()).isEqualTo(412);
      assertThat(conflict.current()).isEqualTo(docs.read(c, "k").get("_rev").asText());
      Documents.Outcome patched = docs.update(c, List.of(json("{\"b\":{\"x\":1}}")), List.of("k"), Documents.Options.defaults(), false).get(0);
      assertThat(patched.result().get("_oldRev")).isNotNull();
      assertThat(docs.read(c, "k").get("a").asInt()).isEqualTo(1);
      assertThat(docs.read(c, "k").get("b").get("x").asInt()).isEqualTo(1);
      assertThatThrownBy(() -> store.createCollection("_system", json("{\"name\":\"c\"}")))
          .isInstanceOf(ArangoError.class).hasMessageContaining("duplicate name");
    }
  }

  @Test
  void tailingInSmallChunksYieldsExactlyTheMarkersOfOneTail() throws Exception {
    try (Store store = new Store(dir, RocksEngine.WalRetention.DEFAULT); WalReader wal = new WalReader(store.engine())) {
      long start = store.engine().latestSequence();
      Collection c = store.createCollection("_system", json("{\"name\":\"chunks\"}"));
      for (int round = 0; round < 20; round++) {
        List<JsonNode> documents = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
          documents.add(json("{\"round\":" + round + ",\"i\":" + i + "}"));
        }
        store.documents().insert(c, documents, Documents.Options.defaults(), true);
      }
      List<JsonNode> whole = lines(wal.tail(start, Long.MAX_VALUE, 1 << 30, header -> true, WalReader.Format.WAL));

      List<JsonNode> chunked = new ArrayList<>();
      long from = start;
      int requests = 0;
      while (true) {
        WalReader.Tail tail = wal.tail(from, Long.MAX_VALUE, 2000, header -> true, WalReader.Format.WAL);
        chunked.addAll(lines(tail));
        requests++;
        if (!tail.checkMore()) {
          break;
        }
        from = tail.lastIncluded();
      }
      assertThat(requests).isGreaterThan(20);
      assertThat(chunked).hasSize(whole.size()).hasSize(1 + 20 * 52);
      for (int i = 0; i < whole.size(); i++) {
        assertThat(chunked.get(i)).isEqualTo(whole.get(i));
      }
    }
  }

  @Test
  void encodesRevisionsLikeArangoDb() {
    assertThat(Revisions.decode("_gky3fka--_")).isEqualTo(1776339754551345153L);
    assertThat(Revisions.encode(1776339754551345153L)).isEqualTo("_gky3fka--_");
    Revisions revisions = new Revisions(() -> 1694049601127L);
    long first = revisions.next();
    assertThat(Revisions.encode(first)).isEqualTo("_gky3fka---");
    assertThat(revisions.next()).isGreaterThan(first);
  }
}
