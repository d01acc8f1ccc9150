package org.arangosync.certificates.internal.command;

import picocli.CommandLine.Command;

/** {@code arangosync create client-auth ca}: a self-signed CA that signs client-authentication certificates. */
@Command(name = "ca", mixinStandardHelpOptions = true, description = "Create a CA certificate and private key that signs client-authentication certificates.")
public final class CreateClientAuthCaCommand extends CreateCaCommand {

  public CreateClientAuthCaCommand() {
    super("ArangoSync Client Authentication CA", "client-auth-ca.crt", "client-auth-ca.key");
  }
}
