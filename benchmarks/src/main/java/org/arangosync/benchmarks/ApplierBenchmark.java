package org.arangosync.benchmarks;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.ByteArrayOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import org.arangosync.api.spi.replication.ReplicationEndpoint;
import org.arangosync.arangodb.ArangoReplicationConnector;
import org.arangosync.core.replication.Applier;
import org.arangosync.minicluster.MiniCluster;

/**
 * The leader/follower applier against the seed's figures: the seed shows 50,000 documents applied
 * with {@code totalApplyTime} 1.107 s. Measured here, between two mini cluster single servers in
 * this JVM:
 * <ol>
 *   <li>the leader's raw write rate (arrays of {@value #WRITE_BATCH} documents over HTTP);
 *   <li>{@code make-follower} of {@code documents} documents: wall time, apply and fetch time;
 *   <li>tailing while a writer keeps writing: docs/s until the follower caught up, as a ratio to the
 *       writer's own rate in the same phase;
 *   <li>catching up on a backlog written while the applier was stopped: the tailing rate alone,
 *       as a ratio to the raw write rate of phase 1.
 * </ol>
 * Goals (issue 6): initial sync of 50,000 documents under 1 s; tailing at least 0.8 of the raw
 * write rate. Every phase checks that the follower holds exactly what the leader holds.
 *
 * <p>Arguments: documents of the initial sync (default 50,000), documents of the tailing phases
 * (default 200,000), the report path.
 */
public final class ApplierBenchmark {

  private static final int DOCUMENT_BYTES = 200;
  private static final int WRITE_BATCH = 1000;
  private static final ObjectMapper JSON = new ObjectMapper();

  private ApplierBenchmark() {}

  public static void main(String[] arguments) throws Exception {
    int initial = arguments.length > 0 && !arguments[0].isBlank() ? Integer.parseInt(arguments[0]) : 50_000;
    int tailing = arguments.length > 1 && !arguments[1].isBlank() ? Integer.parseInt(arguments[1]) : 200_000;
    Path report = Path.of(arguments.length > 2 ? arguments[2] : "benchmarks/target/applier-report.md");
    DocumentSet documents = DocumentSet.generate(initial + 2 * tailing + 20_000, DOCUMENT_BYTES);
    Path dataDir = Files.createTempDirectory("applier-benchmark");
    Instant started = Instant.now();
    StringBuilder rows = new StringBuilder();
    try (MiniCluster leader = MiniCluster.builder().dataDir(dataDir.resolve("leader")).single(true).start();
        MiniCluster follower = MiniCluster.builder().dataDir(dataDir.resolve("follower")).single(true).start();
        Applier applier = new Applier("_system", false, new ArangoReplicationConnector(),
            new ReplicationEndpoint(follower.endpoint(), "_system", "root", "", null, List.of(), Duration.ofMinutes(2)),
            dataDir.resolve("applier"))) {
      ArangoHttp leaderHttp = new ArangoHttp(leader.endpoint(), "root", "");
      ArangoHttp followerHttp = new ArangoHttp(follower.endpoint(), "root", "");
      leaderHttp.json("POST", "/_api/collection", java.util.Map.of("name", "warm"), 200);
      leaderHttp.json("POST", "/_api/collection", java.util.Map.of("name", "docs"), 200);
      // Warm-up, untimed: the write path and the applier's code paths (an applier of its own for "warm").
      write(leaderHttp, documents, "warm", initial + 2 * tailing, 20_000);
      try (Applier warmUp = new Applier("_system", false, new ArangoReplicationConnector(),
          new ReplicationEndpoint(follower.endpoint(), "_system", "root", "", null, List.of(), Duration.ofMinutes(2)),
          dataDir.resolve("warm-up"))) {
        warmUp.makeFollower(config(leader, "warm"));
      }

      long rawStart = System.nanoTime();
      write(leaderHttp, documents, "docs", 0, initial);
      double rawSeconds = seconds(rawStart);
      double rawRate = initial / rawSeconds;
      rows.append(row("1. leader raw write (arrays of " + WRITE_BATCH + ")", initial, rawSeconds, rawRate, ""));

      long syncStart = System.nanoTime();
      JsonNode afterSync = applier.makeFollower(config(leader, "docs")).get("state");
      double syncSeconds = seconds(syncStart);
      requireCount(followerHttp, initial);
      rows.append(row("2. make-follower (initial sync)", initial, syncSeconds, initial / syncSeconds,
          String.format("totalApplyTime %.3f s, totalFetchTime %.3f s (seed: 1.107 s apply for 50,000)",
              afterSync.path("totalApplyTime").asDouble(), afterSync.path("totalFetchTime").asDouble())));

      long loadStart = System.nanoTime();
      write(leaderHttp, documents, "docs", initial, tailing);
      double writerSeconds = seconds(loadStart);
      awaitCount(followerHttp, initial + tailing);
      double caughtUpSeconds = seconds(loadStart);
      double writerRate = tailing / writerSeconds;
      double tailRate = tailing / caughtUpSeconds;
      rows.append(row("3a. writer during tailing", tailing, writerSeconds, writerRate, ""));
      rows.append(row("3b. tailing under that load (until caught up)", tailing, caughtUpSeconds, tailRate,
          String.format("ratio to the writer %.2f", tailRate / writerRate)));

      applier.stop();
      write(leaderHttp, documents, "docs", initial + tailing, tailing);
      long backlogStart = System.nanoTime();
      applier.start(null);
      awaitCount(followerHttp, initial + 2L * tailing);
      double backlogSeconds = seconds(backlogStart);
      double backlogRate = tailing / backlogSeconds;
      rows.append(row("4. catching up on a backlog (tailing alone)", tailing, backlogSeconds, backlogRate,
          String.format("ratio to raw write %.2f", backlogRate / rawRate)));
      applier.stop();
    } finally {
      try (var files = Files.walk(dataDir)) {
        files.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
      }
    }
    String markdown = "# Leader/follower applier\n\nMeasured " + started + " by `org.arangosync.benchmarks.ApplierBenchmark`: documents of "
        + "about " + DOCUMENT_BYTES + " bytes, leader and follower are mini cluster single servers in this JVM, "
        + Runtime.getRuntime().availableProcessors() + " cores. The follower is checked to hold every document after each phase.\n\n"
        + "| phase | documents | seconds | docs/s | notes |\n|---|---:|---:|---:|---|\n" + rows
        + "\nGoals (issue 6): initial sync of 50,000 documents in under 1 s (row 2); tailing at least 0.80 of the raw write rate "
        + "(rows 3b and 4).\n";
    Files.createDirectories(report.toAbsolutePath().getParent());
    Files.writeString(report, markdown);
    System.out.println(markdown);
  }

