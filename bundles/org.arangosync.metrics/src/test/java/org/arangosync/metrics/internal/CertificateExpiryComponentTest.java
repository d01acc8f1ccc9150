package org.arangosync.metrics.internal;

import static java.nio.charset.StandardCharsets.US_ASCII;
import static org.assertj.core.api.Assertions.assertThat;

import com.codahale.metrics.Gauge;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.arangosync.certificates.CertificateIssuer;
import org.arangosync.certificates.Issued;
import org.arangosync.certificates.KeyType;
import org.arangosync.certificates.Pem;
import org.arangosync.certificates.Purpose;
import org.arangosync.metrics.Metrics;
import org.arangosync.metrics.SyncMetric;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The days until a master's or worker's certificates expire, from the HTTPS server's own
 * configuration: keyfile and client CA, a replaced keyfile, expired certificates, unreadable
 * files, other servers, deactivation.
 */
class CertificateExpiryComponentTest {

  private static final CertificateIssuer ISSUER = new CertificateIssuer();
  private static final KeyType KEY = KeyType.of("P256", 0);
  private static final Instant BASE = Instant.now().truncatedTo(ChronoUnit.SECONDS);
  private static final Issued CA = ISSUER.createCa("Client CA", Duration.ofDays(40), KEY);

  @TempDir Path dir;

  private final LabelledRegistry metrics = (LabelledRegistry) Metrics.create();

  /** A server certificate valid until {@code BASE} plus {@code validFor}. */
  private static Issued serverCertificate(Duration validFor) {
    return ISSUER.issue(CA, Purpose.SERVER, List.of("127.0.0.1"), List.of(), BASE.minus(Duration.ofDays(1)), BASE.plus(validFor), KEY);
  }

  private Path keyfile(String name, Issued issued) throws IOException {
    return Files.writeString(dir.resolve(name), Pem.keyfile(issued), US_ASCII);
  }

  private Path caFile() throws IOException {
    return Files.writeString(dir.resolve("client-ca.crt"), Pem.certificates(List.of(CA.certificate())), US_ASCII);
  }

  private CertificateExpiryComponent activated(Clock clock, Map<String, ?> configuration) {
    CertificateExpiryComponent component = new CertificateExpiryComponent(metrics, clock);
    component.activate(configuration);
    return component;
  }

  private static Clock at(Instant instant) {
    return Clock.fixed(instant, ZoneOffset.UTC);
  }

  /** The samples of {@code metric} by their {@code certificate} label, read as a scrape reads them. */
  private Map<String, Long> samples(SyncMetric metric) {
    Map<String, Long> values = new TreeMap<>();
    metrics.snapshot().forEach((family, samples) -> {
      if (family.name().equals(metric.metricName())) {
        samples.forEach(sample -> values.put(sample.labels().get("certificate"),
            ((Number) ((Gauge<?>) sample.metric()).getValue()).longValue()));
      }
    });
    return values;
  }

  @Test
  void aMasterShowsTheDaysLeftOfItsKeyfileAndClientCa() throws Exception {
    Path keyfile = keyfile("master.keyfile", serverCertificate(Duration.ofDays(10)));
    activated(Clock.systemUTC(), Map.of("name", "master", "keyfile", keyfile.toString(), "clientCaFile", caFile().toString()));

    Map<String, Long> days = samples(SyncMetric.MASTER_CERTIFICATE_EXPIRY_DAYS);
    assertThat(days).containsOnlyKeys("server", "client_ca");
    assertThat(days.get("server")).isBetween(9L, 10L);
    assertThat(days.get("client_ca")).isBetween(39L, 40L);
    assertThat(samples(SyncMetric.WORKER_CERTIFICATE_EXPIRY_DAYS)).isEmpty();
    assertThat(Exposition.prometheus(metrics)).contains("# TYPE arangosync_master_certificate_expiry_days gauge")
        .containsPattern("arangosync_master_certificate_expiry_days\\{certificate=\"server\"} (9|10)\n");
  }

