package org.arangosync.core.internal.master;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import org.arangosync.api.spi.state.StateStore;
import org.arangosync.api.spi.state.StateStoreException;
import org.arangosync.api.spi.state.Transaction;
import org.arangosync.certificates.CertificateIssuer;
import org.arangosync.certificates.Issued;
import org.arangosync.certificates.KeyType;
import org.arangosync.certificates.Pem;
import org.arangosync.certificates.Purpose;

/**
 * The datacenter's CA for the workers' TLS server certificates (sent to each worker as
 * {@code httpServer.certificate/key} of its configuration), kept in the state store under
 * {@value #KEY} = {@code {"key": PEM, "certificate": PEM}}.
 *
 * <p>Invariant: a datacenter has exactly one worker CA. It is created with an "absent"
 * precondition, so when two masters race to create it one of them loses, drops its own and uses
 * the winner's; and every master signs with the one in the store, so any master's certificates
 * verify against it. The CA is never replaced while its entry exists.
 */
public final class WorkerCa {

  static final String KEY = "workerCA";

  /** As {@code create tls ca}: a CA lasts 15 years. */
  public static final Duration DEFAULT_CA_VALIDITY = Duration.ofDays(15 * 365);
  /** As {@code create tls keyfile}: a server certificate lasts 2 years (workers stop when theirs expires). */
  public static final Duration DEFAULT_CERTIFICATE_VALIDITY = Duration.ofDays(2 * 365);

  private static final ObjectMapper JSON = new ObjectMapper();

  private final StateStore store;
  private final CertificateIssuer issuer;
  private final KeyType keyType;
  private final Duration caValidity;
  private final Duration certificateValidity;
  private volatile Issued ca;

  public WorkerCa(StateStore store, CertificateIssuer issuer, KeyType keyType, Duration caValidity, Duration certificateValidity) {
    this.store = Objects.requireNonNull(store, "store");
    this.issuer = Objects.requireNonNull(issuer, "issuer");
    this.keyType = Objects.requireNonNull(keyType, "keyType");
    this.caValidity = caValidity;
    this.certificateValidity = certificateValidity;
  }

  /** With ArangoSync's defaults: P521 keys, CA for 15 years, certificates for 2 years. */
  public WorkerCa(StateStore store) {
    this(store, new CertificateIssuer(), KeyType.DEFAULT, DEFAULT_CA_VALIDITY, DEFAULT_CERTIFICATE_VALIDITY);
  }

  /**
   * The CA, read from the store or created there on first use.
   *
   * @throws StateStoreException when the store cannot be reached or holds a CA that cannot be read
   */
  public Issued ca() {
    Issued known = ca;
    if (known != null) {
      return known;
    }
    synchronized (this) {
      if (ca == null) {
        ca = store.read(KEY).map(WorkerCa::fromJson).orElseGet(this::create);
      }
      return ca;
    }
  }

  /** The CA certificate as PEM, e.g. for whoever must trust the workers. */
  public String certificatePem() {
    return Pem.certificates(List.of(ca().certificate()));
  }

  /**
   * A server certificate for {@code host} (DNS name or IP address), with the CA as its chain and
   * its new private key.
   *
   * @throws IllegalArgumentException when {@code host} is empty
   */
  public Issued issue(String host) {
    if (host == null || host.isBlank()) {
      throw new IllegalArgumentException("a worker certificate needs the worker's host name or IP address");
    }
    return issuer.issue(ca(), Purpose.SERVER, List.of(host), List.of(), certificateValidity, keyType);
  }

  private Issued create() {
    Issued created = issuer.createCa("ArangoSync worker CA", caValidity, keyType);
    String json = JSON.createObjectNode().put("key", Pem.privateKey(created.key()))
        .put("certificate", Pem.certificates(List.of(created.certificate()))).toString();
    if (store.write(Transaction.builder().set(KEY, json).ifAbsent(KEY).build())) {
      return created;
    }
    // Another master created one first: that one is the datacenter's.
    return store.read(KEY).map(WorkerCa::fromJson).orElseThrow(() -> new StateStoreException(
        "the worker CA at " + KEY + " was created by another master but is gone again; was the state store cleared?", null));
  }

  private static Issued fromJson(String json) {
    try {
      JsonNode stored = JSON.readTree(json);
      X509Certificate certificate = Pem.parseCertificates(stored.path("certificate").asText(), KEY + ".certificate").get(0);
      Issued ca = new Issued(certificate, List.of(), Pem.parsePrivateKey(stored.path("key").asText(), KEY + ".key"));
      CertificateIssuer.requireCa(ca);
      return ca;
    } catch (IOException | IllegalArgumentException e) {
      throw new StateStoreException("the worker CA at " + KEY + " in the state store cannot be used: " + e.getMessage(), e);
    }
  }
}