  /** An applier configuration for the leader that replicates {@code collection} only. */
  private static ObjectNode config(MiniCluster leader, String collection) {
    ObjectNode config = JSON.createObjectNode();
    config.put("endpoint", "tcp://" + leader.endpoint().getHost() + ":" + leader.endpoint().getPort());
    config.put("username", "root");
    config.put("password", "");
    config.put("idleMinWaitTime", 0.01);
    config.put("idleMaxWaitTime", 0.1);
    config.set("restrictCollections", JSON.createArrayNode().add(collection));
    config.put("restrictType", "include");
    return config;
  }

  private static String row(String phase, long count, double seconds, double rate, String notes) {
    return String.format("| %s | %,d | %.3f | %,.0f | %s |%n", phase, count, seconds, rate, notes);
  }

  private static double seconds(long startNanos) {
    return (System.nanoTime() - startNanos) / 1e9;
  }

  private static void write(ArangoHttp http, DocumentSet documents, String collection, int from, int count) {
    for (int start = from; start < from + count; start += WRITE_BATCH) {
      ByteArrayOutputStream body = new ByteArrayOutputStream();
      body.write('[');
      for (int i = start; i < Math.min(from + count, start + WRITE_BATCH); i++) {
        if (i > start) {
          body.write(',');
        }
        body.writeBytes(documents.json(i));
      }
      body.write(']');
      http.call("POST", "/_api/document/" + collection + "?silent=true", body.toByteArray(), 201, 202);
    }
  }

  private static long count(ArangoHttp http) {
    return http.json("GET", "/_api/collection/docs/count", null, 200).path("count").asLong();
  }

  private static void requireCount(ArangoHttp http, long expected) {
    long stored = count(http);
    if (stored != expected) {
      throw new IllegalStateException("the follower holds " + stored + " documents, expected " + expected);
    }
  }

  /**
   * Polls the follower's count until it has everything. A measurement, not a test: 10 ms steps
   * bound the error of the measured time.
   */
  private static void awaitCount(ArangoHttp http, long expected) throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofMinutes(10).toNanos();
    while (count(http) < expected) {
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException("the follower did not catch up within 10 minutes");
      }
      Thread.sleep(10);
    }
    requireCount(http, expected);
  }
}
