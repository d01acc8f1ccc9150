package org.arangosync.transport.kafka.internal;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Supplier;
import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.config.SslConfigs;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.arangosync.certificates.Issued;
import org.arangosync.certificates.Pem;

/**
 * Creates the kafka-clients objects with the transport's settings: TLS from PEM text (no key
 * stores on disk), serializers as instances, and no thread context class loader while they are
 * built.
 */
final class KafkaClients {

  private KafkaClients() {}

  /**
   * The properties every client gets: where the brokers are, and TLS when a CA or a client keyfile
   * is given ({@code --mq.kafka-cacert}, {@code --mq.kafka-client-keyfile}), then the operator's
   * own properties on top.
   */
  static Map<String, Object> common(String bootstrapServers, String caCertificatePem, Issued clientKeyfile, Duration connectTimeout,
      Map<String, String> extra, String clientId) {
    Map<String, Object> properties = new HashMap<>();
    properties.put(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
    properties.put(CommonClientConfigs.CLIENT_ID_CONFIG, clientId);
    properties.put(CommonClientConfigs.DEFAULT_API_TIMEOUT_MS_CONFIG, (int) connectTimeout.toMillis());
    properties.put(CommonClientConfigs.REQUEST_TIMEOUT_MS_CONFIG, (int) Math.min(connectTimeout.toMillis(), 30_000));
    // No JMX beans per client: there is one consumer per channel, and arangosync reports its own metrics.
    properties.put(CommonClientConfigs.METRIC_REPORTER_CLASSES_CONFIG, "");
    boolean tls = !caCertificatePem.isEmpty() || clientKeyfile != null;
    if (tls) {
      properties.put(CommonClientConfigs.SECURITY_PROTOCOL_CONFIG, "SSL");
      if (!caCertificatePem.isEmpty()) {
        properties.put(SslConfigs.SSL_TRUSTSTORE_TYPE_CONFIG, "PEM");
        properties.put(SslConfigs.SSL_TRUSTSTORE_CERTIFICATES_CONFIG, caCertificatePem);
      }
      if (clientKeyfile != null) {
        properties.put(SslConfigs.SSL_KEYSTORE_TYPE_CONFIG, "PEM");
        properties.put(SslConfigs.SSL_KEYSTORE_CERTIFICATE_CHAIN_CONFIG, Pem.certificates(clientKeyfile.certificates()));
        properties.put(SslConfigs.SSL_KEYSTORE_KEY_CONFIG, Pem.privateKey(clientKeyfile.key()));
      }
    }
    properties.putAll(extra);
    return properties;
  }

  static KafkaProducer<byte[], byte[]> producer(Map<String, Object> common, int maxRequestBytes, long bufferBytes, Duration maxBlock) {
    Map<String, Object> properties = new HashMap<>(common);
    properties.put(ProducerConfig.ACKS_CONFIG, "all");
    properties.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
    properties.put(ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION, 5);
    // No lingering: a channel's send waits for its batch's acknowledgement, so waiting to fill a record
    // batch would only add to every send; records still batch up while earlier requests are in flight.
    properties.put(ProducerConfig.LINGER_MS_CONFIG, 0);
    // A record batch is one "message" for the broker's max.message.bytes: never larger than a record may be.
    properties.put(ProducerConfig.BATCH_SIZE_CONFIG, Math.min(256 * 1024, maxRequestBytes));
    properties.put(ProducerConfig.MAX_REQUEST_SIZE_CONFIG, maxRequestBytes);
    properties.put(ProducerConfig.BUFFER_MEMORY_CONFIG, bufferBytes);
    properties.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, maxBlock.toMillis());
    properties.putIfAbsent(ProducerConfig.COMPRESSION_TYPE_CONFIG, "none");
    return withoutContextClassLoader(() -> new KafkaProducer<>(properties, new ByteArraySerializer(), new ByteArraySerializer()));
  }

  static KafkaConsumer<byte[], byte[]> consumer(Map<String, Object> common, String group) {
    Map<String, Object> properties = new HashMap<>(common);
    properties.put(ConsumerConfig.GROUP_ID_CONFIG, group);
    properties.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
    properties.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    properties.put(ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, 100);
    return withoutContextClassLoader(() -> new KafkaConsumer<>(properties, new ByteArrayDeserializer(), new ByteArrayDeserializer()));
  }

  static Admin admin(Map<String, Object> common) {
    return withoutContextClassLoader(() -> Admin.create(common));
  }

  /**
   * Runs {@code create} with no thread context class loader. kafka-clients loads its configured
   * classes through the context loader when there is one; in Karaf that is whichever bundle owns
   * the calling thread (the SSH server's for a shell command), which cannot see Kafka's classes.
   * Without one, Kafka uses its own bundle's loader.
   */
  static <T> T withoutContextClassLoader(Supplier<T> create) {
    Thread thread = Thread.currentThread();
    ClassLoader previous = thread.getContextClassLoader();
    thread.setContextClassLoader(null);
    try {
      return create.get();
    } finally {
      thread.setContextClassLoader(previous);
    }
  }
}
