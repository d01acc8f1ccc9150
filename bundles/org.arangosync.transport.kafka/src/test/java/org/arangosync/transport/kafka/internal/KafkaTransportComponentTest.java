package org.arangosync.transport.kafka.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.lang.annotation.Annotation;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The configuration PID as an operator writes it, turned into settings or refused with the PID and the cause. */
class KafkaTransportComponentTest {

  @TempDir Path dir;

  /** The defaults of {@link KafkaTransportConfiguration}, with the given brokers, topics, file and client properties. */
  private static KafkaTransportConfiguration configuration(String[] kafkaAddr, String[] topics, String topicsFile,
      String caFile, String[] clientProperties) {
    return new KafkaTransportConfiguration() {
      @Override public Class<? extends Annotation> annotationType() { return KafkaTransportConfiguration.class; }
      @Override public String[] kafkaAddr() { return kafkaAddr; }
      @Override public String[] transportTopics() { return topics; }
      @Override public String transportTopicsFile() { return topicsFile; }
      @Override public String caCertificateFile() { return caFile; }
      @Override public String clientKeyfile() { return ""; }
      @Override public boolean chunking() { return true; }
      @Override public int maxMessageBytes() { return 1 << 20; }
      @Override public long maxUncommittedBytesPerChannel() { return 1L << 30; }
      @Override public long producerBufferBytes() { return 32L << 20; }
      @Override public String groupPrefix() { return "arangosync."; }
      @Override public int partitionsForNewTopics() { return 1; }
      @Override public int connectTimeoutSeconds() { return 30; }
      @Override public String[] clientProperties() { return clientProperties; }
    };
  }

  @Test
  void brokersTopicsAndClientPropertiesAsTheOperatorWritesThem() throws Exception {
    Path topics = Files.writeString(dir.resolve("topics"), "dc-a-2\ndc-a-3\n");
    KafkaTransport.Settings settings = KafkaTransportComponent.settings(configuration(
        new String[] {"k1:9092, k2:9092", " k3:9092 "}, new String[] {"dc-a-0, dc-a-1"}, topics.toString(), "",
        new String[] {"sasl.mechanism = PLAIN", "security.protocol=SASL_SSL"}));
    assertThat(settings.bootstrapServers()).isEqualTo("k1:9092,k2:9092,k3:9092");
    assertThat(settings.topics()).as("a .cfg file's comma-separated list").containsExactly("dc-a-0", "dc-a-1", "dc-a-2", "dc-a-3");
    assertThat(settings.clientProperties()).isEqualTo(Map.of("sasl.mechanism", "PLAIN", "security.protocol", "SASL_SSL"));
    assertThat(settings.connectTimeout()).isEqualTo(Duration.ofSeconds(30));
    assertThat(settings.caCertificatePem()).isEmpty();
  }

  @Test
  void badConfigurationNamesThePidAndTheCause() {
    assertThatThrownBy(() -> KafkaTransportComponent.settings(configuration(new String[] {"k:9092"}, new String[0], "", "",
        new String[0]))).hasMessageStartingWith(KafkaTransportConfiguration.PID).hasMessageContaining("no transport topics");
    assertThatThrownBy(() -> KafkaTransportComponent.settings(configuration(new String[] {" , "}, new String[] {"t"}, "", "",
        new String[0]))).hasMessageStartingWith(KafkaTransportConfiguration.PID).hasMessageContaining("--mq.kafka-addr");
    assertThatThrownBy(() -> KafkaTransportComponent.settings(configuration(new String[] {"k:9092"}, new String[] {"t"}, "", "",
        new String[] {"linger.ms"}))).hasMessageContaining("'linger.ms' is not key=value");
    assertThatThrownBy(() -> KafkaTransportComponent.settings(configuration(new String[] {"k:9092"}, new String[] {"t"}, "",
        dir.resolve("missing-ca.crt").toString(), new String[0]))).hasMessageStartingWith(KafkaTransportConfiguration.PID)
        .hasMessageContaining("missing-ca.crt");
  }
}
