package org.arangosync.metrics.internal;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import org.arangosync.certificates.Pem;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The end of validity of the first certificate in a PEM file (a keyfile's own certificate), read
 * again whenever the file changed, as the HTTPS server reloads a replaced keyfile.
 *
 * <p>Invariant: {@link #notAfter()} always has a value, that of the last readable content. A
 * replacement that cannot be read (half-written, not PEM) is logged once and the previous
 * certificate stays, which is also what the server goes on serving.
 *
 * <p>Thread safety: scrapes may call in at once; looking at the file holds the object's lock.
 */
final class WatchedCertificate {

  private static final Logger LOG = LoggerFactory.getLogger(WatchedCertificate.class);

  private final Path file;
  private Instant notAfter;
  private Object version;
  private Object refusedVersion;

  /**
   * Reads {@code file} now.
   *
   * @throws IllegalArgumentException when it cannot be read or holds no PEM certificate
   */
  WatchedCertificate(Path file) {
    this.file = Objects.requireNonNull(file, "file");
    this.version = version();
    this.notAfter = firstNotAfter(file);
  }

  /** When the file's first certificate stops being valid (reading the file again first if it changed). */
  synchronized Instant notAfter() {
    Object now = version();
    if (now != null && !now.equals(version) && !now.equals(refusedVersion)) {
      try {
        notAfter = firstNotAfter(file);
        version = now;
      } catch (IllegalArgumentException e) {
        refusedVersion = now;
        LOG.warn("certificate file {} changed but cannot be read ({}); its expiry is still shown for the previous certificate",
            file, e.getMessage());
      }
    }
    return notAfter;
  }

  /** The end of validity of the first certificate in {@code file}. */
  static Instant firstNotAfter(Path file) {
    List<X509Certificate> certificates = Pem.readCertificates(file);
    return certificates.get(0).getNotAfter().toInstant();
  }

  /** What tells one content of the file from the next: modification time, size and file key; null while it is missing. */
  private Object version() {
    try {
      BasicFileAttributes attributes = Files.readAttributes(file, BasicFileAttributes.class);
      return List.of(attributes.lastModifiedTime(), attributes.size(), String.valueOf(attributes.fileKey()));
    } catch (IOException e) {
      return null; // Being replaced right now, or gone: keep what was read.
    }
  }
}
