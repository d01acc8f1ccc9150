package org.arangosync.core.internal.command;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.arangosync.certificates.SecureFiles;
import org.arangosync.command.CommandFailure;

/**
 * A Karaf instance of the distribution that an {@code arangosync run ...} command starts in the
 * foreground, in a directory of its own.
 *
 * <p>Layout of the instance directory: {@code bin}, {@code lib} and {@code system} are symbolic
 * links to the distribution's (so the instance runs exactly the installed bundles and an upgrade
 * of the distribution is picked up at the next start); {@code etc} holds a copy of the
 * distribution's Karaf configuration, made at the first start and then the instance's own
 * (operators may edit it), without the distribution's {@code org.arangosync.*} configurations
 * (they describe the servers of the main instance, which would start twice), plus the
 * configurations the command writes at every start; {@code data} is Karaf's (its bundle cache is
 * emptied at every start, so that the instance always runs the distribution's current bundles;
 * nothing else lives there: the configuration comes from {@code etc}, and run commands keep their
 * state in a directory of their own beside it). Because the instance
 * is a Karaf home of its own, Karaf's bookkeeping ({@code instances/instance.properties}, the
 * lock in {@code data}) never touches the main instance, and a second start of the same directory
 * is refused by Karaf's own check.
 *
 * <p>The console's SSH port and the JMX ports are chosen free at every start and printed, so any
 * number of instances run beside the main one. The Karaf process replaces its start script
 * ({@code KARAF_EXEC=exec}): stopping this JVM (Ctrl-C, SIGTERM) sends SIGTERM to Karaf, which
 * stops its bundles in order, and waits for it.
 */
final class KarafInstance {

  /** System property that {@code bin/arangosync} sets to the distribution's directory. */
  static final String HOME_PROPERTY = "arangosync.home";

  private static final List<String> SHARED = List.of("bin", "lib", "system");
  private static final Duration STOP_TIMEOUT = Duration.ofMinutes(2);

  private final Path home;
  private final Path base;
  private final Map<String, Map<String, String>> configurations = new LinkedHashMap<>();
  private final List<String> extraBootFeatures = new ArrayList<>();
  private final List<String> removedConfigurations = new ArrayList<>();
  private String productLogLevel;
  private Path logFile;

  KarafInstance(Path home, Path base) {
    this.home = home;
    this.base = base.toAbsolutePath().normalize();
  }

  /**
   * An instance in {@code base} of the distribution that runs this command.
   *
   * @throws CommandFailure when this command does not run from a distribution's {@code bin/arangosync}
   */
  static KarafInstance in(Path base, String command) {
    String home = System.getProperty(HOME_PROPERTY);
    if (home == null || !Files.isRegularFile(Path.of(home, "bin", "karaf"))) {
      throw new CommandFailure("'" + command + "' starts a Karaf instance of the arangosync distribution; run it with the "
          + "distribution's bin/arangosync (" + HOME_PROPERTY + " names no distribution here: " + home + ")");
    }
    return new KarafInstance(Path.of(home).toAbsolutePath().normalize(), base);
  }

  Path base() {
    return base;
  }

  /**
   * Writes {@code etc/<pidFile>.cfg} at every start (readable by its owner only: it may hold a
   * password), e.g. {@code configuration("org.arangosync.rest-applier", ...)}. Empty values are left out.
   */
  KarafInstance configuration(String pidFile, Map<String, String> properties) {
    configurations.put(pidFile, properties);
    return this;
  }

  /** Removes {@code etc/<pidFile>.cfg} if an earlier start wrote it (e.g. the transport of another {@code --mq.type}). */
  KarafInstance withoutConfiguration(String pidFile) {
    removedConfigurations.add(pidFile);
    return this;
  }

  /**
   * Boots {@code feature} too (e.g. {@code arangosync-transport-kafka}): the instance's boot
   * features are the distribution's plus these, rewritten at every start.
   */
  KarafInstance bootFeature(String feature) {
    extraBootFeatures.add(feature);
    return this;
  }

