package org.arangosync.core.internal.master;

import static org.assertj.core.api.Assertions.assertThat;

import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import org.arangosync.api.spi.state.StateStore;
import org.arangosync.certificates.CertificateIssuer;
import org.arangosync.certificates.Issued;
import org.arangosync.certificates.KeyType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The worker CA in the agency of a real mini cluster: one per datacenter, whichever master creates it. */
class WorkerCaTest {

  @RegisterExtension static final WorkerTestAgency AGENCY = new WorkerTestAgency();

  static WorkerCa ca(StateStore store) {
    return new WorkerCa(store, new CertificateIssuer(), KeyType.of("P256", 0), Duration.ofDays(30), Duration.ofDays(1));
  }

  @Test
  void twoMastersCreatingTheCaAtOnceEndUpWithTheSameOne() throws Exception {
    StateStore store = AGENCY.freshStore();
    WorkerCa first = ca(store);
    WorkerCa second = ca(store);
    CountDownLatch go = new CountDownLatch(1);
    CompletableFuture<Issued> fromFirst = CompletableFuture.supplyAsync(() -> awaitThen(go, first));
    CompletableFuture<Issued> fromSecond = CompletableFuture.supplyAsync(() -> awaitThen(go, second));
    go.countDown();
    X509Certificate created = fromFirst.get().certificate();
    assertThat(fromSecond.get().certificate()).isEqualTo(created);
    assertThat(ca(store).ca().certificate()).as("a master started later reads it").isEqualTo(created);
    assertThat(ca(store).ca().key()).isEqualTo(fromFirst.get().key());
    assertThat(store.read(WorkerCa.KEY).orElseThrow()).contains("\"key\"").contains("BEGIN CERTIFICATE");
  }

  @Test
  void certificatesOfAnyMasterVerifyAgainstTheCaAndNameTheHost() throws Exception {
    StateStore store = AGENCY.freshStore();
    X509Certificate caCertificate = ca(store).ca().certificate();
    Issued issued = ca(store).issue("worker-3.example");
    issued.certificate().verify(caCertificate.getPublicKey());
    assertThat(issued.chain()).containsExactly(caCertificate);
    assertThat(issued.certificate().getSubjectAlternativeNames()).containsExactly(List.of(2, "worker-3.example"));
    assertThat(issued.certificate().getExtendedKeyUsage()).containsExactly("1.3.6.1.5.5.7.3.1"); // serverAuth
  }

  private static Issued awaitThen(CountDownLatch go, WorkerCa ca) {
    try {
      go.await();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    return ca.ca();
  }
}
