package org.arangosync.certificates;

import java.io.IOException;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.security.Principal;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.X509ExtendedKeyManager;

/**
 * A key manager that serves the keyfile as it is on disk now: when the file is replaced (e.g. by
 * {@code arangosync create tls keyfile} re-run by a systemd unit), new connections get the new
 * certificate within {@code checkEvery}, without a restart. ArangoSync needs a restart here.
 *
 * <p>The file is looked at lazily, during handshakes, at most once per {@code checkEvery}: no
 * thread of its own, nothing to stop. A replacement that cannot be read (half-written, wrong key)
 * is logged once and the previous certificate stays in use until a readable one appears.
 *
 * <p>Thread safety: handshakes on many threads call in at once; the current keyfile is one
 * volatile reference, replaced whole.
 */
public final class ReloadingKeyfile extends X509ExtendedKeyManager {

  private static final System.Logger LOG = System.getLogger(ReloadingKeyfile.class.getName());
  private static final String ALIAS_PREFIX = "keyfile-";

  private final Path file;
  private final Duration checkEvery;
  private final Clock clock;
  private volatile Loaded current;
  private volatile Loaded previous;
  private volatile Instant nextCheck;
  private volatile Object lastRefused;

  /**
   * One content of the file. Its alias carries the generation, so that a handshake that chose a
   * certificate gets that certificate's chain and key even if the file is reloaded meanwhile.
   */
  private record Loaded(Issued keyfile, Object version, int generation) {
    String alias() {
      return ALIAS_PREFIX + generation;
    }
  }

  /**
   * Reads {@code file} now.
   *
   * @throws IllegalArgumentException when it is not a readable keyfile
   */
  public ReloadingKeyfile(Path file, Duration checkEvery) {
    this(file, checkEvery, Clock.systemUTC());
  }

  ReloadingKeyfile(Path file, Duration checkEvery, Clock clock) {
    this.file = Objects.requireNonNull(file, "file");
    this.checkEvery = Objects.requireNonNull(checkEvery, "checkEvery");
    this.clock = clock;
    this.current = new Loaded(Pem.readKeyfile(file), version(), 0);
    this.nextCheck = clock.instant().plus(checkEvery);
  }

  /** The keyfile in use now (checking the disk first when it is time). */
  public Issued keyfile() {
    Instant now = clock.instant();
    if (now.isAfter(nextCheck)) {
      nextCheck = now.plus(checkEvery);
      reloadIfChanged();
    }
    return current.keyfile();
  }

  /** Whole days until the certificate in use expires (negative once it has): for metrics and warnings. */
  public long daysUntilExpiry() {
    return Duration.between(clock.instant(), keyfile().certificate().getNotAfter().toInstant()).toDays();
  }

  private synchronized void reloadIfChanged() {
    Object version = version();
    if (version == null || version.equals(current.version()) || version.equals(lastRefused)) {
      return;
    }
    try {
      Issued replacement = Pem.readKeyfile(file);
      previous = current;
      current = new Loaded(replacement, version, current.generation() + 1);
      LOG.log(System.Logger.Level.INFO, "TLS keyfile {0} reloaded: now serving {1}, valid until {2}", file,
          replacement.certificate().getSubjectX500Principal().getName(), replacement.certificate().getNotAfter().toInstant());
    } catch (IllegalArgumentException e) {
      lastRefused = version;
      LOG.log(System.Logger.Level.WARNING, "TLS keyfile {0} changed but cannot be used ({1}); still serving the previous certificate",
          file, e.getMessage());
    }
  }

  /** What tells one content of the file from the next: modification time, size and file key. */
  private Object version() {
    try {
      BasicFileAttributes attributes = Files.readAttributes(file, BasicFileAttributes.class);
      return java.util.List.of(attributes.lastModifiedTime(), attributes.size(), String.valueOf(attributes.fileKey()));
    } catch (IOException e) {
      return null; // Being replaced right now, or gone: keep serving what we have.
    }
  }

  @Override
  public String chooseEngineServerAlias(String keyType, Principal[] issuers, SSLEngine engine) {
    return chooseServerAlias(keyType, issuers, (Socket) null);
  }

  @Override
  public String chooseServerAlias(String keyType, Principal[] issuers, Socket socket) {
    keyfile(); // a handshake starts here: the moment to look at the disk
    Loaded loaded = current;
    return matches(loaded, keyType) ? loaded.alias() : null;
  }

  @Override
  public String chooseEngineClientAlias(String[] keyTypes, Principal[] issuers, SSLEngine engine) {
    return chooseClientAlias(keyTypes, issuers, null);
  }

  @Override
  public String chooseClientAlias(String[] keyTypes, Principal[] issuers, Socket socket) {
    keyfile();
    Loaded loaded = current;
    for (String keyType : keyTypes) {
      if (matches(loaded, keyType)) {
        return loaded.alias();
      }
    }
    return null;
  }

  @Override
  public String[] getServerAliases(String keyType, Principal[] issuers) {
    Loaded loaded = current;
    return matches(loaded, keyType) ? new String[] {loaded.alias()} : null;
  }

  @Override
  public String[] getClientAliases(String keyType, Principal[] issuers) {
    return getServerAliases(keyType, issuers);
  }

  @Override
  public X509Certificate[] getCertificateChain(String alias) {
    Loaded loaded = byAlias(alias);
    return loaded == null ? null : loaded.keyfile().certificates().toArray(X509Certificate[]::new);
  }

  @Override
  public PrivateKey getPrivateKey(String alias) {
    Loaded loaded = byAlias(alias);
    return loaded == null ? null : loaded.keyfile().key();
  }

  private Loaded byAlias(String alias) {
    for (Loaded loaded : new Loaded[] {current, previous}) {
      if (loaded != null && loaded.alias().equals(alias)) {
        return loaded;
      }
    }
    return null;
  }

  /** JSSE asks by key type ("EC", "RSA", and for TLS 1.2 "EC_EC" and the like). */
  private static boolean matches(Loaded loaded, String keyType) {
    String algorithm = loaded.keyfile().key().getAlgorithm();
    return keyType != null && (keyType.equals(algorithm) || keyType.startsWith(algorithm + "_"));
  }
}
