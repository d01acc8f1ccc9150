package org.arangosync.certificates.internal.command;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.arangosync.command.ExitCodes;
import org.arangosync.command.ReportsResult;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code create tls ca} and {@code create client-auth ca}: the same work and flags; a subclass
 * only names the default files and the common name (picocli shows a field's initial value as its
 * default).
 */
abstract class CreateCaCommand implements Callable<Integer>, ReportsResult {

  @Spec private CommandSpec spec;

  @Option(names = "--cert", paramLabel = "FILE", description = "Output: CA certificate (default: ${DEFAULT-VALUE})")
  Path cert;

  @Option(names = "--key", paramLabel = "FILE", description = "Output: CA private key, mode 0600 (default: ${DEFAULT-VALUE})")
  Path key;

  @Option(names = "--validfor", defaultValue = Issuing.CA_VALIDITY, paramLabel = "DURATION",
      description = "How long the CA is valid (default: ${DEFAULT-VALUE})")
  String validFor;

  @Mixin KeyOptions keyOptions;

  /** The files written, as JSON; null until they all were. */
  private String resultJson;

  private final String commonName;

  CreateCaCommand(String commonName, String defaultCertificate, String defaultKey) {
    this.commonName = commonName;
    this.cert = Path.of(defaultCertificate);
    this.key = Path.of(defaultKey);
  }

  @Override
  public Integer call() {
    Issuing.writeCa(Issuing.createCa(commonName, validFor, keyOptions), cert, key, spec.commandLine().getOut());
    resultJson = new WrittenFiles().file("cert", cert).file("key", key).json();
    return ExitCodes.OK;
  }

  /** {@code {"cert": path, "key": path}}. */
  @Override
  public String resultJson() {
    return resultJson;
  }
}
