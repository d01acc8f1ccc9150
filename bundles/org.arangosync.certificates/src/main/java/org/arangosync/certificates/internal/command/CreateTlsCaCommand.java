package org.arangosync.certificates.internal.command;

import picocli.CommandLine.Command;

/** {@code arangosync create tls ca}: a self-signed CA that signs the TLS certificates of sync masters and workers. */
@Command(name = "ca", mixinStandardHelpOptions = true, description = "Create a CA certificate and private key that signs the TLS certificates of sync masters and workers.")
public final class CreateTlsCaCommand extends CreateCaCommand {

  public CreateTlsCaCommand() {
    super("ArangoSync TLS CA", "tls-ca.crt", "tls-ca.key");
  }
}
