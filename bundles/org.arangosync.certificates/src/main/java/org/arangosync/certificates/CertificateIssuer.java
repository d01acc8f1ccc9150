package org.arangosync.certificates;

import java.math.BigInteger;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.cert.X509Certificate;
import java.security.interfaces.ECPrivateKey;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.RSAPrivateKey;
import java.security.interfaces.RSAPublicKey;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.regex.Pattern;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x500.X500NameBuilder;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.CertIOException;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509ExtensionUtils;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * Creates CAs and the certificates they sign, with what ArangoSync's certificates carry: CA basic
 * constraints and key usages on CAs; on leaves the extended key usage of their {@link Purpose} and
 * subject alternative names for DNS names, IP addresses and e-mail addresses.
 *
 * <p>Validity starts five minutes in the past: datacenters' clocks differ a little, and a
 * certificate created on one machine must be valid at once on the other.
 */
public final class CertificateIssuer {

  private static final Duration CLOCK_SKEW = Duration.ofMinutes(5);
  private static final String ORGANIZATION = "ArangoDB";
  private static final Pattern IP_LITERAL = Pattern.compile("^[0-9.]+$|^\\[?[0-9a-fA-F:]*:[0-9a-fA-F:.]*\\]?$");

  private final SecureRandom random = new SecureRandom();