  @Test
  void daysAreRoundedDownAndNegativeOnceExpired() throws Exception {
    Path keyfile = keyfile("worker.keyfile", serverCertificate(Duration.ofDays(10).plusHours(12)));
    Map<String, String> configuration = Map.of("name", "worker", "keyfile", keyfile.toString());

    CertificateExpiryComponent fresh = activated(at(BASE), configuration);
    assertThat(samples(SyncMetric.WORKER_CERTIFICATE_EXPIRY_DAYS)).containsExactly(Map.entry("server", 10L));
    fresh.deactivate();
    CertificateExpiryComponent lastDay = activated(at(BASE.plus(Duration.ofDays(10))), configuration);
    assertThat(samples(SyncMetric.WORKER_CERTIFICATE_EXPIRY_DAYS)).containsExactly(Map.entry("server", 0L));
    lastDay.deactivate();
    activated(at(BASE.plus(Duration.ofDays(10).plusHours(13))), configuration);
    assertThat(samples(SyncMetric.WORKER_CERTIFICATE_EXPIRY_DAYS)).containsExactly(Map.entry("server", -1L));
  }

  @Test
  void aReplacedKeyfileIsReadAgainAndAnUnreadableReplacementKeepsThePreviousCertificate() throws Exception {
    Path keyfile = keyfile("worker.keyfile", serverCertificate(Duration.ofDays(10).plusHours(12)));
    activated(at(BASE), Map.of("name", "worker", "keyfile", keyfile.toString()));
    assertThat(samples(SyncMetric.WORKER_CERTIFICATE_EXPIRY_DAYS)).containsEntry("server", 10L);

    replace(keyfile, Pem.keyfile(serverCertificate(Duration.ofDays(30).plusHours(12))), 1);
    assertThat(samples(SyncMetric.WORKER_CERTIFICATE_EXPIRY_DAYS)).containsEntry("server", 30L);

    replace(keyfile, "-----BEGIN CERTIFICATE-----\nhalf written", 2);
    assertThat(samples(SyncMetric.WORKER_CERTIFICATE_EXPIRY_DAYS)).as("still the certificate the server serves")
        .containsEntry("server", 30L);
  }

  /** Replaces {@code file} as rotation scripts do (a new file moved over it), with a modification time of its own. */
  private void replace(Path file, String content, int generation) throws IOException {
    Path next = Files.writeString(dir.resolve("next"), content, US_ASCII);
    Files.setLastModifiedTime(next, FileTime.from(BASE.plus(Duration.ofMinutes(generation))));
    Files.move(next, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
  }

  @Test
  void anUnreadableFileGetsNoSampleAndTheOtherStillDoes() throws Exception {
    Path keyfile = keyfile("master.keyfile", serverCertificate(Duration.ofDays(10).plusHours(12)));
    Path notPem = Files.writeString(dir.resolve("client-ca.crt"), "not a certificate", US_ASCII);
    CertificateExpiryComponent unreadableCa =
        activated(at(BASE), Map.of("name", "master", "keyfile", keyfile.toString(), "clientCaFile", notPem.toString()));
    assertThat(samples(SyncMetric.MASTER_CERTIFICATE_EXPIRY_DAYS)).containsExactly(Map.entry("server", 10L));
    unreadableCa.deactivate();

    activated(at(BASE), Map.of("name", "master", "keyfile", dir.resolve("missing.keyfile").toString(), "clientCaFile",
        caFile().toString()));
    assertThat(samples(SyncMetric.MASTER_CERTIFICATE_EXPIRY_DAYS)).containsOnlyKeys("client_ca");
  }

  @Test
  void serversOtherThanMasterAndWorkerGetNothing() throws Exception {
    Path keyfile = keyfile("applier.keyfile", serverCertificate(Duration.ofDays(10)));
    activated(at(BASE), Map.of("name", "applier", "keyfile", keyfile.toString(), "clientCaFile", caFile().toString()));
    activated(at(BASE), Map.of("keyfile", keyfile.toString()));
    assertThat(metrics.snapshot()).isEmpty();
  }

  @Test
  void deactivationRemovesTheSamples() throws Exception {
    Path keyfile = keyfile("worker.keyfile", serverCertificate(Duration.ofDays(10)));
    CertificateExpiryComponent component =
        activated(at(BASE), Map.of("name", "worker", "keyfile", keyfile.toString(), "clientCaFile", caFile().toString()));
    assertThat(samples(SyncMetric.WORKER_CERTIFICATE_EXPIRY_DAYS)).hasSize(2);
    component.deactivate();
    assertThat(samples(SyncMetric.WORKER_CERTIFICATE_EXPIRY_DAYS)).isEmpty();
  }
}
