package org.arangosync.transport.kafka.internal;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.test.KafkaClusterTestKit;
import org.apache.kafka.common.test.TestKitNodes;
import org.arangosync.certificates.CertificateIssuer;
import org.arangosync.certificates.Issued;
import org.arangosync.certificates.KeyType;
import org.arangosync.certificates.Pem;
import org.arangosync.certificates.Purpose;

/** A real Kafka broker (KRaft, one combined node) in the test JVM, plaintext or with mutual TLS. */
final class TestBroker implements AutoCloseable {

  private static final CertificateIssuer ISSUER = new CertificateIssuer();
  private static final KeyType P256 = KeyType.of("P256", 0);

  final KafkaClusterTestKit cluster;
  /** The CA of the broker's and the client's certificates; null for a plaintext broker. */
  final Issued ca;
  final Issued clientKeyfile;

  private TestBroker(KafkaClusterTestKit cluster, Issued ca, Issued clientKeyfile) {
    this.cluster = cluster;
    this.ca = ca;
    this.clientKeyfile = clientKeyfile;
  }

  static TestBroker plaintext() throws Exception {
    return start(null, null, Map.of());
  }

  /** A broker that speaks TLS only and requires client certificates of its CA. */
  static TestBroker tls() throws Exception {
    Issued ca = ISSUER.createCa("kafka test CA", Duration.ofDays(1), P256);
    Issued broker = ISSUER.issue(ca, Purpose.SERVER_AND_CLIENT, List.of("localhost", "127.0.0.1"), List.of(), Duration.ofDays(1), P256);
    Issued client = ISSUER.issue(ca, Purpose.CLIENT, List.of("sync-worker"), List.of(), Duration.ofDays(1), P256);
    // The test kit builds plaintext listeners only; mapping its broker listener to SSL makes it TLS.
    return start(ca, client, Map.of(
        "listener.security.protocol.map", "EXTERNAL:SSL,CONTROLLER:PLAINTEXT",
        "ssl.keystore.type", "PEM",
        "ssl.keystore.certificate.chain", Pem.certificates(broker.certificates()),
        "ssl.keystore.key", Pem.privateKey(broker.key()),
        "ssl.truststore.type", "PEM",
        "ssl.truststore.certificates", Pem.certificates(List.of(ca.certificate())),
        "ssl.client.auth", "required"));
  }

  private static TestBroker start(Issued ca, Issued client, Map<String, String> properties) throws Exception {
    TestKitNodes.Builder nodes = new TestKitNodes.Builder().setCombined(true).setNumBrokerNodes(1).setNumControllerNodes(1);
    KafkaClusterTestKit.Builder builder = new KafkaClusterTestKit.Builder(nodes.build())
        .setConfigProp("offsets.topic.replication.factor", "1")
        .setConfigProp("offsets.topic.num.partitions", "3")
        .setConfigProp("group.initial.rebalance.delay.ms", "0");
    properties.forEach(builder::setConfigProp);
    KafkaClusterTestKit cluster = builder.build();
    cluster.format();
    cluster.startup();
    cluster.waitForReadyBrokers();
    return new TestBroker(cluster, ca, client);
  }

  String bootstrapServers() {
    return cluster.bootstrapServers();
  }

  String caPem() {
    return ca == null ? "" : Pem.certificates(List.of(ca.certificate()));
  }

  /** Settings for a transport on this broker over {@code topics} (created with 3 partitions each). */
  KafkaTransport.Settings settings(List<String> topics, boolean chunking, long maxUncommittedBytes) {
    return new KafkaTransport.Settings(bootstrapServers(), topics, caPem(), clientKeyfile, chunking, 1 << 20, maxUncommittedBytes,
        32L << 20, "test.", 3, Duration.ofSeconds(20), Map.of());
  }

  @Override
  public void close() throws Exception {
    cluster.close();
  }
}