  /** The level of the product's loggers ({@code org.arangosync.*}), e.g. {@code DEBUG}; null keeps the distribution's. */
  KarafInstance logLevel(String level) {
    productLogLevel = level;
    return this;
  }

  /** Where the instance's log goes ({@code --log.file}); null keeps {@code data/log/karaf.log}. */
  KarafInstance logFile(Path file) {
    logFile = file == null ? null : file.toAbsolutePath().normalize();
    return this;
  }

  /** Prepares the directory and starts Karaf; the console and log output go to this process's. */
  Running start() {
    int sshPort = prepare();
    ProcessBuilder builder = new ProcessBuilder(base.resolve("bin/karaf").toString(), "run").directory(base.toFile()).inheritIO();
    Map<String, String> environment = builder.environment();
    environment.keySet().removeIf(name -> name.startsWith("KARAF_"));
    environment.put("KARAF_EXEC", "exec");
    // Felix keeps installed bundles in data/cache; an upgraded distribution would otherwise run old ones.
    environment.put("KARAF_OPTS", "-Dkaraf.clean.cache=true");
    environment.putIfAbsent("JAVA_HOME", System.getProperty("java.home"));
    try {
      return new Running(builder.start(), sshPort);
    } catch (IOException e) {
      throw new CommandFailure("cannot start Karaf (" + base.resolve("bin/karaf") + "): " + e.getMessage(), e);
    }
  }

  /**
   * Lays out the instance directory as the class comment describes and writes the configurations.
   *
   * @return the console's SSH port chosen for this start
   */
  int prepare() {
    refuseWhileRunning();
    Path etc = base.resolve("etc");
    int sshPort;
    try {
      Files.createDirectories(base);
      for (String shared : SHARED) {
        Path link = base.resolve(shared);
        Path target = home.resolve(shared);
        // A link from an earlier start may point at a distribution that moved or was replaced.
        if (Files.isSymbolicLink(link) && !Files.readSymbolicLink(link).equals(target)) {
          Files.delete(link);
        }
        if (!Files.exists(link, LinkOption.NOFOLLOW_LINKS)) {
          Files.createSymbolicLink(link, target);
        }
      }
      Files.createDirectories(base.resolve("deploy"));
      copyKarafConfiguration(home.resolve("etc"), etc);
      sshPort = freePort();
      setProperty(etc.resolve("org.apache.karaf.shell.cfg"), "sshPort", sshPort);
      setProperty(etc.resolve("org.apache.karaf.management.cfg"), "rmiRegistryPort", freePort());
      setProperty(etc.resolve("org.apache.karaf.management.cfg"), "rmiServerPort", freePort());
      writeBootFeatures(home.resolve("etc/org.apache.karaf.features.cfg"), etc.resolve("org.apache.karaf.features.cfg"));
      for (String pidFile : removedConfigurations) {
        Files.deleteIfExists(etc.resolve(pidFile + ".cfg"));
      }
      writeLogLevel(etc.resolve("org.ops4j.pax.logging.cfg"));
      writeLogFile(home.resolve("etc/org.ops4j.pax.logging.cfg"), etc.resolve("org.ops4j.pax.logging.cfg"));
    } catch (IOException e) {
      throw new CommandFailure("cannot prepare the Karaf instance in " + base + ": " + e.getMessage(), e);
    }
    List<SecureFiles.Content> files = new ArrayList<>();
    configurations.forEach((pidFile, properties) -> files.add(SecureFiles.secret(etc.resolve(pidFile + ".cfg"), cfg(properties))));
    try {
      SecureFiles.writeAll(files);
    } catch (IllegalArgumentException e) {
      throw new CommandFailure(e.getMessage(), e);
    }
    return sshPort;
  }

  /** The started Karaf. */
  final class Running {

    private final Process process;
    private final int sshPort;

    private Running(Process process, int sshPort) {
      this.process = process;
      this.sshPort = sshPort;
    }

    int sshPort() {
      return sshPort;
    }

