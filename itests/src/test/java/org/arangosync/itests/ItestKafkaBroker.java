package org.arangosync.itests;

import org.apache.kafka.common.test.KafkaClusterTestKit;
import org.apache.kafka.common.test.TestKitNodes;

/**
 * A KRaft broker in the JVM that starts Karaf (Pax Exam's {@code @Configuration} runs there, not
 * inside the container); stopped when that JVM ends. Never loaded inside Karaf.
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
      Runtime.getRuntime().addShutdownHook(new Thread(() -> {
        try {
          started.close();
        } catch (Exception e) {
          System.err.println("stopping the itest Kafka broker: " + e);
        }
      }, "itest-kafka-stop"));
      cluster = started;
    }
    return cluster.bootstrapServers();
  }
}
