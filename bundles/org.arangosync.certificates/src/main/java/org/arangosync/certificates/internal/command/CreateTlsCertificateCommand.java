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

/** {@code arangosync create tls certificate}: a TLS server certificate and its key as two files. */
@Command(name = "certificate", mixinStandardHelpOptions = true,
    description = "Create a TLS server certificate (with its CA chain) and its private key as separate PEM files.")
public final class CreateTlsCertificateCommand implements Callable<Integer>, ReportsResult {

  @Spec private CommandSpec spec;

  @Mixin TlsLeafOptions leaf;

  @Option(names = "--cert", defaultValue = "tls.crt", paramLabel = "FILE", description = "Output: certificate and CA chain (default: ${DEFAULT-VALUE})")
  Path cert;

  @Option(names = "--key", defaultValue = "tls.key", paramLabel = "FILE", description = "Output: PKCS#8 private key, mode 0600 (default: ${DEFAULT-VALUE})")
  Path key;

  /** The files written, as JSON; null until they all were. */
  private String resultJson;

  @Override
  public Integer call() {
    Issuing.writeCertificateAndKey(leaf.issue(), cert, key, spec.commandLine().getOut());
    resultJson = new WrittenFiles().file("cert", cert).file("key", key).json();
    return ExitCodes.OK;
  }

  /** {@code {"cert": path, "key": path}}. */
  @Override
  public String resultJson() {
    return resultJson;
  }
}
