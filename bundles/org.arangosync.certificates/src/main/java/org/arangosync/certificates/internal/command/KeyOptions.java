package org.arangosync.certificates.internal.command;

import org.arangosync.certificates.KeyType;
import org.arangosync.command.CommandFailure;
import picocli.CommandLine.Option;

/** {@code --curve} and {@code --rsa-bits}: the key to generate. */
final class KeyOptions {

  @Option(names = "--curve", defaultValue = "P521", paramLabel = "CURVE",
      description = "ECDSA curve of the new key: P256, P384 or P521 (default: ${DEFAULT-VALUE})")
  String curve;

  @Option(names = "--rsa-bits", defaultValue = "0", paramLabel = "BITS",
      description = "Generate an RSA key of this many bits (2048-8192) instead of an ECDSA key")
  int rsaBits;

  KeyType keyType() {
    try {
      return KeyType.of(curve, rsaBits);
    } catch (IllegalArgumentException e) {
      throw new CommandFailure((rsaBits != 0 ? "--rsa-bits: " : "--curve: ") + e.getMessage());
    }
  }
}
