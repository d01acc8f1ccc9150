package org.arangosync.transport.kafka.internal;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.arangosync.api.Tick;
import org.arangosync.api.spi.transport.ChannelAccess;
import org.arangosync.api.spi.transport.ChannelConsumer;
import org.arangosync.api.spi.transport.ChannelName;
import org.arangosync.api.spi.transport.ChannelProducer;
import org.arangosync.api.spi.transport.Envelope;
import org.arangosync.api.spi.transport.MessageKind;
import org.arangosync.api.spi.transport.Transport;
import org.arangosync.api.spi.transport.TransportContract;
import org.arangosync.api.spi.transport.TransportException;
import org.arangosync.certificates.CertificateIssuer;
import org.arangosync.certificates.KeyType;
import org.arangosync.certificates.Pem;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The Kafka transport against the contract, for real: a KRaft broker in this JVM that speaks TLS
 * only and requires client certificates, as {@code --mq.kafka-cacert} and
 * {@code --mq.kafka-client-keyfile} set it up.
 */
class KafkaTransportContractTest extends TransportContract {

  private static TestBroker broker;
  private final List<KafkaTransport> transports = new ArrayList<>();

  @BeforeAll
  static void startBroker() throws Exception {
    broker = TestBroker.tls();
  }

  @AfterAll
  static void stopBroker() throws Exception {
    broker.close();
  }

  @AfterEach
  void closeTransports() {
    transports.forEach(KafkaTransport::close);
  }

  private Transport open(long maxUncommittedBytes) {
    KafkaTransport transport = new KafkaTransport(broker.settings(List.of("contract-1", "contract-2"), true, maxUncommittedBytes));
    transports.add(transport);
    return transport;
  }

  @Override
  protected Transport transport() {
    return open(1L << 30);
  }

  @Override
  protected Transport boundedTransport(long bytes) {
    return open(bytes);
  }

  /** What makes the refused-credentials contract test meaningful here: the broker demands a client certificate. */
  @Test
  void theBrokerRefusesAConsumerWithoutAClientCertificate() throws Exception {
    Transport transport = transport();
    ChannelName name = new ChannelName("contract.no-certificate." + Long.toHexString(System.nanoTime()));
    ChannelProducer producer = transport.producer(name);
    producer.send(List.of(new Envelope(name, MessageKind.DATA, null, new Tick(1), new Tick(1), new byte[] {1})), Duration.ofSeconds(20));
    KafkaTransport.Settings trusted = broker.settings(List.of("contract-1", "contract-2"), true, 1L << 30);
    try (KafkaTransport anonymous = new KafkaTransport(new KafkaTransport.Settings(trusted.bootstrapServers(), trusted.topics(),
            trusted.caCertificatePem(), null, true, 1 << 20, 1L << 30, 32L << 20, "test.", 3, Duration.ofSeconds(5), Map.of()));
        ChannelConsumer consumer = anonymous.consumer(name, producer.access())) {
      assertThatThrownBy(() -> consumer.poll(1, Duration.ofSeconds(1))).isInstanceOf(TransportException.class)
          .hasMessageContaining(name.value());
    } finally {
      producer.close();
    }
  }

  /** The broker's certificate checked against a CA that did not sign it. */
  @Override
  protected ChannelAccess withWrongCredentials(ChannelAccess access) {
    Map<String, String> wrong = new HashMap<>(access.properties());
    wrong.put(KafkaTransport.CA_CERTIFICATE, Pem.certificates(List.of(new CertificateIssuer()
        .createCa("some other CA", Duration.ofDays(1), KeyType.of("P256", 0)).certificate())));
    return new ChannelAccess(wrong);
  }
}
