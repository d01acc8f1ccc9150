package org.arangosync.command;

import java.util.List;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * One command of the {@code arangosync} tree.
 *
 * @param path the words that name the command, e.g. {@code ["get", "version"]}; the Karaf shell
 *     calls it {@code arangosync:get-version}
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

  /** The name used by the Karaf shell in scope {@code arangosync}: the words joined by dashes. */
  public String shellName() {
    return String.join("-", path);
  }
}
