package org.arangosync.certificates.internal.command;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.arangosync.certificates.Purpose;
import org.arangosync.command.ExitCodes;
import org.arangosync.command.ReportsResult;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code arangosync create client-auth keyfile}: a client-authentication certificate (clientAuth). */
@Command(name = "keyfile", mixinStandardHelpOptions = true, description = "Create a keyfile (certificate, CA chain and private key in one PEM file): a client-authentication certificate (clientAuth).")
public final class CreateClientAuthKeyfileCommand implements Callable<Integer>, ReportsResult {

  @Spec private CommandSpec spec;

  @Option(names = "--cacert", defaultValue = "client-auth-ca.crt", paramLabel = "FILE", description = "CA certificate (default: ${DEFAULT-VALUE})")
  Path caCert;

  @Option(names = "--cakey", defaultValue = "client-auth-ca.key", paramLabel = "FILE", description = "CA private key (default: ${DEFAULT-VALUE})")
  Path caKey;

  @Mixin SubjectOptions subject;

  @Option(names = "--keyfile", defaultValue = "client-auth.keyfile", paramLabel = "FILE", description = "Output: keyfile, mode 0600 (default: ${DEFAULT-VALUE})")
  Path keyfile;

  @Option(names = "--validfor", defaultValue = Issuing.CLIENT_AUTH_VALIDITY, paramLabel = "DURATION", description = "How long the certificate is valid (default: ${DEFAULT-VALUE})")
  String validFor;

  /** The files written, as JSON; null until they all were. */
  private String resultJson;

  @Override
  public Integer call() {
    Issuing.writeKeyfile(Issuing.issue(caCert, caKey, Purpose.CLIENT, subject, validFor), keyfile, spec.commandLine().getOut());
    resultJson = new WrittenFiles().file("keyfile", keyfile).json();
    return ExitCodes.OK;
  }

  /** {@code {"keyfile": path}}. */
  @Override
  public String resultJson() {
    return resultJson;
  }
}
