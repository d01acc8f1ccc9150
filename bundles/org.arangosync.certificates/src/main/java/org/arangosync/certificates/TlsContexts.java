package org.arangosync.certificates;

import java.net.Socket;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.CertificateException;
import java.security.cert.CertificateParsingException;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Date;
import java.util.List;
import javax.net.ssl.KeyManager;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLSession;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509ExtendedTrustManager;

/**
 * SSLContexts for the rest of the product, built from keyfiles and CA certificates.
 *
 * <p>Trust decisions are the JDK's (PKIX path validation, extended key usage for the TLS side,
 * validity; host names are checked by the client's endpoint identification, which callers switch
 * on with {@code SSLParameters.setEndpointIdentificationAlgorithm("HTTPS")}). There is no
 * trust-all path. What this class adds: when the JDK refuses a certificate, the exception says in
 * plain words which check failed — not signed by a trusted CA, the wrong usage (a client-auth
 * certificate as a server's or the reverse), another host, expired or not yet valid.
 */
public final class TlsContexts {

  private static final String OID_SERVER_AUTH = "1.3.6.1.5.5.7.3.1";
  private static final String OID_CLIENT_AUTH = "1.3.6.1.5.5.7.3.2";

  private TlsContexts() {}

  /**
   * A server's context: presents {@code keyfile}; with {@code clientCas} not empty, clients must
   * present a clientAuth certificate signed by one of them (the caller requires client auth on
   * its connector or engine).
   */
  public static SSLContext server(Issued keyfile, List<X509Certificate> clientCas) {
    return context(keyManagers(keyfile), clientCas.isEmpty() ? null : new TrustManager[] {explaining(clientCas)});
  }

  /**
   * A server's context over a keyfile on disk: a replaced keyfile is served to new connections
   * within {@code checkEvery} (see {@link ReloadingKeyfile}).
   */
  public static SSLContext server(ReloadingKeyfile keyfile, List<X509Certificate> clientCas) {
    return context(new KeyManager[] {keyfile}, clientCas.isEmpty() ? null : new TrustManager[] {explaining(clientCas)});
  }

  /** A client's context: trusts servers signed by {@code serverCas}; presents {@code clientKeyfile} when not null. */
  public static SSLContext client(List<X509Certificate> serverCas, Issued clientKeyfile) {
    if (serverCas.isEmpty()) {
      throw new IllegalArgumentException("name the CA certificate that signed the server's certificate");
    }
    return context(clientKeyfile == null ? null : keyManagers(clientKeyfile), new TrustManager[] {explaining(serverCas)});
  }

  private static SSLContext context(KeyManager[] keyManagers, TrustManager[] trustManagers) {
    try {
      SSLContext context = SSLContext.getInstance("TLS");
      context.init(keyManagers, trustManagers, null);
      return context;
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("cannot create a TLS context: " + e.getMessage(), e);
    }
  }

  /** Key managers that present {@code keyfile}: for clients that trust servers in a way of their own. */
  public static KeyManager[] keyManagers(Issued keyfile) {
    try {
      KeyStore store = KeyStore.getInstance("PKCS12");
      store.load(null, null);
      char[] password = new char[0];
      store.setKeyEntry("key", keyfile.key(), password, keyfile.certificates().toArray(X509Certificate[]::new));
      KeyManagerFactory factory = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
      factory.init(store, password);
      return factory.getKeyManagers();
    } catch (GeneralSecurityException | java.io.IOException e) {
      throw new IllegalArgumentException("cannot use the keyfile's key and certificate: " + e.getMessage(), e);
    }
  }

  private static X509ExtendedTrustManager explaining(List<X509Certificate> cas) {
    try {
      KeyStore store = KeyStore.getInstance("PKCS12");
      store.load(null, null);
      int index = 0;
      for (X509Certificate ca : cas) {
        store.setCertificateEntry("ca-" + index++, ca);
      }
      TrustManagerFactory factory = TrustManagerFactory.getInstance("PKIX");
      factory.init(store);
      for (TrustManager manager : factory.getTrustManagers()) {
        if (manager instanceof X509ExtendedTrustManager jdk) {
          return new ExplainingTrustManager(jdk, List.copyOf(cas));
        }
      }
      throw new IllegalStateException("the JVM offers no X509ExtendedTrustManager");
    } catch (GeneralSecurityException | java.io.IOException e) {
      throw new IllegalArgumentException("cannot trust the given CA certificates: " + e.getMessage(), e);
    }
  }

  /** Delegates every decision to the JDK; on refusal, says why in an operator's words. */
  private static final class ExplainingTrustManager extends X509ExtendedTrustManager {
    private final X509ExtendedTrustManager jdk;
    private final List<X509Certificate> cas;

