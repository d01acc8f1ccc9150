package org.arangosync.certificates;

import java.security.InvalidAlgorithmParameterException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.security.spec.ECGenParameterSpec;
import java.util.Locale;

/**
 * The kind of key pair to generate: ECDSA on a NIST curve (ArangoSync's default, P521 for its
 * tools) or RSA with a number of bits.
 *
 * @param curve P256, P384 or P521 for ECDSA; null for RSA
 * @param rsaBits 2048 to 8192 for RSA; 0 for ECDSA
 */
public record KeyType(String curve, int rsaBits) {

  public static final KeyType DEFAULT = new KeyType("P521", 0);

  public KeyType {
    if ((curve == null) == (rsaBits == 0)) {
      throw new IllegalArgumentException("a key type is either an ECDSA curve or an RSA size");
    }
    if (rsaBits != 0 && (rsaBits < 2048 || rsaBits > 8192)) {
      throw new IllegalArgumentException("RSA keys of " + rsaBits + " bits are not offered; use 2048 to 8192 bits");
    }
  }

  /**
   * The key type for the {@code --curve} and {@code --rsa-bits} flags: RSA when bits are given,
   * otherwise the curve (Go's names P256, P384, P521; case does not matter).
   */
  public static KeyType of(String curve, int rsaBits) {
    if (rsaBits != 0) {
      return new KeyType(null, rsaBits);
    }
    String name = curve == null ? "" : curve.strip().toUpperCase(Locale.ROOT);
    return switch (name) {
      case "P256", "P-256" -> new KeyType("P256", 0);
      case "P384", "P-384" -> new KeyType("P384", 0);
      case "P521", "P-521" -> new KeyType("P521", 0);
      default -> throw new IllegalArgumentException("unknown curve '" + curve + "'; use P256, P384 or P521");
    };
  }

  public boolean isRsa() {
    return rsaBits != 0;
  }

  /** The JCA signature algorithm for certificates signed with such a key (as Go's x509 chooses). */
  public String signatureAlgorithm() {
    if (isRsa()) {
      return "SHA256withRSA";
    }
    return switch (curve) {
      case "P384" -> "SHA384withECDSA";
      case "P521" -> "SHA512withECDSA";
      default -> "SHA256withECDSA";
    };
  }

  KeyPair generate(SecureRandom random) {
    try {
      if (isRsa()) {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
        generator.initialize(rsaBits, random);
        return generator.generateKeyPair();
      }
      KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
      generator.initialize(new ECGenParameterSpec(switch (curve) {
        case "P256" -> "secp256r1";
        case "P384" -> "secp384r1";
        default -> "secp521r1";
      }), random);
      return generator.generateKeyPair();
    } catch (NoSuchAlgorithmException | InvalidAlgorithmParameterException e) {
      throw new IllegalStateException("the JVM cannot generate " + this + " keys: " + e.getMessage(), e);
    }
  }

  /** The signature algorithm for certificates signed by an existing private key. */
  static String signatureAlgorithmFor(java.security.PrivateKey key) {
    if (key instanceof java.security.interfaces.RSAPrivateKey) {
      return "SHA256withRSA";
    }
    if (key instanceof java.security.interfaces.ECPrivateKey ec) {
      int bits = ec.getParams().getCurve().getField().getFieldSize();
      return bits > 384 ? "SHA512withECDSA" : bits > 256 ? "SHA384withECDSA" : "SHA256withECDSA";
    }
    throw new IllegalArgumentException("a " + key.getAlgorithm() + " key cannot sign certificates here; use an ECDSA or RSA CA key");
  }

  @Override
  public String toString() {
    return isRsa() ? "RSA " + rsaBits : "ECDSA " + curve;
  }
}
