package org.arangosync.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;
import java.util.Hashtable;
import javax.inject.Inject;
import org.arangosync.api.Tick;
import org.arangosync.api.spi.auth.UserSource;
import org.arangosync.api.spi.state.StateStore;
import org.arangosync.api.spi.store.ClusterStore;
import org.arangosync.api.spi.transport.ChannelConsumer;
import org.arangosync.api.spi.transport.ChannelName;
import org.arangosync.api.spi.transport.ChannelProducer;
import org.arangosync.api.spi.transport.Envelope;
import org.arangosync.api.spi.transport.MessageKind;
import org.arangosync.api.spi.transport.Transport;
import org.arangosync.command.CommandProvider;
import org.arangosync.metrics.Metrics;
import org.arangosync.metrics.SyncMetric;
import org.awaitility.Awaitility;
import org.junit.Before;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.Configuration;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;
import org.osgi.framework.Bundle;
import org.osgi.framework.ServiceReference;
import org.osgi.service.cm.ConfigurationAdmin;

/**
 * The distribution boots with every arangosync bundle active and its commands in the shell.
 * (Runs inside Karaf, so it asserts with JUnit 4, which Pax Exam brings along.)
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class ArangosyncFeatureIT extends KarafTestSupport {

  private static final List<String> PRODUCT_BUNDLES = List.of(
      "org.arangosync.api", "org.arangosync.command", "org.arangosync.client", "org.arangosync.shell", "org.arangosync.arangodb",
      "org.arangosync.certificates", "org.arangosync.rest", "org.arangosync.core", "org.arangosync.transport.direct",
      "org.arangosync.metrics", "org.arangosync.scripting");

  @Inject private ConfigurationAdmin configurationAdmin;

  @Configuration
  public Option[] configuration() throws Exception {
    return org.ops4j.pax.exam.OptionUtils.combine(distribution(),
        org.ops4j.pax.exam.CoreOptions.systemProperty("itest.cluster.endpoint").value(OutsideKaraf.clusterEndpoint()),
        org.ops4j.pax.exam.CoreOptions.systemProperty("itest.cluster.jwtSecret").value(OutsideKaraf.CLUSTER_JWT_SECRET));
  }

  @Before
  public void awaitBoot() {
    awaitCommand("arangosync", "get-version");
  }

  @Test
  public void everyProductBundleIsActive() {
    List<Bundle> product = Arrays.stream(bundleContext.getBundles())
        .filter(bundle -> bundle.getSymbolicName().startsWith("org.arangosync."))
        .collect(Collectors.toList());
    List<String> names = product.stream().map(Bundle::getSymbolicName).collect(Collectors.toList());
    assertTrue("product bundles " + names + " include " + PRODUCT_BUNDLES, names.containsAll(PRODUCT_BUNDLES));
    String version = System.getProperty("arangosync.version").replace('-', '.');
    for (Bundle bundle : product) {
      assertEquals(bundle.getSymbolicName() + " state", Bundle.ACTIVE, bundle.getState());
      assertEquals(bundle.getSymbolicName() + " version", version, bundle.getVersion().toString());
    }
  }

  /** What the Metrics service records is visible in JMX (domain org.arangosync), where Karaf's JMX connector shows it. */
  @Test
  public void metricsAreJmxBeansOfTheOrgArangosyncDomain() throws Exception {
    Metrics metrics = awaitService(Metrics.class, null);
    metrics.counter(SyncMetric.WORKER_TASK_RESTARTS, "send-shard").inc(3);
    javax.management.MBeanServer server = java.lang.management.ManagementFactory.getPlatformMBeanServer();
    String series = "arangosync_worker_task_restarts_total{type=\"send-shard\"}";
    javax.management.ObjectName bean = Awaitility.await().until(() -> server.queryNames(new javax.management.ObjectName("org.arangosync:*"), null)
        .stream().filter(name -> series.equals(unquoted(name.getKeyProperty("name")))).findFirst().orElse(null), found -> found != null);
    assertTrue("count of " + bean, ((Number) server.getAttribute(bean, "Count")).longValue() >= 3);
  }

  private static String unquoted(String value) {
    return value != null && value.startsWith("\"") ? javax.management.ObjectName.unquote(value) : value;
  }

  @Test
  public void theClientBundleProvidesItsCommandsAsAService() {
    CommandProvider provider = awaitService(CommandProvider.class, "(component.name=org.arangosync.client.internal.command.AdminCommandProvider)");
    List<String> paths = provider.commands().stream().map(c -> String.join(" ", c.path())).collect(Collectors.toList());
    assertTrue(paths.toString(), paths.contains("get version"));
  }

  @Test
  public void theAdapterRegistersItsStoresForEachClusterConfiguration() throws Exception {
    org.osgi.service.cm.Configuration configuration = configurationAdmin.getFactoryConfiguration("org.arangosync.arangodb", "itest", "?");
    Hashtable<String, Object> properties = new Hashtable<>();
    properties.put("endpoints", new String[] {"http://127.0.0.1:1"});
    properties.put("arangosync.cluster", "itest");
    properties.put("user", "root");
    properties.put(".password", "not-published");
    configuration.update(properties);
    try {
      // No request at activation: the services appear although nothing listens at the endpoint.
      awaitService(ClusterStore.class, "(arangosync.cluster=itest)");
      awaitService(StateStore.class, "(arangosync.cluster=itest)");
      awaitService(UserSource.class, "(arangosync.cluster=itest)");
      for (ServiceReference<ClusterStore> reference : bundleContext.getServiceReferences(ClusterStore.class, "(arangosync.cluster=itest)")) {
        assertEquals("the password is not a service property", null, reference.getProperty(".password"));
        assertEquals("arangodb", reference.getProperty("arangosync.store"));
      }
    } finally {
      configuration.delete();
    }
    Awaitility.await().until(() -> bundleContext.getServiceReferences(ClusterStore.class, "(arangosync.cluster=itest)").isEmpty()
        && bundleContext.getServiceReferences(UserSource.class, "(arangosync.cluster=itest)").isEmpty());
  }

  @Test
  public void getVersionInTheShellNamesTheUnreachableMaster() {
    int port = freePort();
    Exception failure = assertThrows(Exception.class,
        () -> executeCommand("arangosync:get-version --master.endpoint=https://127.0.0.1:" + port));
    assertContains(failure.getMessage(), "cannot reach the sync master at https://127.0.0.1:" + port + ": connection refused");
    assertContains(failure.getMessage(), "--master.endpoint");
  }

  /** A runbook inside the distribution: GraalJS in Karaf, the modules, the product's commands behind them. */
  @Test
  public void runScriptRunsARunbookWithTheProductsCommands() throws Exception {
    awaitCommand("arangosync", "run-script");
    java.nio.file.Path dir = java.nio.file.Files.createTempDirectory("itest-script");
    java.nio.file.Path script = dir.resolve("runbook.js");
    java.nio.file.Files.writeString(script, "var arangosync = require('arangosync');\n"
        + "arangosync.createJwtSecret({secret: ARGUMENTS[0]});\n"
        + "try { arangosync.version({masterEndpoint: ARGUMENTS[1]}); } catch (e) { print('unreachable: ' + e.exitCode); }\n"
        + "print('done with ' + ARGUMENTS.length + ' arguments');\n");
    java.nio.file.Path secret = dir.resolve("master.jwtsecret");
    String output = executeCommand("arangosync:run-script " + script + " " + secret + " https://127.0.0.1:" + freePort());
    assertContains(output, "unreachable: 1");
    assertContains(output, "done with 2 arguments");
    assertTrue("the script created " + secret, java.nio.file.Files.size(secret) > 0);

    java.nio.file.Files.writeString(script, "while (true) {}\n");
    Exception stopped = assertThrows(Exception.class, () -> executeCommand("arangosync:run-script --script.timeout=2s " + script));
    assertContains(stopped.getMessage() + "", "time limit of 2s");
  }

  @Test
  public void shellCommandsParseAndHelpLikeTheLauncher() throws Exception {
    String help = executeCommand("arangosync:get-version --help");
    assertContains(help, "Usage: arangosync get version");
    assertContains(help, "--master.endpoint=URL");
    Exception failure = assertThrows(Exception.class,
        () -> executeCommand("arangosync:get-version --master.endpont=https://127.0.0.1:1"));
    assertContains(failure.getMessage(), "Unknown option: '--master.endpont=https://127.0.0.1:1'");
    assertContains(failure.getMessage(), "Possible solutions: --master.endpoint");
  }

  @Test
  public void replicationCommandsLiveInTheReplicationScope() throws Exception {
    awaitCommand("replication", "logger-state");
    String help = executeCommand("replication:logger-state --help");
    assertContains(help, "Usage: arangosync replication logger-state");
    assertContains(help, "--endpoint=URL");
    int port = freePort();
    Exception failure = assertThrows(Exception.class,
        () -> executeCommand("replication:logger-first-tick --endpoint=tcp://127.0.0.1:" + port));
    assertContains(failure.getMessage(), "could not connect to leader at tcp://127.0.0.1:" + port);
  }

  /**
   * Appliers hosted in Karaf: an HTTPS server named "applier" and an applier host for a follower,
   * both from configuration; the replication commands in the shell reach the applier routes with
   * a JWT signed by the server's secret.
   */
  @Test
  public void hostsAppliersAndServesTheirRoutesFromConfiguration() throws Exception {
    java.nio.file.Path dir = java.nio.file.Files.createTempDirectory("itest-applier");
    org.osgi.service.cm.Configuration rest = configurationAdmin.getFactoryConfiguration("org.arangosync.rest", "applier-itest", "?");
    org.osgi.service.cm.Configuration host = configurationAdmin.getFactoryConfiguration("org.arangosync.applier", "itest", "?");
    try {
      String d = dir.toString() + "/";
      executeCommand("arangosync:create-tls-ca --cert=" + d + "ca.crt --key=" + d + "ca.key --curve=P256");
      executeCommand("arangosync:create-tls-keyfile --cacert=" + d + "ca.crt --cakey=" + d + "ca.key --keyfile=" + d
          + "applier.keyfile --host=127.0.0.1 --curve=P256");
      executeCommand("arangosync:create-jwt-secret --secret=" + d + "applier.jwt");
      int port = freePort();
      Hashtable<String, Object> server = new Hashtable<>();
      server.put("name", "applier");
      server.put("host", "127.0.0.1");
      server.put("port", port);
      server.put("keyfile", d + "applier.keyfile");
      server.put("jwtSecretFile", d + "applier.jwt");
      rest.update(server);
      Hashtable<String, Object> appliers = new Hashtable<>();
      appliers.put("follower.endpoint", "tcp://127.0.0.1:" + freePort());
      appliers.put("server", "applier");
      appliers.put("stateDirectory", d + "state");
      host.update(appliers);

      String target = " --endpoint=https://127.0.0.1:" + port + " --cacert=" + d + "ca.crt --auth.jwt-secret=" + d + "applier.jwt";
      String defaults = Awaitility.await().atMost(java.time.Duration.ofSeconds(30)).ignoreExceptions()
          .until(() -> executeCommand("replication:applier-properties" + target), output -> output.contains("maxConnectRetries"));
      assertContains(defaults, "\"idleMaxWaitTime\" : 2.5");
      String changed = executeCommand("replication:applier-properties" + target + " --set endpoint=tcp://127.0.0.1:1 --set chunkSize=4194304");
      assertContains(changed, "\"endpoint\" : \"tcp://127.0.0.1:1\"");
      assertContains(changed, "\"chunkSize\" : 4194304");
      assertTrue("the configuration was saved", java.nio.file.Files.exists(java.nio.file.Path.of(d + "state", "applier-db-_system.config.json")));
    } finally {
      host.delete();
      rest.delete();
      deleteTree(dir);
    }
  }

  /**
   * The direct transport from configuration: an HTTPS server and etc/org.arangosync.transport.direct.cfg
   * give a Transport service (arangosync.transport=direct) whose channels a consumer reads over
   * mutual TLS with the channel's token.
   */
  @Test
  public void theDirectTransportServesChannelsFromConfiguration() throws Exception {
    java.nio.file.Path dir = java.nio.file.Files.createTempDirectory("itest-direct");
    org.osgi.service.cm.Configuration rest = configurationAdmin.getFactoryConfiguration("org.arangosync.rest", "mq-itest", "?");
    org.osgi.service.cm.Configuration direct = configurationAdmin.getConfiguration("org.arangosync.transport.direct", "?");
    try {
      String d = dir.toString() + "/";
      createServerAndClientKeyfiles(d, "worker.keyfile", "worker-client.keyfile", "--host=worker-b");
      int port = freePort();
      rest.update(restServer("mq-itest", port, d + "worker.keyfile", d + "client-auth-ca.crt"));
      Hashtable<String, Object> transport = new Hashtable<>();
      transport.put("server", "mq-itest");
      transport.put("endpoints", new String[] {"https://127.0.0.1:" + port});
      transport.put("caCertificateFile", d + "tls-ca.crt");
      transport.put("clientKeyfile", d + "worker-client.keyfile");
      transport.put("spillDirectory", d + "spill");
      direct.update(transport);

      Transport found = Awaitility.await().atMost(java.time.Duration.ofSeconds(30)).until(() -> {
        java.util.Collection<ServiceReference<Transport>> references =
            bundleContext.getServiceReferences(Transport.class, "(" + Transport.TYPE_PROPERTY + "=direct)");
        return references.isEmpty() ? null : bundleContext.getService(references.iterator().next());
      }, java.util.Objects::nonNull);
      ChannelName channel = new ChannelName("itest.direct");
      ChannelProducer producer = found.producer(channel);
      Envelope sent = new Envelope(channel, MessageKind.DATA, null, new Tick(1), new Tick(2), "{\"_key\":\"k\"}".getBytes(
          java.nio.charset.StandardCharsets.UTF_8));
      producer.send(List.of(sent), java.time.Duration.ofSeconds(10));
      ChannelConsumer consumer = found.consumer(channel, producer.access());
      List<ChannelConsumer.Delivery> received = Awaitility.await().atMost(java.time.Duration.ofSeconds(30)).ignoreExceptions()
          .until(() -> consumer.poll(10, java.time.Duration.ofSeconds(1)), list -> !list.isEmpty());
      assertEquals(sent, received.get(0).envelope());
      consumer.commit(received.get(0).offset());

      // Hot swap: the transport leaves and comes back with its bundle; the core is not refreshed.
      Bundle core = bundle("org.arangosync.core");
      long coreId = core.getBundleId();
      long coreModified = core.getLastModified();
      Bundle directBundle = bundle("org.arangosync.transport.direct");
      String filter = "(" + Transport.TYPE_PROPERTY + "=direct)";
      directBundle.stop();
      try {
        Awaitility.await().atMost(java.time.Duration.ofSeconds(30))
            .until(() -> bundleContext.getServiceReferences(Transport.class, filter).isEmpty());
      } finally {
        directBundle.start();
      }
      Awaitility.await().atMost(java.time.Duration.ofSeconds(30))
          .until(() -> !bundleContext.getServiceReferences(Transport.class, filter).isEmpty());
      assertEquals("the core bundle is the same", coreId, bundle("org.arangosync.core").getBundleId());
      assertEquals("the core bundle was not refreshed", coreModified, core.getLastModified());
      assertEquals(Bundle.ACTIVE, core.getState());
    } finally {
      direct.delete();
      rest.delete();
      deleteTree(dir);
    }
  }

  @Test
  public void createsACaWithBouncyCastleInTheShell() throws Exception {
    java.nio.file.Path dir = java.nio.file.Files.createTempDirectory("itest-ca");
    try {
      String output = executeCommand("arangosync:create-tls-ca --cert=" + dir.resolve("tls-ca.crt") + " --key=" + dir.resolve("tls-ca.key")
          + " --curve=P256");
      assertContains(output, "Created CA certificate");
      assertTrue("the key file exists", java.nio.file.Files.readString(dir.resolve("tls-ca.key")).startsWith("-----BEGIN PRIVATE KEY-----"));
    } finally {
      for (String name : new String[] {"tls-ca.crt", "tls-ca.key"}) {
        java.nio.file.Files.deleteIfExists(dir.resolve(name));
      }
      java.nio.file.Files.delete(dir);
    }
  }

  /**
   * What an operator does in the shell: create the certificates, configure an HTTPS server
   * (etc/org.arangosync.rest-itest.cfg), and ask it its version with a client certificate.
   */
  @Test
  public void servesVersionOverHttpsToAClientCertificateCreatedInTheShell() throws Exception {
    java.nio.file.Path dir = java.nio.file.Files.createTempDirectory("itest-rest");
    org.osgi.service.cm.Configuration configuration = configurationAdmin.getFactoryConfiguration("org.arangosync.rest", "itest", "?");
    try {
      String d = dir.toString() + "/";
      createServerAndClientKeyfiles(d, "master.keyfile", "operator.keyfile", "--email=ops@example.com");
      int port = freePort();
      configuration.update(restServer("itest", port, d + "master.keyfile", d + "client-auth-ca.crt"));

      String getVersion = "arangosync:get-version --master.endpoint=https://127.0.0.1:" + port + " --master.cacert=" + d + "tls-ca.crt";
      String version = Awaitility.await().atMost(java.time.Duration.ofSeconds(30)).ignoreExceptions()
          .until(() -> executeCommand(getVersion + " --auth.keyfile=" + d + "operator.keyfile"), output -> output.contains("Version:"));
      assertContains(version, "Version: " + System.getProperty("arangosync.version"));
      // No cluster is configured, so there is no user source: passwords are refused, with the reason.
      Awaitility.await().until(() -> bundleContext.getServiceReferences(UserSource.class, null).isEmpty());
      Exception failure = assertThrows(Exception.class, () -> executeCommand(getVersion + " --auth.user=root --auth.password=x"));
      assertContains(failure.getMessage(), "401: this server has no users to check HTTP Basic credentials against");
    } finally {
      configuration.delete();
      deleteTree(dir);
    }
  }

  /**
   * A sync master from configuration: the ArangoDB adapter (org.arangosync.arangodb-local) gives
   * the cluster's agency as state store, the master (org.arangosync.master) elects itself there and
   * answers GET /_api/masters on its HTTPS server (org.arangosync.rest-master) to a client
   * certificate; without its configuration the master leaves and its routes go.
   */
  @Test
  public void aSyncMasterElectsItselfInTheClustersAgencyAndListsTheMasters() throws Exception {
    java.nio.file.Path dir = java.nio.file.Files.createTempDirectory("itest-master");
    org.osgi.service.cm.Configuration adapter = configurationAdmin.getFactoryConfiguration("org.arangosync.arangodb", "local", "?");
    org.osgi.service.cm.Configuration rest = configurationAdmin.getFactoryConfiguration("org.arangosync.rest", "master", "?");
    org.osgi.service.cm.Configuration master = configurationAdmin.getConfiguration("org.arangosync.master", "?");
    try {
      String d = dir.toString() + "/";
      createServerAndClientKeyfiles(d, "master.keyfile", "operator.keyfile", "--email=ops@example.com");
      java.nio.file.Files.writeString(dir.resolve("cluster.jwtsecret"), System.getProperty("itest.cluster.jwtSecret"));
      int port = freePort();
      // The master first: it waits for its state store, which the adapter's configuration brings later.
      Hashtable<String, Object> masterProperties = new Hashtable<>();
      masterProperties.put("endpoint", "https://127.0.0.1:" + port);
      masterProperties.put("masterEndpoints", new String[] {"https://dc-a.example:8629"});
      masterProperties.put("leaseSeconds", 3);
      masterProperties.put("clusterEndpoints", new String[] {System.getProperty("itest.cluster.endpoint")});
      masterProperties.put("clusterJwtSecretFile", d + "cluster.jwtsecret");
      master.update(masterProperties);
      rest.update(restServer("master", port, d + "master.keyfile", d + "client-auth-ca.crt"));
      Hashtable<String, Object> cluster = new Hashtable<>();
      cluster.put("endpoints", new String[] {System.getProperty("itest.cluster.endpoint")});
      cluster.put("jwtSecretFile", d + "cluster.jwtsecret");
      // A root of its own, so that a rerun against the same agency starts from no masters.
      cluster.put("stateRoot", "/arangodb/arangosync-itest-" + System.nanoTime());
      adapter.update(cluster);

      java.net.http.HttpClient http = java.net.http.HttpClient.newBuilder()
          .sslContext(org.arangosync.certificates.TlsContexts.client(
              org.arangosync.certificates.Pem.readCertificates(dir.resolve("tls-ca.crt")),
              org.arangosync.certificates.Pem.readKeyfile(dir.resolve("operator.keyfile"))))
          .build();
      java.net.http.HttpRequest masters = java.net.http.HttpRequest.newBuilder(
          java.net.URI.create("https://127.0.0.1:" + port + "/_api/masters")).build();
      String body = Awaitility.await("the master to lead and list itself").atMost(java.time.Duration.ofSeconds(60))
          .ignoreExceptions()
          .until(() -> http.send(masters, java.net.http.HttpResponse.BodyHandlers.ofString()).body(),
              text -> text.contains("\"leader\":true"));
      assertContains(body, "\"endpoint\":\"https://127.0.0.1:" + port + "\"");
      String endpoints = http.send(java.net.http.HttpRequest.newBuilder(
          java.net.URI.create("https://127.0.0.1:" + port + "/_api/endpoints")).build(),
          java.net.http.HttpResponse.BodyHandlers.ofString()).body();
      assertEquals("{\"endpoints\":[\"https://dc-a.example:8629\"]}", endpoints);

      master.delete();
      Awaitility.await("the master's routes to go").atMost(java.time.Duration.ofSeconds(30)).ignoreExceptions()
          .until(() -> http.send(masters, java.net.http.HttpResponse.BodyHandlers.ofString()).statusCode() == 404);
    } finally {
      for (org.osgi.service.cm.Configuration configuration : List.of(master, rest, adapter)) {
        try {
          configuration.delete();
        } catch (IllegalStateException alreadyDeleted) {
          // the test deleted it on purpose
        }
      }
      deleteTree(dir);
    }
  }

  @Test
  public void commandsFollowTheirBundleWithoutRestartingTheShellBridge() throws Exception {
    Bundle client = bundle("org.arangosync.client");
    Bundle shell = bundle("org.arangosync.shell");
    long shellModified = shell.getLastModified();
    client.stop();
    try {
      awaitNoCommand("arangosync", "get-version");
      assertEquals(Bundle.ACTIVE, shell.getState());
    } finally {
      client.start();
    }
    awaitCommand("arangosync", "get-version");
    Awaitility.await().until(() -> executeCommand("arangosync:get-version --help").contains("Usage: arangosync get version"));
    assertEquals("the shell bundle was not refreshed", shellModified, shell.getLastModified());
    assertEquals(Bundle.ACTIVE, shell.getState());
  }

  private static void assertContains(String text, String expected) {
    assertTrue("expected to find\n  " + expected + "\nin\n  " + text, text != null && text.contains(expected));
  }

  /**
   * What an operator runs in the shell for a server with client certificates, into directory
   * {@code d}: a TLS CA (tls-ca.crt) and a server keyfile for 127.0.0.1, a client-authentication CA
   * (client-auth-ca.crt) and a client keyfile for {@code clientSubject} (--host=... or --email=...).
   */
  private void createServerAndClientKeyfiles(String d, String serverKeyfile, String clientKeyfile, String clientSubject)
      throws Exception {
    executeCommand("arangosync:create-tls-ca --cert=" + d + "tls-ca.crt --key=" + d + "tls-ca.key --curve=P256");
    executeCommand("arangosync:create-tls-keyfile --cacert=" + d + "tls-ca.crt --cakey=" + d + "tls-ca.key --keyfile=" + d
        + serverKeyfile + " --host=127.0.0.1 --curve=P256");
    executeCommand("arangosync:create-client-auth-ca --cert=" + d + "client-auth-ca.crt --key=" + d + "client-auth-ca.key --curve=P256");
    executeCommand("arangosync:create-client-auth-keyfile --cacert=" + d + "client-auth-ca.crt --cakey=" + d
        + "client-auth-ca.key --keyfile=" + d + clientKeyfile + " " + clientSubject + " --curve=P256");
  }

  /** The properties of an org.arangosync.rest configuration on 127.0.0.1. */
  private static Hashtable<String, Object> restServer(String name, int port, String keyfile, String clientCaFile) {
    Hashtable<String, Object> properties = new Hashtable<>();
    properties.put("name", name);
    properties.put("host", "127.0.0.1");
    properties.put("port", port);
    properties.put("keyfile", keyfile);
    properties.put("clientCaFile", clientCaFile);
    return properties;
  }

  /** Removes a test's temporary directory with everything in it. */
  private static void deleteTree(java.nio.file.Path dir) throws java.io.IOException {
    try (java.util.stream.Stream<java.nio.file.Path> files = java.nio.file.Files.walk(dir)) {
      for (java.nio.file.Path file : files.sorted(java.util.Comparator.reverseOrder()).collect(Collectors.toList())) {
        java.nio.file.Files.delete(file);
      }
    }
  }

  private Bundle bundle(String symbolicName) {
    return Arrays.stream(bundleContext.getBundles())
        .filter(bundle -> bundle.getSymbolicName().equals(symbolicName))
        .findFirst()
        .orElseThrow(() -> new AssertionError("no bundle " + symbolicName));
  }
}
