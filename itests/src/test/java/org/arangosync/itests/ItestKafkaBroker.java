package org.arangosync.itests;

import org.apache.kafka.common.test.KafkaClusterTestKit;
import org.apache.kafka.common.test.TestKitNodes;
import org.junit.platform.launcher.TestExecutionListener;
import org.junit.platform.launcher.TestPlan;

/**
 * A KRaft broker in the JVM that starts Karaf (Pax Exam's {@code @Configuration} runs there, not
 * inside the container). Never loaded inside Karaf.
 */
final class ItestKafkaBroker {

  private static KafkaClusterTestKit cluster;

  private ItestKafkaBroker() {}

  /** Starts the broker once; its bootstrap servers. */
  static synchronized String bootstrapServers() throws Exception {
    if (cluster == null) {
      KafkaClusterTestKit started = new KafkaClusterTestKit.Builder(new TestKitNodes.Builder().setCombined(true)
          .setNumBrokerNodes(1).setNumControllerNodes(1).build())
          .setConfigProp("offsets.topic.replication.factor", "1")
          .setConfigProp("offsets.topic.num.partitions", "3")
          .setConfigProp("group.initial.rebalance.delay.ms", "0")
          .build();
      started.format();
      started.startup();
      started.waitForReadyBrokers();
      cluster = started;
    }
    return cluster.bootstrapServers();
  }

  /** Stops the broker and removes its files. */
  static synchronized void stop() throws Exception {
    if (cluster != null) {
      cluster.close();
      cluster = null;
    }
  }

  /**
   * Stops the broker when the JUnit launcher of this JVM has run all tests. Pax Exam runs a test
   * class's {@code @AfterClass} inside Karaf, where there is no broker; a broker left running keeps
   * the forked test JVM from exiting (Surefire kills it after 30 s).
   */
  public static final class StopAfterTests implements TestExecutionListener {

    @Override
    public void testPlanExecutionFinished(TestPlan testPlan) {
      try {
        stop();
      } catch (Exception e) {
        System.err.println("stopping the itest Kafka broker: " + e);
      }
    }
  }
}
