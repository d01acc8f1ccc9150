package org.arangosync.scripting.internal;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.arangosync.command.CommandRunner;
import org.graalvm.polyglot.HostAccess;
import org.graalvm.polyglot.Value;
import org.graalvm.polyglot.proxy.ProxyArray;
import org.graalvm.polyglot.proxy.ProxyObject;
import picocli.CommandLine;
import picocli.CommandLine.Model.OptionSpec;

/**
 * The one host object a script's modules reach: it runs the product's commands through the same
 * {@link CommandRunner} as the command line and the Karaf shell, so a script's
 * {@code arangosync.stopSync(...)} is {@code arangosync stop sync ...}, parsed, checked and carried
 * out by the same code, and returns the command's result as data.
 *
 * <p>Only the {@link HostAccess.Export exported} methods are visible to JavaScript. A script cannot
 * run scripts (no runbook starts another behind the operator's back, and a time limit stays one).
 */
public final class CommandBridge {

  /** The command paths a script may not run: the script commands themselves. */
  private static final List<List<String>> NOT_FROM_SCRIPTS = List.of(List.of("script"), List.of("run", "script"));

  private final CommandRunner commands;
  private final java.util.concurrent.CountDownLatch cancelled = new java.util.concurrent.CountDownLatch(1);

  public CommandBridge(CommandRunner commands) {
    this.commands = commands;
  }

  /** Ends every {@link #sleep} now and refuses new ones: the script's time is up. */
  void cancel() {
    cancelled.countDown();
  }

  /** The milliseconds of a Go duration such as {@code 90s} or {@code 1h30m}, as the commands' flags read it. */
  @HostAccess.Export
  public long millis(String duration) {
    return org.arangosync.command.GoDurations.parse(duration).toMillis();
  }

  /**
   * Waits {@code duration} (a Go duration such as {@code 2s}), for runbooks that poll; returns
   * early, failing, when the script is cancelled at its time limit.
   */
  @HostAccess.Export
  public void sleep(String duration) throws InterruptedException {
    java.time.Duration wait = org.arangosync.command.GoDurations.parse(duration);
    if (cancelled.await(wait.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS)) {
      throw new IllegalStateException("the script's time limit is up");
    }
  }

  /**
   * Runs one command line, e.g. {@code ["get", "status", "--master.endpoint=https://..."]}.
   *
   * @return {@code {exitCode, output, errors, resultJson}}; {@code resultJson} is the command's
   *     result as JSON text, or null
   */
  @HostAccess.Export
  public ProxyObject run(Value arguments) {
    List<String> words = strings(arguments);
    for (List<String> refused : NOT_FROM_SCRIPTS) {
      if (words.size() >= refused.size() && words.subList(0, refused.size()).equals(refused)) {
        throw new IllegalArgumentException("a script cannot run 'arangosync " + String.join(" ", refused) + "'");
      }
    }
    CommandRunner.Execution execution = commands.execute(words);
    Map<String, Object> outcome = new LinkedHashMap<>();
    outcome.put("exitCode", execution.exitCode());
    outcome.put("output", execution.output());
    outcome.put("errors", execution.errors());
    outcome.put("resultJson", execution.resultJson());
    return ProxyObject.fromMap(outcome);
  }

  /**
   * The options of the command {@code words} (e.g. {@code "get status"}): {@code {name, takesValue}}
   * for every name (aliases included), so that a module can map {@code {masterEndpoint: ...}} to
   * {@code --master.endpoint=...} and {@code {ensureInSync: false}} to {@code --ensure-in-sync=false}.
   *
   * @throws IllegalArgumentException when there is no such command
   */
  @HostAccess.Export
  public ProxyArray options(String words) {
    CommandLine command = commands.newCommandLine();
    for (String word : words.trim().split("\\s+")) {
      CommandLine next = command.getSubcommands().get(word);
      if (next == null) {
        throw new IllegalArgumentException("there is no command 'arangosync " + words.trim() + "' (at '" + word + "'; there are: "
            + String.join(", ", command.getSubcommands().keySet()) + ")");
      }
      command = next;
    }
    List<Object> options = new ArrayList<>();
    for (OptionSpec option : command.getCommandSpec().options()) {
      for (String name : option.names()) {
        options.add(ProxyObject.fromMap(Map.of("name", name, "takesValue", option.arity().max() > 0)));
      }
    }
    return ProxyArray.fromList(options);
  }

  private static List<String> strings(Value array) {
    if (array == null || !array.hasArrayElements()) {
      throw new IllegalArgumentException("a command line is an array of strings");
    }
    List<String> words = new ArrayList<>();
    for (long i = 0; i < array.getArraySize(); i++) {
      Value element = array.getArrayElement(i);
      if (!element.isString()) {
        throw new IllegalArgumentException("a command line is an array of strings; element " + i + " is " + element);
      }
      words.add(element.asString());
    }
    return words;
  }
}
