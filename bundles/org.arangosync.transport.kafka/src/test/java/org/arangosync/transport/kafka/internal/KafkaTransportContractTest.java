package org.arangosync.transport.kafka.internal;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.arangosync.api.spi.transport.ChannelAccess;
import org.arangosync.api.spi.transport.Transport;
import org.arangosync.api.spi.transport.TransportContract;
import org.arangosync.certificates.CertificateIssuer;
import org.arangosync.certificates.KeyType;
import org.arangosync.certificates.Pem;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;

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

  /** The broker's certificate checked against a CA that did not sign it. */
  @Override
  protected ChannelAccess withWrongCredentials(ChannelAccess access) {
    Map<String, String> wrong = new HashMap<>(access.properties());
    wrong.put(KafkaTransport.CA_CERTIFICATE, Pem.certificates(List.of(new CertificateIssuer()
        .createCa("some other CA", Duration.ofDays(1), KeyType.of("P256", 0)).certificate())));
    return new ChannelAccess(wrong);
  }
}