  /** A self-signed CA named {@code commonName}, valid for {@code validFor}. */
  public Issued createCa(String commonName, Duration validFor, KeyType keyType) {
    requirePositive(validFor);
    KeyPair pair = keyType.generate(random);
    X500Name subject = name(commonName);
    Instant now = Instant.now();
    try {
      JcaX509ExtensionUtils utils = new JcaX509ExtensionUtils();
      X509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(subject, serial(), Date.from(now.minus(CLOCK_SKEW)),
          Date.from(now.plus(validFor)), subject, pair.getPublic())
          .addExtension(Extension.basicConstraints, true, new BasicConstraints(true))
          .addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign | KeyUsage.digitalSignature))
          .addExtension(Extension.subjectKeyIdentifier, false, utils.createSubjectKeyIdentifier(pair.getPublic()));
      return new Issued(sign(builder, pair.getPrivate()), List.of(), pair.getPrivate());
    } catch (GeneralSecurityException | CertIOException e) {
      throw new IllegalStateException("cannot create a CA certificate: " + e.getMessage(), e);
    }
  }

  /**
   * A certificate for {@code hosts} (DNS names or IP addresses) and {@code emails}, signed by
   * {@code ca}. The common name is the first host, or the first e-mail address without hosts.
   *
   * @throws IllegalArgumentException without any host or e-mail, or when the CA's key does not
   *     belong to its certificate or the CA certificate is not a CA
   */
  public Issued issue(Issued ca, Purpose purpose, List<String> hosts, List<String> emails, Duration validFor, KeyType keyType) {
    requirePositive(validFor);
    Instant now = Instant.now();
    return issue(ca, purpose, hosts, emails, now.minus(CLOCK_SKEW), now.plus(validFor), keyType);
  }

  /** As {@link #issue(Issued, Purpose, List, List, Duration, KeyType)} with an explicit validity period. */
  public Issued issue(Issued ca, Purpose purpose, List<String> hosts, List<String> emails, Instant notBefore, Instant notAfter,
      KeyType keyType) {
    if (!notAfter.isAfter(notBefore)) {
      throw new IllegalArgumentException("a certificate must end after it begins");
    }
    List<String> hostNames = clean(hosts);
    List<String> addresses = clean(emails);
    if (hostNames.isEmpty() && addresses.isEmpty()) {
      throw new IllegalArgumentException("name at least one --host or --email for the certificate");
    }
    requireCa(ca);
    KeyPair pair = keyType.generate(random);
    List<GeneralName> names = new ArrayList<>();
    for (String host : hostNames) {
      names.add(isIpAddress(host) ? new GeneralName(GeneralName.iPAddress, stripBrackets(host)) : new GeneralName(GeneralName.dNSName, host));
    }
    for (String email : addresses) {
      names.add(new GeneralName(GeneralName.rfc822Name, email));
    }
    try {
      JcaX509ExtensionUtils utils = new JcaX509ExtensionUtils();
      X500Name issuer = X500Name.getInstance(ca.certificate().getSubjectX500Principal().getEncoded());
      KeyPurposeId[] usages = switch (purpose) {
        case SERVER -> new KeyPurposeId[] {KeyPurposeId.id_kp_serverAuth};
        case CLIENT -> new KeyPurposeId[] {KeyPurposeId.id_kp_clientAuth};
        case SERVER_AND_CLIENT -> new KeyPurposeId[] {KeyPurposeId.id_kp_serverAuth, KeyPurposeId.id_kp_clientAuth};
      };
      int keyUsage = KeyUsage.digitalSignature | (keyType.isRsa() ? KeyUsage.keyEncipherment : KeyUsage.keyAgreement);
      X509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(issuer, serial(), Date.from(notBefore),
          Date.from(notAfter), name(hostNames.isEmpty() ? addresses.get(0) : hostNames.get(0)), pair.getPublic())
          .addExtension(Extension.basicConstraints, true, new BasicConstraints(false))
          .addExtension(Extension.keyUsage, true, new KeyUsage(keyUsage))
          .addExtension(Extension.extendedKeyUsage, false, new ExtendedKeyUsage(usages))
          .addExtension(Extension.subjectAlternativeName, false, new GeneralNames(names.toArray(GeneralName[]::new)))
          .addExtension(Extension.subjectKeyIdentifier, false, utils.createSubjectKeyIdentifier(pair.getPublic()))
          .addExtension(Extension.authorityKeyIdentifier, false, utils.createAuthorityKeyIdentifier(ca.certificate()));
      List<X509Certificate> chain = new ArrayList<>(ca.certificates());
      return new Issued(sign(builder, ca.key()), chain, pair.getPrivate());
    } catch (GeneralSecurityException | CertIOException e) {
      throw new IllegalStateException("cannot create a certificate: " + e.getMessage(), e);
    }
  }

  /**
   * Checks that {@code ca} can sign: its certificate is a CA and its private key belongs to it.
   *
   * @throws IllegalArgumentException saying which of the two is wrong
   */
  public static void requireCa(Issued ca) {
    if (ca.certificate().getBasicConstraints() < 0) {
      throw new IllegalArgumentException("the certificate " + ca.certificate().getSubjectX500Principal().getName()
          + " is not a CA certificate (no CA basic constraint)");
    }
    if (!belongTogether(ca.key(), ca.certificate().getPublicKey())) {
      throw new IllegalArgumentException("the CA key does not belong to the CA certificate "
          + ca.certificate().getSubjectX500Principal().getName());
    }
  }

  /** True when {@code key} signs what {@code publicKey} verifies. */
  static boolean belongTogether(PrivateKey key, PublicKey publicKey) {
    // By family, not by getAlgorithm(): the names depend on the provider that made the key (with
    // BouncyCastle registered first, as some Karaf bundles do, an EC private key says "ECDSA").
    boolean sameFamily = (key instanceof RSAPrivateKey && publicKey instanceof RSAPublicKey)
        || (key instanceof ECPrivateKey && publicKey instanceof ECPublicKey);
    if (!sameFamily) {
      return false;
    }
    try {
      byte[] probe = new byte[32];
      new SecureRandom().nextBytes(probe);
      String algorithm = KeyType.signatureAlgorithmFor(key);
      Signature signer = Signature.getInstance(algorithm);
      signer.initSign(key);
      signer.update(probe);
      byte[] signature = signer.sign();
      Signature verifier = Signature.getInstance(algorithm);
      verifier.initVerify(publicKey);
      verifier.update(probe);
      return verifier.verify(signature);
    } catch (GeneralSecurityException | IllegalArgumentException e) {
      return false;
    }
  }

  private X509Certificate sign(X509v3CertificateBuilder builder, PrivateKey signingKey) throws GeneralSecurityException {
    try {
      return new JcaX509CertificateConverter().getCertificate(
          builder.build(new JcaContentSignerBuilder(KeyType.signatureAlgorithmFor(signingKey)).build(signingKey)));
    } catch (OperatorCreationException e) {
      throw new GeneralSecurityException(e.getMessage(), e);
    }
  }

  private BigInteger serial() {
    return new BigInteger(127, random).add(BigInteger.ONE);
  }

  private static X500Name name(String commonName) {
    return new X500NameBuilder(BCStyle.INSTANCE).addRDN(BCStyle.O, ORGANIZATION).addRDN(BCStyle.CN, commonName).build();
  }

  private static List<String> clean(List<String> values) {
    return values == null ? List.of() : values.stream().map(String::strip).filter(v -> !v.isEmpty()).toList();
  }

  private static boolean isIpAddress(String host) {
    if (!IP_LITERAL.matcher(host).matches()) {
      return false;
    }
    try {
      InetAddress.getByName(stripBrackets(host));
      return true;
    } catch (UnknownHostException e) {
      return false;
    }
  }

  private static String stripBrackets(String host) {
    return host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
  }

  private static void requirePositive(Duration validFor) {
    if (validFor == null || validFor.isNegative() || validFor.isZero()) {
      throw new IllegalArgumentException("--validfor must be a positive duration such as 17520h");
    }
  }
}
