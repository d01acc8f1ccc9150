package org.arangosync.metrics.internal;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.arangosync.metrics.Metrics;
import org.arangosync.metrics.SyncMetric;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Days until the certificates of the HTTPS server named {@code master} or {@code worker} expire:
 * {@code arangosync_master_certificate_expiry_days} or {@code arangosync_worker_certificate_expiry_days},
 * with {@code certificate="server"} for the keyfile's certificate and {@code certificate="client_ca"}
 * for the first certificate of the client CA file, when one is configured. Servers of other names
 * (an applier's, {@code default}) get no samples.
 *
 * <p>Configured by the HTTPS servers' own factory configurations ({@value #REST_SERVER_PID}; DS gives a
 * configuration to every component that names its PID), because the rest bundle cannot record
 * metrics itself: the metrics bundle depends on it.
 *
 * <p>The values follow what the server uses. The keyfile is looked at at every scrape and read again
 * when it changed, since the server reloads a replaced keyfile ({@link WatchedCertificate}); the
 * client CA file is read once, at activation, since the server reads it once. A file that cannot
 * be read at activation gets a warning and no sample: the server does not start with it either.
 *
 * <p>Invariants: a value is the floor of the time left in days (0 on the last day, negative once
 * expired); samples exist only while the component is active.
 */
@Component(configurationPid = CertificateExpiryComponent.REST_SERVER_PID, configurationPolicy = ConfigurationPolicy.REQUIRE,
    service = {})
public final class CertificateExpiryComponent {

  /** The HTTPS servers' factory configuration (the rest bundle's {@code RestServerConfiguration.PID}). */
  static final String REST_SERVER_PID = "org.arangosync.rest";

  private static final Logger LOG = LoggerFactory.getLogger(CertificateExpiryComponent.class);
  private static final long DAY_MILLIS = Duration.ofDays(1).toMillis();

  @Reference
  private Metrics metrics;

  private final Clock clock;
  private SyncMetric family;
  private final List<String> observed = new ArrayList<>();

  /** For DS, which sets {@link #metrics}. */
  public CertificateExpiryComponent() {
    this.clock = Clock.systemUTC();
  }

  CertificateExpiryComponent(Metrics metrics, Clock clock) {
    this.metrics = metrics;
    this.clock = clock;
  }

  /**
   * @param properties the server's configuration: {@code name}, {@code keyfile} and, optionally,
   *     {@code clientCaFile}, as {@code RestServerConfiguration} names them
   */
  @Activate
  public synchronized void activate(Map<String, ?> properties) {
    String server = text(properties, "name", "default");
    family = switch (server) {
      case "master" -> SyncMetric.MASTER_CERTIFICATE_EXPIRY_DAYS;
      case "worker" -> SyncMetric.WORKER_CERTIFICATE_EXPIRY_DAYS;
      default -> null;
    };
    if (family == null) {
      return;
    }
    String keyfile = text(properties, "keyfile", "");
    if (!keyfile.isEmpty()) {
      try {
        WatchedCertificate watched = new WatchedCertificate(Path.of(keyfile));
        observe("server", watched::notAfter);
      } catch (IllegalArgumentException e) {
        warnUnreadable(server, "keyfile", "server", e);
      }
    }
    String clientCaFile = text(properties, "clientCaFile", "");
    if (!clientCaFile.isEmpty()) {
      try {
        Instant notAfter = WatchedCertificate.firstNotAfter(Path.of(clientCaFile));
        observe("client_ca", () -> notAfter);
      } catch (IllegalArgumentException e) {
        warnUnreadable(server, "clientCaFile", "client_ca", e);
      }
    }
  }

  private void observe(String certificate, Supplier<Instant> notAfter) {
    metrics.observe(family, () -> daysUntil(notAfter.get(), clock.instant()), certificate);
    observed.add(certificate);
  }

  private void warnUnreadable(String server, String attribute, String certificate, IllegalArgumentException e) {
    LOG.warn("HTTPS server '{}' (configuration {}): {} cannot be read, so {} has no sample for certificate '{}': {}", server,
        REST_SERVER_PID, attribute, family.metricName(), certificate, e.getMessage());
  }

  @Deactivate
  public synchronized void deactivate() {
    observed.forEach(certificate -> metrics.remove(family, certificate));
    observed.clear();
  }

  /** Whole days from {@code now} to {@code notAfter}, rounded down: 0 on the last day, -1 on the first day after. */
  static long daysUntil(Instant notAfter, Instant now) {
    return Math.floorDiv(Duration.between(now, notAfter).toMillis(), DAY_MILLIS);
  }

  private static String text(Map<String, ?> properties, String key, String otherwise) {
    Object value = properties.get(key);
    return value == null ? otherwise : value.toString().strip();
  }
}
