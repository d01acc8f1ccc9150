package org.arangosync.itests;

import static org.ops4j.pax.exam.CoreOptions.maven;
import static org.ops4j.pax.exam.CoreOptions.mavenBundle;
import static org.ops4j.pax.exam.CoreOptions.systemProperty;
import static org.ops4j.pax.exam.karaf.options.KarafDistributionOption.configureConsole;
import static org.ops4j.pax.exam.karaf.options.KarafDistributionOption.editConfigurationFilePut;
import static org.ops4j.pax.exam.karaf.options.KarafDistributionOption.karafDistributionConfiguration;
import static org.ops4j.pax.exam.karaf.options.KarafDistributionOption.logLevel;

import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Collection;
import java.util.Objects;
import javax.inject.Inject;
import org.apache.karaf.shell.api.console.Session;
import org.apache.karaf.shell.api.console.SessionFactory;
import org.awaitility.Awaitility;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.karaf.options.LogLevelOption.LogLevel;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceReference;

/**
 * What every Pax Exam test of the distribution needs: the distribution booted on free ports, and
 * helpers to wait for and run shell commands. Tests wait for conditions, never for time, and
 * there is no retry rule: a test that needs one is a bug.
 */
public abstract class KarafTestSupport {

  /** Long enough for a cold boot of the distribution on a 2-core machine. */
  protected static final Duration BOOT_TIMEOUT = Duration.ofSeconds(120);

  @Inject protected BundleContext bundleContext;

  @Inject protected SessionFactory sessionFactory;

  /** The options of {@code @Configuration}: the built distribution, quiet, on free ports. */
  protected static Option[] distribution() {
    String distribution = System.getProperty("arangosync.distribution");
    if (distribution == null || !new File(distribution).isFile()) {
      throw new IllegalStateException("run through Maven (mvn verify): arangosync.distribution names no file: " + distribution);
    }
    return new Option[] {
      karafDistributionConfiguration()
          .frameworkUrl(new File(distribution).toURI().toString())
          .name("arangosync")
          .karafVersion(System.getProperty("karaf.version"))
          .unpackDirectory(new File("target/exam"))
          .useDeployFolder(false),
      configureConsole().ignoreLocalConsole().ignoreRemoteShell(),
      logLevel(LogLevel.WARN),
      editConfigurationFilePut("etc/org.apache.karaf.shell.cfg", "sshPort", Integer.toString(freePort())),
      editConfigurationFilePut("etc/org.apache.karaf.management.cfg", "rmiRegistryPort", Integer.toString(freePort())),
      editConfigurationFilePut("etc/org.apache.karaf.management.cfg", "rmiServerPort", Integer.toString(freePort())),
      editConfigurationFilePut("etc/org.ops4j.pax.url.mvn.cfg", "org.ops4j.pax.url.mvn.localRepository",
          System.getProperty("maven.repo.local", System.getProperty("user.home") + "/.m2/repository")),
      systemProperty("arangosync.version").value(System.getProperty("arangosync.version")),
      mavenBundle("org.awaitility", "awaitility", System.getProperty("awaitility.version")),
      mavenBundle(maven("org.hamcrest", "hamcrest", "2.1")),
    };
  }

  /** A TCP port that was free a moment ago. */
  protected static int freePort() {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Waits until the shell knows {@code scope:name}: boot features may still be starting. */
  protected void awaitCommand(String scope, String name) {
    Awaitility.await("shell command " + scope + ":" + name)
        .atMost(BOOT_TIMEOUT)
        .until(() -> sessionFactory.getRegistry().getCommand(scope, name) != null);
  }

  /**
   * Waits until a service of the given type (and OSGi filter, or null) is registered, and returns
   * it. The caller does not unget it: the test's container ends with the test class.
   */
  protected <T> T awaitService(Class<T> type, String filter) {
    return Awaitility.await("service " + type.getName() + (filter == null ? "" : " " + filter))
        .atMost(BOOT_TIMEOUT)
        .until(() -> {
          Collection<ServiceReference<T>> references = bundleContext.getServiceReferences(type, filter);
          return references.isEmpty() ? null : bundleContext.getService(references.iterator().next());
        }, Objects::nonNull);
  }

  /** Waits until the shell no longer knows {@code scope:name}. */
  protected void awaitNoCommand(String scope, String name) {
    Awaitility.await("shell command " + scope + ":" + name + " to go away")
        .atMost(Duration.ofSeconds(30))
        .until(() -> sessionFactory.getRegistry().getCommand(scope, name) == null);
  }

  /**
   * Runs a command line in a fresh shell session and returns what it printed on the console.
   *
   * @throws Exception what the command threw, e.g. Karaf's CommandException for a failed command
   */
  protected String executeCommand(String commandLine) throws Exception {
    ByteArrayOutputStream console = new ByteArrayOutputStream();
    PrintStream printer = new PrintStream(console, true, StandardCharsets.UTF_8);
    try (Session session = sessionFactory.create(System.in, printer, printer)) {
      session.execute(commandLine);
    }
    printer.flush();
    return console.toString(StandardCharsets.UTF_8);
  }
}
