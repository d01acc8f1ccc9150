package org.arangosync.scripting.internal;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.arangosync.command.CommandFailure;
import org.arangosync.command.ExitCodes;
import org.arangosync.command.GoDurations;
import org.graalvm.polyglot.Context;
import org.graalvm.polyglot.EnvironmentAccess;
import org.graalvm.polyglot.HostAccess;
import org.graalvm.polyglot.PolyglotAccess;
import org.graalvm.polyglot.PolyglotException;
import org.graalvm.polyglot.Source;
import org.graalvm.polyglot.SourceSection;
import org.graalvm.polyglot.Value;
import org.graalvm.polyglot.io.IOAccess;

/**
 * Runs one JavaScript runbook on GraalJS, in a context of its own that reaches the host only through
 * the modules {@code require("arangosync")} and {@code require("@arangodb/replication")}.
 *
 * <p>Invariants (the script's sandbox): no host class can be looked up ({@code Java.type} is
 * refused), only members annotated {@link HostAccess.Export} of the {@link CommandBridge} are
 * callable, no files, processes, threads, native code or environment variables; a script that runs
 * longer than its time limit is cancelled and the run fails. {@code print} and {@code console.*}
 * write to the given output. The exit code is {@link ExitCodes#OK} unless the script throws (or is
 * cancelled), and a failure names the script's file and line and shows the JavaScript stack.
 */
public final class ScriptEngine {

  /** The module sources, evaluated in every context; each evaluates to a factory {@code function (host, settings)}. */
  private static final Map<String, String> MODULES = Map.of(
      "arangosync", "arangosync.js",
      "@arangodb/replication", "replication.js");

  /**
   * What a run gets besides the script.
   *
   * @param timeLimit how long the script may run
   * @param connection the default connection of {@code @arangodb/replication} ({@code endpoint},
   *     {@code username}, {@code password}, {@code database}, {@code applierEndpoint}, {@code cacert}),
   *     as given with {@code --server.*} and {@code --applier.endpoint}
   */
  public record Settings(Duration timeLimit, Map<String, String> connection) {
    public Settings {
      if (timeLimit.isZero() || timeLimit.isNegative()) {
        throw new IllegalArgumentException("the time limit of a script must be positive, got " + GoDurations.format(timeLimit));
      }
      connection = Map.copyOf(connection);
    }
  }

  private final CommandBridge bridge;

  public ScriptEngine(CommandBridge bridge) {
    this.bridge = bridge;
  }

  /**
   * Runs {@code file} with {@code arguments} (the script sees them as {@code ARGUMENTS}).
   *
   * @return {@link ExitCodes#OK}, or {@link ExitCodes#FAILURE} when the script threw or ran out of time
   * @throws CommandFailure when the file cannot be read
   */
  public int run(Path file, List<String> arguments, Settings settings, OutputStream out, OutputStream err) {
    Source script;
    try {
      script = Source.newBuilder("js", Files.readString(file, StandardCharsets.UTF_8), file.getFileName().toString()).build();
    } catch (IOException e) {
      throw new CommandFailure("cannot read the script " + file + ": " + e.getMessage(), e);
    }
    ClassLoader previous = Thread.currentThread().getContextClassLoader();
    // GraalJS finds its language through the context class loader; in Karaf that is not this bundle's.
    Thread.currentThread().setContextClassLoader(ScriptEngine.class.getClassLoader());
    AtomicBoolean timedOut = new AtomicBoolean();
    ScheduledExecutorService watchdog = Executors.newSingleThreadScheduledExecutor(task -> {
      Thread thread = new Thread(task, "arangosync script time limit " + file.getFileName());
      thread.setDaemon(true);
      return thread;
    });
    try (Context context = newContext(out, err)) {
      watchdog.schedule(() -> {
        timedOut.set(true);
        bridge.cancel(); // a script waiting in arangosync.sleep() is not running JavaScript, so cancelling alone would wait
        context.close(true); // cancels the script wherever it is, also in an endless loop
      }, settings.timeLimit().toMillis(), TimeUnit.MILLISECONDS);
      try {
        installModules(context, settings, arguments);
        context.eval(script);
        return ExitCodes.OK;
      } catch (PolyglotException e) {
        if (e.isCancelled() || timedOut.get()) {
          write(err, "script " + file + " stopped: it ran longer than its time limit of " + GoDurations.format(settings.timeLimit())
              + " (--script.timeout)\n");
          return ExitCodes.FAILURE;
        }
        if (e.isExit()) {
          return e.getExitStatus();
        }
        write(err, describe(file, e));
        return ExitCodes.FAILURE;
      }
    } catch (PolyglotException e) {
      // Closing a cancelled context reports the cancellation again.
      if (timedOut.get()) {
        return ExitCodes.FAILURE;
      }
      throw e;
    } finally {
      watchdog.shutdownNow();
      Thread.currentThread().setContextClassLoader(previous);
    }
  }

