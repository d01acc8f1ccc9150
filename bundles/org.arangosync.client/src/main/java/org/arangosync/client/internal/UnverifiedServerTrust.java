package org.arangosync.client.internal;

import java.net.Socket;
import java.security.cert.X509Certificate;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.X509ExtendedTrustManager;

/**
 * Accepts every server certificate and checks no host name.
 *
 * <p>Exists only because ArangoSync's command line connects to masters without
 * {@code --master.cacert} ("Accepting unverified master TLS certificate"), and the seed's command
 * lines rely on that. It is used only when the operator gave no CA, always with that warning
 * printed, and never for server-to-server connections. It refuses to act as a client-certificate
 * check.
 */
public final class UnverifiedServerTrust extends X509ExtendedTrustManager {

  @Override
  public void checkServerTrusted(X509Certificate[] chain, String authType) {
    // Deliberately accepts: see the class comment.
  }

  @Override
  public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket) {
    // Deliberately accepts: see the class comment.
  }

  @Override
  public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine) {
    // Deliberately accepts: see the class comment.
  }

  @Override
  public void checkClientTrusted(X509Certificate[] chain, String authType) throws java.security.cert.CertificateException {
    throw new java.security.cert.CertificateException("this trust manager never verifies clients");
  }

  @Override
  public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket)
      throws java.security.cert.CertificateException {
    checkClientTrusted(chain, authType);
  }

  @Override
  public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine)
      throws java.security.cert.CertificateException {
    checkClientTrusted(chain, authType);
  }

  @Override
  public X509Certificate[] getAcceptedIssuers() {
    return new X509Certificate[0];
  }
}
