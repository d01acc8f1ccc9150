package org.arangosync.certificates.internal.command;

import java.nio.file.Path;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code arangosync create tls ca}: a self-signed CA that signs the TLS certificates of sync masters and workers. */
@Command(name = "ca", mixinStandardHelpOptions = true, description = "Create a CA certificate and private key that signs the TLS certificates of sync masters and workers.")
public final class CreateTlsCaCommand extends CreateCaCommand {

  @Option(names = "--cert", defaultValue = "tls-ca.crt", paramLabel = "FILE", description = "Output: CA certificate (default: ${DEFAULT-VALUE})")
  Path cert;

  @Option(names = "--key", defaultValue = "tls-ca.key", paramLabel = "FILE", description = "Output: CA private key, mode 0600 (default: ${DEFAULT-VALUE})")
  Path key;

  @Override
  Path certificateFile() {
    return cert;
  }

  @Override
  Path keyFile() {
    return key;
  }

  @Override
  String commonName() {
    return "ArangoSync TLS CA";
  }
}
