package org.arangosync.minicluster.internal.storage;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.arangosync.minicluster.internal.http.Json;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Old WAL really disappears after the retention time, and tailing from it says so. */
class WalRetentionTest {

  @TempDir Path dir;

  @Test
  void ticksOlderThanTheRetentionDisappearAndTailingReportsFromPresentFalse() throws Exception {
    try (Store store = new Store(dir, new RocksEngine.WalRetention(Duration.ofSeconds(1), 0))) {
      Collection c = store.createCollection("_system", (ObjectNode) Json.parse("{\"name\":\"c\"}".getBytes(StandardCharsets.UTF_8)));
      store.documents().insert(c, List.of(Json.parse("{\"_key\":\"first\"}".getBytes(StandardCharsets.UTF_8))),
          Documents.Options.defaults(), false);
      long oldTick = store.engine().latestSequence();
      WalReader wal = new WalReader(store.engine());
      assertThat(wal.tail(0, Long.MAX_VALUE, 1 << 20, header -> true, WalReader.Format.WAL).fromPresent()).isTrue();

      // Each round writes, then flushes the memtables so the WAL file that holds the old ticks becomes
      // obsolete; RocksDB archives it and deletes it once it is older than the retention time.
      Awaitility.await("the WAL holding tick " + oldTick + " to be purged")
          .atMost(Duration.ofSeconds(60))
          .pollInterval(Duration.ofMillis(250))
          .until(() -> {
            store.documents().insert(c, List.of(Json.object()), Documents.Options.defaults(), false);
            store.engine().flush();
            return wal.firstTick() > oldTick;
          });

      WalReader.Tail tail = wal.tail(1, Long.MAX_VALUE, 1 << 20, header -> true, WalReader.Format.WAL);
      assertThat(tail.fromPresent()).isFalse();
      WalReader.Tail recent = wal.tail(wal.firstTick() - 1, Long.MAX_VALUE, 1 << 20, header -> true, WalReader.Format.WAL);
      assertThat(recent.fromPresent()).isTrue();
      assertThat(store.documents().read(c, "first")).isNotNull(); // the data is in the SST files, only the WAL went
    }
  }
}
