package org.arangosync.command;

/**
 * A failure the user can act on: the command could not do its job, and the message says what went
 * wrong and what to do. Front ends print the message alone, never a stack trace, and end with
 * {@link ExitCodes#FAILURE} (or the code given).
 */
public class CommandFailure extends RuntimeException {

  private static final long serialVersionUID = 1L;

  private final int exitCode;

  public CommandFailure(String message) {
    this(message, null);
  }

  public CommandFailure(String message, Throwable cause) {
    this(message, cause, ExitCodes.FAILURE);
  }

  public CommandFailure(String message, Throwable cause, int exitCode) {
    super(message, cause);
    this.exitCode = exitCode;
  }

  public int exitCode() {
    return exitCode;
  }
}
