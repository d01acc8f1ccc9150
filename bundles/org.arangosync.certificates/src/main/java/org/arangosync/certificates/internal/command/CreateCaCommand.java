package org.arangosync.certificates.internal.command;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.arangosync.command.ExitCodes;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code create tls ca} and {@code create client-auth ca}: the same work, different file names and common names. */
abstract class CreateCaCommand implements Callable<Integer> {

  @Spec private CommandSpec spec;

  @Option(names = "--validfor", defaultValue = Issuing.CA_VALIDITY, paramLabel = "DURATION",
      description = "How long the CA is valid (default: ${DEFAULT-VALUE})")
  String validFor;

  @Mixin KeyOptions keyOptions;

  abstract Path certificateFile();

  abstract Path keyFile();

  abstract String commonName();

  @Override
  public Integer call() {
    Issuing.writeCa(Issuing.createCa(commonName(), validFor, keyOptions), certificateFile(), keyFile(), spec.commandLine().getOut());
    return ExitCodes.OK;
  }
}
