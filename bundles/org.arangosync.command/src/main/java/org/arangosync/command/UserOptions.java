package org.arangosync.command;

import picocli.CommandLine;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;

/**
 * The seed's {@code --auth.user} and {@code --auth.password}, declared once for every command that
 * logs in with HTTP Basic (picocli mixin; commands and option mixins include it with
 * {@code @Mixin}).
 */
public final class UserOptions {

  @Option(names = "--auth.user", paramLabel = "USER", description = "User for HTTP Basic authentication.")
  String user;

  @Option(names = "--auth.password", paramLabel = "PASSWORD", description = "Password of --auth.user.")
  String password;

  /** The user, or null when none was given. */
  public String user() {
    return user;
  }

  /** The password, or null when none was given. */
  public String password() {
    return password;
  }

  /** @throws ParameterException when a password came without a user */
  public void requireUserForPassword(CommandLine commandLine) {
    if (password != null && user == null) {
      throw new ParameterException(commandLine, "--auth.password needs --auth.user");
    }
  }
}
