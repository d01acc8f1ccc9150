package org.arangosync.command;

/** The exit codes of every {@code arangosync} command, the same in every front end. */
public final class ExitCodes {

  /** The command did what was asked. */
  public static final int OK = 0;

  /** The command was well formed but failed (unreachable master, refused request, ...). */
  public static final int FAILURE = 1;

  /** The command line was wrong: unknown command or flag, missing or malformed value. */
  public static final int USAGE = 2;

  private ExitCodes() {}
}
