package org.arangosync.certificates;

import java.io.IOException;
import java.io.Reader;
import java.io.StringReader;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.PrivateKey;
import java.security.Security;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.pkcs.PKCSObjectIdentifiers;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.asn1.x9.X9ObjectIdentifiers;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.openssl.PEMEncryptedKeyPair;
import org.bouncycastle.openssl.PEMKeyPair;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.openssl.jcajce.JcaPEMKeyConverter;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.pkcs.PKCS8EncryptedPrivateKeyInfo;
import org.bouncycastle.util.io.pem.PemObject;

/**
 * PEM as ArangoSync writes it: certificates ({@code .crt}: leaf then chain), private keys as
 * unencrypted PKCS#8 ({@code .key}, readable by OpenSSL and curl) and keyfiles ({@code .keyfile}:
 * certificates then key). Reading also accepts OpenSSL's traditional EC and RSA key blocks.
 * Errors name the file and what is wrong with it.
 */
public final class Pem {

  private Pem() {}

  public static String certificates(List<X509Certificate> certificates) {
    StringWriter text = new StringWriter();
    try (JcaPEMWriter writer = new JcaPEMWriter(text)) {
      for (X509Certificate certificate : certificates) {
        writer.writeObject(certificate);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return text.toString();
  }

  /** The key as an unencrypted PKCS#8 block ({@code -----BEGIN PRIVATE KEY-----}). */
  public static String privateKey(PrivateKey key) {
    StringWriter text = new StringWriter();
    try (JcaPEMWriter writer = new JcaPEMWriter(text)) {
      writer.writeObject(new PemObject("PRIVATE KEY", key.getEncoded()));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return text.toString();
  }

  /** A keyfile: the certificate, its chain, then its private key. */
  public static String keyfile(Issued issued) {
    return certificates(issued.certificates()) + privateKey(issued.key());
  }

  /** Every certificate in {@code file}, in order; at least one. */
  public static List<X509Certificate> readCertificates(Path file) {
    return certificates(objects(text(file), file.toString()), file.toString());
  }

  /**
   * Every certificate in PEM {@code text} (e.g. a CA certificate passed on in JSON), in order; at
   * least one. {@code source} names where the text came from in errors.
   */
  public static List<X509Certificate> parseCertificates(String text, String source) {
    return certificates(objects(text, source), source);
  }

  private static List<X509Certificate> certificates(List<Object> objects, String source) {
    List<X509Certificate> certificates = new ArrayList<>();
    for (Object object : objects) {
      if (object instanceof X509CertificateHolder holder) {
        certificates.add(toCertificate(holder, source));
      }
    }
    if (certificates.isEmpty()) {
      throw new IllegalArgumentException(source + " holds no PEM certificate (-----BEGIN CERTIFICATE-----)");
    }
    return certificates;
  }

  /** The one private key in {@code file}; a password-protected key is refused. */
  public static PrivateKey readPrivateKey(Path file) {
    return parsePrivateKey(text(file), file.toString());
  }

  /** The one private key in PEM {@code text} from {@code source} (named in errors). */
  public static PrivateKey parsePrivateKey(String text, String source) {
    PrivateKey key = null;
    for (Object object : objects(text, source)) {
      PrivateKey found = toPrivateKey(object, source);
      if (found != null) {
        if (key != null) {
          throw new IllegalArgumentException(source + " holds more than one private key; keep one key per file");
        }
        key = found;
      }
    }
    if (key == null) {
      throw new IllegalArgumentException(source + " holds no PEM private key (-----BEGIN PRIVATE KEY-----)");
    }
    return key;
  }

  /** A keyfile: its first certificate with its private key, the others as its chain. */
  public static Issued readKeyfile(Path file) {
    return parseKeyfile(text(file), file.toString());
  }

  /**
   * A keyfile's content (certificates and key in PEM, e.g. a certificate and a key sent apart and
   * put together): its first certificate with its private key, the others as its chain.
   */
  public static Issued parseKeyfile(String text, String source) {
    List<X509Certificate> certificates = parseCertificates(text, source);
    PrivateKey key = parsePrivateKey(text, source);
    if (!CertificateIssuer.belongTogether(key, certificates.get(0).getPublicKey())) {
      throw new IllegalArgumentException("the private key in " + source + " does not belong to its first certificate "
          + certificates.get(0).getSubjectX500Principal().getName());
    }
    return new Issued(certificates.get(0), certificates.subList(1, certificates.size()), key);
  }

  /** A CA as {@code create tls keyfile} reads it: certificate file and key file, checked to match. */
  public static Issued readCa(Path certificateFile, Path keyFile) {
    List<X509Certificate> certificates = readCertificates(certificateFile);
    Issued ca = new Issued(certificates.get(0), certificates.subList(1, certificates.size()), readPrivateKey(keyFile));
    try {
      CertificateIssuer.requireCa(ca);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(e.getMessage() + " (" + certificateFile + ", " + keyFile + ")", e);
    }
    return ca;
  }

  private static String text(Path file) {
    try {
      return Files.readString(file, StandardCharsets.US_ASCII);
    } catch (NoSuchFileException e) {
      throw new IllegalArgumentException(file + " does not exist", e);
    } catch (IOException e) {
      throw new IllegalArgumentException("cannot read " + file + ": " + e.getMessage(), e);
    }
  }

  private static List<Object> objects(String text, String source) {
    List<Object> objects = new ArrayList<>();
    try (Reader reader = new StringReader(text); PEMParser parser = new PEMParser(reader)) {
      for (Object object = parser.readObject(); object != null; object = parser.readObject()) {
        objects.add(object);
      }
    } catch (IOException | RuntimeException e) {
      throw new IllegalArgumentException(source + " is not readable PEM: " + e.getMessage(), e);
    }
    return objects;
  }

  private static X509Certificate toCertificate(X509CertificateHolder holder, String file) {
    try {
      return new JcaX509CertificateConverter().getCertificate(holder);
    } catch (CertificateException e) {
      throw new IllegalArgumentException(file + " holds a certificate the JVM cannot read: " + e.getMessage(), e);
    }
  }

  /**
   * A converter that makes EC and RSA keys with the JDK's own providers. The JDK's TLS engine picks
   * a server key by its algorithm name ("EC"); a key made by BouncyCastle says "ECDSA" and would
   * leave the server without a certificate ("No available authentication scheme"), which is what
   * happens whenever BouncyCastle is the first provider, as some Karaf bundles make it.
   */
  private static JcaPEMKeyConverter jdkKeyConverter(PrivateKeyInfo info) {
    ASN1ObjectIdentifier algorithm = info.getPrivateKeyAlgorithm().getAlgorithm();
    String provider = X9ObjectIdentifiers.id_ecPublicKey.equals(algorithm) ? "SunEC"
        : PKCSObjectIdentifiers.rsaEncryption.equals(algorithm) ? "SunRsaSign" : null;
    JcaPEMKeyConverter converter = new JcaPEMKeyConverter();
    if (provider != null && Security.getProvider(provider) != null) {
      converter.setProvider(Security.getProvider(provider));
    }
    return converter;
  }

  private static PrivateKey toPrivateKey(Object object, String file) {
    PrivateKeyInfo info = object instanceof PEMKeyPair pair ? pair.getPrivateKeyInfo()
        : object instanceof PrivateKeyInfo plain ? plain : null;
    if (info != null) {
      try {
        return jdkKeyConverter(info).getPrivateKey(info);
      } catch (IOException e) {
        throw new IllegalArgumentException(file + " holds a private key the JVM cannot read: " + e.getMessage(), e);
      }
    }
    if (object instanceof PEMEncryptedKeyPair || object instanceof PKCS8EncryptedPrivateKeyInfo) {
      throw new IllegalArgumentException(file + " holds a password-protected private key; decrypt it first, e.g. "
          + "openssl pkcs8 -in " + file + " -out key.pem -nocrypt -topk8");
    }
    return null;
  }
}
