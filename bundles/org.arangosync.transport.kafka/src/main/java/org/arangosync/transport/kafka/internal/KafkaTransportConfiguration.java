package org.arangosync.transport.kafka.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/** Configuration of the Kafka transport (PID {@value #PID}); the names follow ArangoSync's {@code --mq.*} options. */
@ObjectClassDefinition(name = "arangosync Kafka transport", description = "Channels multiplexed over the transport topics "
    + "of this datacenter's Kafka cluster (--mq.type=kafka).")
public @interface KafkaTransportConfiguration {

  String PID = "org.arangosync.transport.kafka";

  @AttributeDefinition(name = "Kafka brokers", description = "--mq.kafka-addr: host:port of this datacenter's brokers.")
  String[] kafkaAddr();

  @AttributeDefinition(name = "Transport topics", required = false, description = "--mq.transport-topic (repeatable). "
      + "Must not change while synchronization runs.")
  String[] transportTopics() default {};

  @AttributeDefinition(name = "Transport topics file", required = false,
      description = "--mq.transport-topicsfile: one topic per line; added to the topics above.")
  String transportTopicsFile() default "";

  @AttributeDefinition(name = "CA certificate file", required = false,
      description = "--mq.kafka-cacert: CA of the brokers' certificates; switches TLS on. Handed to consumers elsewhere.")
  String caCertificateFile() default "";

  @AttributeDefinition(name = "Client keyfile", required = false,
      description = "--mq.kafka-client-keyfile: certificate and key presented to the brokers; switches TLS on.")
  String clientKeyfile() default "";

  @AttributeDefinition(name = "Chunking", description = "Split messages larger than a Kafka record into chunks. Off: "
      + "such a message puts its shard in failed (ArangoSync 0.x behaviour).")
  boolean chunking() default true;

  @AttributeDefinition(name = "Largest record (bytes)", min = "4096",
      description = "Also capped by the topics' max.message.bytes.")
  int maxMessageBytes() default 1 << 20;

  @AttributeDefinition(name = "Uncommitted bytes per channel", min = "1", description = "How far a channel may run ahead "
      + "of its consumer before producers wait; keep it below the topics' retention.")
  long maxUncommittedBytesPerChannel() default 1L << 30;

  @AttributeDefinition(name = "Producer memory (bytes)", min = "1048576")
  long producerBufferBytes() default 32L << 20;

  @AttributeDefinition(name = "Consumer group prefix", description = "Each channel commits into the group prefix + channel.")
  String groupPrefix() default "arangosync.";

  @AttributeDefinition(name = "Partitions of new topics", min = "0",
      description = "Transport topics that do not exist are created with this many partitions; 0: they must exist.")
  int partitionsForNewTopics() default 1;

  @AttributeDefinition(name = "Connect timeout (seconds)", min = "1")
  int connectTimeoutSeconds() default 30;

  @AttributeDefinition(name = "Further client properties", required = false,
      description = "key=value kafka-clients properties (e.g. SASL), applied last.")
  String[] clientProperties() default {};
}
