package org.arangosync.certificates;

import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;

/**
 * A certificate with its private key and the CA certificates above it.
 *
 * @param certificate the certificate itself
 * @param chain its issuers, nearest first, without the certificate; empty for a self-signed CA
 * @param key the private key of {@code certificate}
 */
public record Issued(X509Certificate certificate, List<X509Certificate> chain, PrivateKey key) {

  public Issued {
    chain = List.copyOf(chain);
  }

  /** The certificate followed by its chain, as a {@code .crt} or {@code .keyfile} holds them. */
  public List<X509Certificate> certificates() {
    List<X509Certificate> all = new ArrayList<>();
    all.add(certificate);
    all.addAll(chain);
    return all;
  }
}
