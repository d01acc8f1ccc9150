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

/** {@code arangosync create tls keyfile}: a TLS server certificate (serverAuth) for sync masters and workers. */
@Command(name = "keyfile", mixinStandardHelpOptions = true,
    description = "Create a keyfile (certificate, CA chain and private key in one PEM file) for a TLS server: sync masters and workers.")
public final class CreateTlsKeyfileCommand implements Callable<Integer>, ReportsResult {

  @Spec private CommandSpec spec;

  @Mixin TlsLeafOptions leaf;

  @Option(names = "--keyfile", defaultValue = "tls.keyfile", paramLabel = "FILE", description = "Output: keyfile, mode 0600 (default: ${DEFAULT-VALUE})")
  Path keyfile;

  /** The files written, as JSON; null until they all were. */
  private String resultJson;

  @Override
  public Integer call() {
    Issuing.writeKeyfile(leaf.issue(), keyfile, spec.commandLine().getOut());
    resultJson = new WrittenFiles().file("keyfile", keyfile).json();
    return ExitCodes.OK;
  }

  /** {@code {"keyfile": path}}. */
  @Override
  public String resultJson() {
    return resultJson;
  }
}
