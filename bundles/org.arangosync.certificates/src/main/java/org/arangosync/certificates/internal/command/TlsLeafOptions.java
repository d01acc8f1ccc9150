package org.arangosync.certificates.internal.command;

import java.nio.file.Path;
import org.arangosync.certificates.Issued;
import org.arangosync.certificates.Purpose;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** The flags of {@code create tls keyfile|certificate|keystore}: which CA signs a server certificate for which names. */
final class TlsLeafOptions {

  @Option(names = "--cacert", defaultValue = "tls-ca.crt", paramLabel = "FILE", description = "CA certificate (default: ${DEFAULT-VALUE})")
  Path caCert;

  @Option(names = "--cakey", defaultValue = "tls-ca.key", paramLabel = "FILE", description = "CA private key (default: ${DEFAULT-VALUE})")
  Path caKey;

  @Option(names = "--validfor", defaultValue = Issuing.TLS_VALIDITY, paramLabel = "DURATION",
      description = "How long the certificate is valid (default: ${DEFAULT-VALUE})")
  String validFor;

  @Mixin SubjectOptions subject;

  Issued issue() {
    return Issuing.issue(caCert, caKey, Purpose.SERVER, subject, validFor);
  }
}
