package org.arangosync.certificates.internal.command;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.arangosync.command.ExitCodes;
import org.arangosync.command.ReportsResult;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code arangosync create tls keystore}: a TLS server certificate in a Java keystore (JKS). */
@Command(name = "keystore", mixinStandardHelpOptions = true,
    description = "Create a TLS server certificate with its CA chain and private key in a Java keystore (JKS).")
public final class CreateTlsKeystoreCommand implements Callable<Integer>, ReportsResult {

  @Spec private CommandSpec spec;

  @Mixin TlsLeafOptions leaf;

  @Option(names = "--keystore", defaultValue = "tls.jks", paramLabel = "FILE", description = "Output: keystore, mode 0600 (default: ${DEFAULT-VALUE})")
  Path keystore;

  @Option(names = "--keystore-password", required = true, paramLabel = "PASSWORD", description = "Password of the keystore and of its key entry")
  String password;

  @Option(names = "--alias", required = true, paramLabel = "NAME", description = "Name of the key entry in the keystore")
  String alias;

  /** The files written, as JSON; null until they all were. */
  private String resultJson;

  @Override
  public Integer call() {
    if (password.isEmpty()) {
      throw new org.arangosync.command.CommandFailure("--keystore-password must not be empty: a JKS key entry needs a password");
    }
    Issuing.writeKeystore(leaf.issue(), keystore, password, alias, spec.commandLine().getOut());
    resultJson = new WrittenFiles().file("keystore", keystore).text("alias", alias).json();
    return ExitCodes.OK;
  }

  /** {@code {"keystore": path, "alias": name}}. */
  @Override
  public String resultJson() {
    return resultJson;
  }
}
