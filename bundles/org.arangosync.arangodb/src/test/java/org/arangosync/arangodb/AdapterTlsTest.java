package org.arangosync.arangodb;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.List;
import org.arangosync.client.TestCertificates;
import org.arangosync.minicluster.MiniCluster;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The adapter over TLS: trusts the cluster's CA, refuses a cluster signed by another. */
class AdapterTlsTest {

  @TempDir Path dir;

  @Test
  void talksToAClusterOverTlsWithItsCaAndRefusesAnother() throws Exception {
    TestCertificates certificates = new TestCertificates("CN=cluster CA");
    try (MiniCluster cluster = MiniCluster.builder().dataDir(dir).dbServers(1).jwtSecret("tls-secret")
        .tls(certificates.serverContext()).start()) {
      ConnectionSettings trusting = ConnectionSettings.withJwtSecret(List.of(cluster.endpoint()), "tls-secret")
          .withTrustedCertificates(List.of(certificates.ca));
      try (ArangoClusterStore store = new ArangoClusterStore(ArangoConnection.open(trusting));
          ArangoConnection agencyConnection = ArangoConnection.open(trusting)) {
        assertThat(store.databases()).contains("_system");
        assertThat(AgencyStateStore.discover(agencyConnection, "/arangodb/tls-test").agents())
            .allSatisfy(agent -> assertThat(agent.getScheme()).isEqualTo("https"));
      }
      ConnectionSettings other = ConnectionSettings.withJwtSecret(List.of(cluster.endpoint()), "tls-secret")
          .withTrustedCertificates(List.of(new TestCertificates("CN=another CA").ca));
      try (ArangoClusterStore store = new ArangoClusterStore(ArangoConnection.open(other))) {
        // Refused at once: after retries the message would list every attempt ("no ArangoDB server answered").
        assertThatThrownBy(store::databases).isInstanceOf(ArangoException.class).hasMessageStartingWith("TLS handshake with");
      }
    }
  }
}
