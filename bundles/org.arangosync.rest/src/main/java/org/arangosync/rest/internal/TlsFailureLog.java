package org.arangosync.rest.internal;

import javax.net.ssl.SSLEngine;
import org.eclipse.jetty.io.ssl.SslHandshakeListener;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Logs refused TLS handshakes with the reason the trust manager gave (untrusted CA, wrong usage,
 * expired), so that an operator whose client certificate is refused finds out why on the server.
 */
public final class TlsFailureLog implements SslHandshakeListener {

  private static final Logger LOG = LoggerFactory.getLogger(TlsFailureLog.class);

  private final String server;

  public TlsFailureLog(String server) {
    this.server = server;
  }

  @Override
  public void handshakeFailed(Event event, Throwable failure) {
    SSLEngine engine = event.getSSLEngine();
    // The trust manager's explanation is the outermost CertificateException; without one, the root cause says most.
    Throwable reason = failure;
    for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
      if (t instanceof java.security.cert.CertificateException) {
        reason = t;
        break;
      }
      reason = t;
    }
    LOG.warn("HTTPS server {}: TLS handshake with {} refused: {}", server,
        engine.getPeerHost() == null ? "a client" : engine.getPeerHost() + ":" + engine.getPeerPort(), reason.getMessage());
  }
}
