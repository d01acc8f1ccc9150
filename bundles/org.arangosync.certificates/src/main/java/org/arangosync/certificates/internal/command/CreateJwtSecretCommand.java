package org.arangosync.certificates.internal.command;

import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.Callable;
import org.arangosync.certificates.SecureFiles;
import org.arangosync.command.CommandFailure;
import org.arangosync.command.ExitCodes;
import org.arangosync.command.ReportsResult;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code arangosync create jwt-secret}: a random JWT secret, hex-encoded, in a file of mode 0600. */
@Command(name = "jwt-secret", mixinStandardHelpOptions = true, description = "Create a random JWT secret (hex) in a file readable by its owner only.")
public final class CreateJwtSecretCommand implements Callable<Integer>, ReportsResult {

  @Spec private CommandSpec spec;

  @Option(names = "--secret", defaultValue = "secret.jwt", paramLabel = "FILE", description = "Output: the secret file (default: ${DEFAULT-VALUE})")
  Path secret;

  @Option(names = "--length", defaultValue = "32", paramLabel = "BYTES", description = "Random bytes in the secret (default: ${DEFAULT-VALUE})")
  int length;

  /** The secret file written, as JSON; null until it was. */
  private String resultJson;

  @Override
  public Integer call() {
    if (length < 16 || length > 1024) {
      throw new CommandFailure("--length " + length + " is out of range; use 16 to 1024 bytes (default 32)");
    }
    byte[] random = new byte[length];
    new SecureRandom().nextBytes(random);
    Issuing.run(() -> {
      SecureFiles.writeAll(List.of(SecureFiles.newFile(SecureFiles.secret(secret, HexFormat.of().formatHex(random)))));
      return null;
    });
    resultJson = new WrittenFiles().file("secret", secret).json();
    spec.commandLine().getOut().println("Created JWT secret " + secret + " (" + length + " bytes, hex).");
    return ExitCodes.OK;
  }

  /** {@code {"secret": path}}; never the secret itself. */
  @Override
  public String resultJson() {
    return resultJson;
  }
}
