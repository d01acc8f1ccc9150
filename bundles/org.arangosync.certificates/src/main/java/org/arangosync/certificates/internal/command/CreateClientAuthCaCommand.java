package org.arangosync.certificates.internal.command;

import java.nio.file.Path;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code arangosync create client-auth ca}: a self-signed CA that signs client-authentication certificates. */
@Command(name = "ca", mixinStandardHelpOptions = true, description = "Create a CA certificate and private key that signs client-authentication certificates.")
public final class CreateClientAuthCaCommand extends CreateCaCommand {

  @Option(names = "--cert", defaultValue = "client-auth-ca.crt", paramLabel = "FILE", description = "Output: CA certificate (default: ${DEFAULT-VALUE})")
  Path cert;

  @Option(names = "--key", defaultValue = "client-auth-ca.key", paramLabel = "FILE", description = "Output: CA private key, mode 0600 (default: ${DEFAULT-VALUE})")
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
    return "ArangoSync Client Authentication CA";
  }
}
