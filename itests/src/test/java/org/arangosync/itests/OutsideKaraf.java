package org.arangosync.itests;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;
import org.apache.kafka.common.test.KafkaClusterTestKit;
import org.apache.kafka.common.test.TestKitNodes;
import org.arangosync.minicluster.MiniCluster;
import org.junit.platform.launcher.TestExecutionListener;
import org.junit.platform.launcher.TestPlan;

/**
 * Servers the Karaf tests talk to, run in the JVM that starts Karaf (Pax Exam's
 * {@code @Configuration} runs there, not inside the container): a KRaft broker and a mini cluster,
 * each started once on first use and stopped when the JUnit launcher is done. Never loaded inside
 * Karaf.
 */
final class OutsideKaraf {

  /** The JWT secret of the mini cluster. */
  static final String CLUSTER_JWT_SECRET = "itest-cluster-secret";

  private static KafkaClusterTestKit broker;
  private static MiniCluster cluster;
  private static Path clusterDir;

  private OutsideKaraf() {}

  /** Starts the broker once; its bootstrap servers. */
  static synchronized String kafkaBootstrapServers() throws Exception {
    if (broker == null) {
      KafkaClusterTestKit started = new KafkaClusterTestKit.Builder(new TestKitNodes.Builder().setCombined(true)
          .setNumBrokerNodes(1).setNumControllerNodes(1).build())
          .setConfigProp("offsets.topic.replication.factor", "1")
          .setConfigProp("offsets.topic.num.partitions", "3")
          .setConfigProp("group.initial.rebalance.delay.ms", "0")
          .build();
      started.format();
      started.startup();
      started.waitForReadyBrokers();
      broker = started;
    }
    return broker.bootstrapServers();
  }

  /** Starts the mini cluster (one DB-Server, an agency) once; its coordinator endpoint. */
  static synchronized String clusterEndpoint() throws IOException {
    if (cluster == null) {
      clusterDir = Files.createTempDirectory("itest-cluster");
      cluster = MiniCluster.builder().dataDir(clusterDir).dbServers(1).jwtSecret(CLUSTER_JWT_SECRET).start();
    }
    return cluster.endpoint().toString();
  }

  /** Stops what was started and removes its files. */
  static synchronized void stop() throws Exception {
    if (broker != null) {
      broker.close();
      broker = null;
    }
    if (cluster != null) {
      cluster.close();
      cluster = null;
      try (Stream<Path> files = Files.walk(clusterDir)) {
        files.sorted(Comparator.reverseOrder()).forEach(file -> file.toFile().delete());
      }
    }
  }

  /**
   * Stops the servers when the JUnit launcher of this JVM has run all tests. Pax Exam runs a test
   * class's {@code @AfterClass} inside Karaf, where these servers are not; a broker left running
   * keeps the forked test JVM from exiting (Surefire kills it after 30 s).
   */
  public static final class StopAfterTests implements TestExecutionListener {

    @Override
    public void testPlanExecutionFinished(TestPlan testPlan) {
      try {
        stop();
      } catch (Exception e) {
        System.err.println("stopping the servers outside Karaf: " + e);
      }
    }
  }
}
