package org.arangosync.command;

import java.util.List;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * One command of the {@code arangosync} tree.
 *
 * @param path the words that name the command, e.g. {@code ["get", "version"]}; the Karaf shell
 *     calls it {@code arangosync:get-version} (see {@link #shellScope()})
 * @param factory makes a fresh picocli {@code @Command} object for each run (parsed options are
 *     stored in its fields, so an instance is never shared between runs). The object implements
 *     {@link java.util.concurrent.Callable Callable&lt;Integer&gt;} (returning an exit code) or
 *     {@link Runnable}, and reports user errors by throwing {@link CommandFailure}.
 */
public record CommandDefinition(List<String> path, Supplier<Object> factory) {

  public CommandDefinition {
    path = List.copyOf(path);
    Objects.requireNonNull(factory, "factory");
    if (path.isEmpty()) {
      throw new IllegalArgumentException("a command needs at least one word in its path");
    }
    for (String word : path) {
      if (!word.matches("[a-z][a-z0-9-]*")) {
        throw new IllegalArgumentException("command words are lower-case words, got '" + word + "' in " + path);
      }
    }
  }

  /** Convenience: {@code CommandDefinition.of(GetVersionCommand::new, "get", "version")}. */
  public static CommandDefinition of(Supplier<Object> factory, String... path) {
    return new CommandDefinition(List.of(path), factory);
  }

  /**
   * The Karaf shell scope: {@code replication} for the commands under {@code replication} (as
   * ArangoDB users know them, e.g. {@code replication:logger-state}), {@code arangosync} for all
   * others.
   */
  public String shellScope() {
    return isReplication() ? "replication" : "arangosync";
  }

  /** The name in the Karaf shell: the words (after {@code replication}) joined by dashes. */
  public String shellName() {
    return String.join("-", isReplication() ? path.subList(1, path.size()) : path);
  }

  private boolean isReplication() {
    return path.size() > 1 && path.get(0).equals("replication");
  }
}