  private static Context newContext(OutputStream out, OutputStream err) {
    return Context.newBuilder("js")
        .allowHostAccess(HostAccess.EXPLICIT)
        // The allow-list of host classes a script may look up is empty: the modules are its only way out.
        .allowHostClassLookup(className -> false)
        .allowHostClassLoading(false)
        .allowIO(IOAccess.NONE)
        .allowCreateThread(false)
        .allowCreateProcess(false)
        .allowNativeAccess(false)
        .allowPolyglotAccess(PolyglotAccess.NONE)
        .allowEnvironmentAccess(EnvironmentAccess.NONE)
        .option("engine.WarnInterpreterOnly", "false")
        .out(out)
        .err(err)
        .build();
  }

  /** Defines {@code require}, {@code ARGUMENTS}, and the modules (made now, so that a broken module fails before the script runs). */
  private void installModules(Context context, Settings settings, List<String> arguments) {
    Value modules = context.eval("js", "({})");
    Value connection = context.eval("js", "({})");
    settings.connection().forEach(connection::putMember);
    for (Map.Entry<String, String> module : MODULES.entrySet()) {
      Value factory = context.eval(resource(module.getValue()));
      modules.putMember(module.getKey(), factory.execute(bridge, connection));
    }
    context.eval(resource("require.js")).execute(modules);
    Value argumentArray = context.eval("js", "[]");
    for (String argument : arguments) {
      argumentArray.invokeMember("push", argument);
    }
    context.getBindings("js").putMember("ARGUMENTS", argumentArray);
  }

  private static Source resource(String name) {
    try (InputStream in = ScriptEngine.class.getResourceAsStream(name)) {
      if (in == null) {
        throw new IllegalStateException("the scripting bundle lacks its module " + name);
      }
      return Source.newBuilder("js", new String(in.readAllBytes(), StandardCharsets.UTF_8), name).build();
    } catch (IOException e) {
      throw new IllegalStateException("cannot read the module " + name + ": " + e.getMessage(), e);
    }
  }

  /** {@code file:line:column: message}, then the JavaScript frames (the script's and the modules'), as a developer reads them. */
  static String describe(Path file, PolyglotException failure) {
    StringBuilder text = new StringBuilder();
    SourceSection location = failure.getSourceLocation();
    if (location == null) {
      // A thrown Error has no location of its own: it is where its innermost frame is.
      for (PolyglotException.StackFrame frame : failure.getPolyglotStackTrace()) {
        if (frame.isGuestFrame() && frame.getSourceLocation() != null) {
          location = frame.getSourceLocation();
          break;
        }
      }
    }
    String where = location == null ? file.toString()
        : (location.getSource().getName().equals(file.getFileName().toString()) ? file.toString() : location.getSource().getName())
            + ":" + location.getStartLine() + ":" + location.getStartColumn();
    text.append(where).append(": ").append(failure.getMessage()).append('\n');
    for (PolyglotException.StackFrame frame : failure.getPolyglotStackTrace()) {
      if (!frame.isGuestFrame()) {
        continue;
      }
      SourceSection section = frame.getSourceLocation();
      String function = frame.getRootName();
      // GraalJS calls a script's top level ":program".
      text.append("    at ").append(function == null || function.isEmpty() || function.startsWith(":") ? "<top level>" : function);
      if (section != null) {
        text.append(" (").append(section.getSource().getName()).append(':').append(section.getStartLine()).append(')');
      }
      text.append('\n');
    }
    return text.toString();
  }

  private static void write(OutputStream stream, String text) {
    try {
      stream.write(text.getBytes(StandardCharsets.UTF_8));
      stream.flush();
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  /** The default connection as {@link Settings#connection()} names it, leaving out what was not given. */
  public static Map<String, String> connection(String endpoint, String username, String password, String database,
      String applierEndpoint, String cacert) {
    Map<String, String> connection = new LinkedHashMap<>();
    putIfGiven(connection, "endpoint", endpoint);
    putIfGiven(connection, "username", username);
    putIfGiven(connection, "password", password);
    putIfGiven(connection, "database", database);
    putIfGiven(connection, "applierEndpoint", applierEndpoint);
    putIfGiven(connection, "cacert", cacert);
    return connection;
  }

  private static void putIfGiven(Map<String, String> map, String key, String value) {
    if (value != null && !value.isEmpty()) {
      map.put(key, value);
    }
  }
}