    /**
     * Prints {@code ready} once {@code host:port} accepts connections, then blocks until Karaf
     * ends; stopping this JVM stops Karaf first.
     *
     * @return Karaf's exit code
     */
    int runInForeground(String host, int port, PrintWriter out, List<String> ready) {
      Thread hook = new Thread(this::stop, "karaf-instance-shutdown");
      Runtime.getRuntime().addShutdownHook(hook);
      try {
        if (awaitListening(host, port)) {
          ready.forEach(out::println);
        } else if (process.isAlive()) {
          out.println("Karaf is running but nothing listens on " + host + ":" + port + " yet; see "
              + base.resolve("data/log/karaf.log"));
        }
        out.flush();
        return process.waitFor();
      } catch (InterruptedException e) {
        Runtime.getRuntime().removeShutdownHook(hook);
        stop();
        Thread.currentThread().interrupt();
        return process.isAlive() ? -1 : process.exitValue();
      }
    }

    /** Polls until the port answers, Karaf ends, or five minutes have passed (then Karaf's log says why). */
    private boolean awaitListening(String host, int port) throws InterruptedException {
      String target = host.equals("0.0.0.0") || host.equals("::") ? "127.0.0.1" : host;
      long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(5);
      while (process.isAlive() && System.nanoTime() < deadline) {
        try (Socket socket = new Socket()) {
          socket.connect(new InetSocketAddress(target, port), 1000);
          return true;
        } catch (IOException notYet) {
          // Karaf is still starting its bundles.
        }
        if (process.waitFor(250, TimeUnit.MILLISECONDS)) {
          return false;
        }
      }
      return false;
    }

    private void stop() {
      process.destroy();
      try {
        if (!process.waitFor(STOP_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
          System.err.println("Karaf did not stop within " + STOP_TIMEOUT + "; killing it");
          process.destroyForcibly();
        }
      } catch (InterruptedException e) {
        process.destroyForcibly();
        Thread.currentThread().interrupt();
      }
    }
  }

  /**
   * Karaf holds a lock on {@code <base>/lock} while it runs; a second start must stop before it
   * rewrites the configuration, which the running instance would pick up at once.
   */
  void refuseWhileRunning() {
    Path lock = base.resolve("lock");
    if (!Files.exists(lock)) {
      return;
    }
    boolean held;
    try (FileChannel channel = FileChannel.open(lock, StandardOpenOption.WRITE); FileLock probe = channel.tryLock()) {
      held = probe == null;
    } catch (OverlappingFileLockException e) {
      held = true;
    } catch (IOException e) {
      throw new CommandFailure("cannot check whether the Karaf instance in " + base + " runs already: " + e.getMessage(), e);
    }
    if (held) {
      String pid;
      try {
        pid = "process " + Files.readString(base.resolve("karaf.pid")).strip();
      } catch (IOException e) {
        pid = "another process";
      }
      throw new CommandFailure("the instance in " + base + " is running already (" + pid + "); stop it first, or give this one "
          + "another --state.directory");
    }
  }

  /** Copies what {@code to} lacks of {@code from}, except the product's own configurations. */
  private static void copyKarafConfiguration(Path from, Path to) throws IOException {
    try (Stream<Path> files = Files.walk(from)) {
      for (Path file : (Iterable<Path>) files::iterator) {
        Path target = to.resolve(from.relativize(file).toString());
        if (Files.isDirectory(file)) {
          Files.createDirectories(target);
        } else if (!file.getFileName().toString().startsWith("org.arangosync.") && !Files.exists(target)) {
          Files.copy(file, target, java.nio.file.StandardCopyOption.COPY_ATTRIBUTES);
        }
      }
    } catch (UncheckedIOException e) {
      throw e.getCause();
    }
  }

