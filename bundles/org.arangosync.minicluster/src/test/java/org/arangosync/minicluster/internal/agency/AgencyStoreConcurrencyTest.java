package org.arangosync.minicluster.internal.agency;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** Many HTTP threads at once. */
class AgencyStoreConcurrencyTest extends AgencyTestSupport {

  private static final int THREADS = 4;
  private static final int INCREMENTS_PER_THREAD = 100;

  @Test
  void endsAtTheExactTotalWhenSeveralThreadsIncrementOneCounter() throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(THREADS + 1);
    CountDownLatch start = new CountDownLatch(1);
    Set<Long> indexes = ConcurrentHashMap.newKeySet();
    try {
      List<Future<?>> writers = new ArrayList<>();
      for (int t = 0; t < THREADS; t++) {
        writers.add(
            pool.submit(
                () -> {
                  start.await();
                  for (int i = 0; i < INCREMENTS_PER_THREAD; i++) {
                    WriteResult result = write("[[{'/counter': {'op': 'increment'}}]]");
                    indexes.add(result.results().get(0).asLong());
                  }
                  return null;
                }));
      }
      Future<?> reader =
          pool.submit(
              () -> {
                start.await();
                long previous = 0;
                // Stops with the pool too, so a failed writer cannot leave it spinning.
                while (previous < THREADS * INCREMENTS_PER_THREAD
                    && !Thread.currentThread().isInterrupted()) {
                  long seen = read("[['/counter']]").get(0).path("counter").asLong(0);
                  assertThat(seen).as("a reader never sees the counter go back").isGreaterThanOrEqualTo(previous);
                  previous = seen;
                }
                return null;
              });
      start.countDown();
      for (Future<?> writer : writers) {
        writer.get(60, TimeUnit.SECONDS);
      }
      reader.get(60, TimeUnit.SECONDS);
    } finally {
      pool.shutdownNow();
    }

    int total = THREADS * INCREMENTS_PER_THREAD;
    assertJson(read("[['/counter']]"), "[{'counter': " + total + "}]");
    assertThat(store.commitIndex()).isEqualTo(total);
    assertThat(indexes).hasSize(total).allMatch(index -> index >= 1 && index <= total);
    assertJson(reopen().read(json("[['/counter']]")), "[{'counter': " + total + "}]");
  }
}
