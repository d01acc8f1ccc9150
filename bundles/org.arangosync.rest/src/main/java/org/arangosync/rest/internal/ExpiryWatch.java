package org.arangosync.rest.internal;

import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.arangosync.certificates.ReloadingKeyfile;
import org.arangosync.command.GoDurations;
import org.eclipse.jetty.server.ServerConnector;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Stops a server from listening once its own certificate has expired, and lets it listen again
 * when a valid keyfile replaces the expired one. ArangoSync's workers stop for good when their
 * certificate expires; here the operator only has to put a new keyfile in place.
 *
 * <p>Checks every {@code checkEvery} on one daemon thread, which {@link #close()} ends at once.
 */
public final class ExpiryWatch implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(ExpiryWatch.class);

  private final String server;
  private final Path file;
  private final ReloadingKeyfile keyfile;
  private final ServerConnector connector;
  private final Duration checkEvery;
  private final ScheduledExecutorService timer;
  private boolean stoppedForExpiry;
  private long lastWarningDay = -1;

  public ExpiryWatch(String server, Path file, ReloadingKeyfile keyfile, ServerConnector connector, Duration checkEvery) {
    this.server = server;
    this.file = file;
    this.keyfile = keyfile;
    this.connector = connector;
    this.checkEvery = checkEvery;
    this.timer = Executors.newSingleThreadScheduledExecutor(task -> {
      Thread thread = new Thread(task, "arangosync-rest-" + server + "-certificate-watch");
      thread.setDaemon(true);
      return thread;
    });
    check();
    timer.scheduleWithFixedDelay(this::check, checkEvery.toMillis(), checkEvery.toMillis(), TimeUnit.MILLISECONDS);
  }

  private synchronized void check() {
    try {
      X509Certificate certificate = keyfile.keyfile().certificate();
      Instant notAfter = certificate.getNotAfter().toInstant();
      boolean expired = Instant.now().isAfter(notAfter);
      if (expired && !stoppedForExpiry) {
        stoppedForExpiry = true;
        LOG.error("HTTPS server {}: its TLS certificate {} (keyfile {}) expired on {}; stopped serving on port {}. "
            + "Put a new keyfile in its place ('arangosync create tls keyfile --keyfile={}'); serving resumes within {}.",
            server, certificate.getSubjectX500Principal().getName(), file, notAfter, connector.getPort(), file, GoDurations.format(checkEvery));
        connector.stop();
      } else if (!expired && stoppedForExpiry) {
        connector.start();
        stoppedForExpiry = false;
        LOG.info("HTTPS server {}: serving again on port {} with certificate {}, valid until {}", server, connector.getPort(),
            certificate.getSubjectX500Principal().getName(), notAfter);
      } else if (!expired && Duration.between(Instant.now(), notAfter).toDays() < 30 && LOG.isWarnEnabled()) {
        warnOncePerDay(certificate, notAfter);
      }
    } catch (Exception e) {
      // The timer must survive a failed check, or the server would never come back.
      LOG.error("HTTPS server {}: checking its certificate failed", server, e);
    }
  }

  private void warnOncePerDay(X509Certificate certificate, Instant notAfter) {
    long today = Instant.now().getEpochSecond() / 86_400;
    if (today != lastWarningDay) {
      lastWarningDay = today;
      LOG.warn("HTTPS server {}: its TLS certificate {} (keyfile {}) expires on {}; replace the keyfile before then",
          server, certificate.getSubjectX500Principal().getName(), file, notAfter);
    }
  }

  @Override
  public void close() {
    timer.shutdownNow();
  }
}