    ExplainingTrustManager(X509ExtendedTrustManager jdk, List<X509Certificate> cas) {
      this.jdk = jdk;
      this.cas = cas;
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket) throws CertificateException {
      try {
        jdk.checkClientTrusted(chain, authType, socket);
      } catch (CertificateException e) {
        throw explain(chain, true, null, e);
      }
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine) throws CertificateException {
      try {
        jdk.checkClientTrusted(chain, authType, engine);
      } catch (CertificateException e) {
        throw explain(chain, true, null, e);
      }
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType) throws CertificateException {
      try {
        jdk.checkClientTrusted(chain, authType);
      } catch (CertificateException e) {
        throw explain(chain, true, null, e);
      }
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket) throws CertificateException {
      try {
        jdk.checkServerTrusted(chain, authType, socket);
      } catch (CertificateException e) {
        throw explain(chain, false, socket instanceof javax.net.ssl.SSLSocket ssl ? ssl.getHandshakeSession() : null, e);
      }
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine) throws CertificateException {
      try {
        jdk.checkServerTrusted(chain, authType, engine);
      } catch (CertificateException e) {
        throw explain(chain, false, engine == null ? null : engine.getHandshakeSession(), e);
      }
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType) throws CertificateException {
      try {
        jdk.checkServerTrusted(chain, authType);
      } catch (CertificateException e) {
        throw explain(chain, false, null, e);
      }
    }

    @Override
    public X509Certificate[] getAcceptedIssuers() {
      return jdk.getAcceptedIssuers();
    }

    /** The first check that fails, in the order an operator would look: signer, dates, usage, host. */
    private CertificateException explain(X509Certificate[] chain, boolean client, SSLSession session, CertificateException cause) {
      if (chain == null || chain.length == 0) {
        return cause;
      }
      X509Certificate leaf = chain[0];
      String who = (client ? "client" : "server") + " certificate " + leaf.getSubjectX500Principal().getName();
      String why;
      if (!signedByTrustedCa(chain)) {
        why = who + " is not signed by a trusted CA (trusted: " + names(cas) + "; issuer: " + leaf.getIssuerX500Principal().getName() + ")";
      } else if (leaf.getNotAfter().before(new Date())) {
        why = who + " expired on " + leaf.getNotAfter().toInstant() + "; create a new one";
      } else if (leaf.getNotBefore().after(new Date())) {
        why = who + " is not valid before " + leaf.getNotBefore().toInstant() + " (now " + Instant.now() + "); check the clocks";
      } else if (!hasUsage(leaf, client ? OID_CLIENT_AUTH : OID_SERVER_AUTH)) {
        why = who + (client ? " is not a client-authentication certificate (no clientAuth usage); create one with 'create client-auth keyfile'"
            : " is not a TLS server certificate (no serverAuth usage); create one with 'create tls keyfile'");
      } else if (session != null && session.getPeerHost() != null) {
        why = who + " is for " + subjectNames(leaf) + ", not for host " + session.getPeerHost()
            + "; create it with --host=" + session.getPeerHost();
      } else {
        why = who + " was refused: " + cause.getMessage();
      }
      return new CertificateException(why, cause);
    }

    private boolean signedByTrustedCa(X509Certificate[] chain) {
      X509Certificate top = chain[chain.length - 1];
      for (X509Certificate ca : cas) {
        if (top.equals(ca)) {
          return true;
        }
        try {
          if (top.getIssuerX500Principal().equals(ca.getSubjectX500Principal())) {
            top.verify(ca.getPublicKey());
            return true;
          }
        } catch (GeneralSecurityException e) {
          // Same name, other key: not this CA.
        }
      }
      return false;
    }

    private static boolean hasUsage(X509Certificate certificate, String oid) {
      try {
        List<String> usages = certificate.getExtendedKeyUsage();
        return usages == null || usages.contains(oid);
      } catch (CertificateParsingException e) {
        return false;
      }
    }

    private static String names(List<X509Certificate> certificates) {
      List<String> names = new ArrayList<>();
      certificates.forEach(c -> names.add(c.getSubjectX500Principal().getName()));
      return String.join(", ", names);
    }

    private static List<String> subjectNames(X509Certificate certificate) {
      List<String> names = new ArrayList<>();
      try {
        Collection<List<?>> alternatives = certificate.getSubjectAlternativeNames();
        if (alternatives != null) {
          alternatives.forEach(entry -> names.add(String.valueOf(entry.get(1))));
        }
      } catch (CertificateParsingException e) {
        names.add("(unreadable names)");
      }
      return names;
    }
  }
}