  /** The distribution's featuresBoot (a value continued over lines ending in a backslash) plus the extra features. */
  private void writeBootFeatures(Path distribution, Path instance) throws IOException {
    Pattern property = Pattern.compile("(?m)^featuresBoot\\s*=(?:[^\\n]*\\\\\\n)*[^\\n]*$");
    Matcher original = property.matcher(Files.readString(distribution, StandardCharsets.UTF_8));
    if (!original.find()) {
      throw new IOException(distribution + " has no featuresBoot");
    }
    StringBuilder value = new StringBuilder(original.group());
    for (String feature : extraBootFeatures) {
      value.append(", \\\n    ").append(feature);
    }
    String text = Files.readString(instance, StandardCharsets.UTF_8);
    Matcher current = property.matcher(text);
    String replaced = current.find() ? text.substring(0, current.start()) + value + text.substring(current.end())
        : text + System.lineSeparator() + value + System.lineSeparator();
    Files.writeString(instance, replaced, StandardCharsets.UTF_8);
  }

  /** Sets (or removes again) the level of a pax-logging logger for org.arangosync. */
  private void writeLogLevel(Path file) throws IOException {
    String text = Files.readString(file, StandardCharsets.UTF_8)
        .replaceAll("(?m)^log4j2\\.logger\\.arangosyncproduct\\..*\\R?", "");
    if (productLogLevel != null) {
      text = text + (text.endsWith("\n") ? "" : "\n") + "log4j2.logger.arangosyncproduct.name = org.arangosync\n"
          + "log4j2.logger.arangosyncproduct.level = " + productLogLevel + "\n";
    }
    Files.writeString(file, text, StandardCharsets.UTF_8);
  }

  /** The rolling log file: {@link #logFile} (and its numbered predecessors), or the distribution's again. */
  private void writeLogFile(Path distribution, Path instance) throws IOException {
    String original = Files.readString(distribution, StandardCharsets.UTF_8);
    String text = Files.readString(instance, StandardCharsets.UTF_8);
    for (String key : List.of("log4j2.appender.rolling.fileName", "log4j2.appender.rolling.filePattern")) {
      Pattern line = Pattern.compile("(?m)^" + Pattern.quote(key) + "\\s*=.*$");
      Matcher distributionLine = line.matcher(original);
      Matcher instanceLine = line.matcher(text);
      if (!distributionLine.find() || !instanceLine.find()) {
        continue;
      }
      String value = logFile == null ? distributionLine.group()
          : key + " = " + escape(logFile.toString() + (key.endsWith("filePattern") ? ".%i" : ""));
      text = text.substring(0, instanceLine.start()) + value + text.substring(instanceLine.end());
    }
    Files.writeString(instance, text, StandardCharsets.UTF_8);
  }

  private static void setProperty(Path file, String key, int value) throws IOException {
    String text = Files.readString(file, StandardCharsets.UTF_8);
    Matcher matcher = Pattern.compile("(?m)^\\s*" + Pattern.quote(key) + "\\s*=.*$").matcher(text);
    String line = key + " = " + value;
    Files.writeString(file, matcher.find() ? matcher.replaceFirst(line) : text + System.lineSeparator() + line + System.lineSeparator(),
        StandardCharsets.UTF_8);
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }

  /**
   * Felix file install's {@code .cfg} format. A value is read twice: Java properties unescaping,
   * then the interpolation of {@code ${...}}, which has escapes of its own ({@code \\}, {@code \{},
   * {@code \}}); so a password such as {@code a${b}\c} arrives as written.
   */
  private static String cfg(Map<String, String> properties) {
    StringBuilder text = new StringBuilder("# Written by arangosync at every start of this instance; change the command line instead.\n");
    properties.forEach((key, value) -> {
      if (value != null && !value.isEmpty()) {
        text.append(key).append(" = ").append(escape(value)).append('\n');
      }
    });
    return text.toString();
  }

  static String escape(String value) {
    StringBuilder escaped = new StringBuilder(value.startsWith(" ") ? "\\" : "");
    for (char c : value.toCharArray()) {
      switch (c) {
        case '\\' -> escaped.append("\\\\\\\\");
        case '{', '}' -> escaped.append("\\\\").append(c);
        case '\n' -> escaped.append("\\n");
        case '\r' -> escaped.append("\\r");
        case '\t' -> escaped.append("\\t");
        default -> escaped.append(c >= 0x20 && c < 0x7f ? String.valueOf(c) : String.format("\\u%04x", (int) c));
      }
    }
    return escaped.toString();
  }
}
