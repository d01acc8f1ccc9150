package org.arangosync.core.internal;

import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Hashtable;
import java.util.List;
import org.arangosync.api.spi.auth.UserSource;
import org.arangosync.api.spi.replication.ReplicationConnector;
import org.arangosync.api.spi.replication.ReplicationEndpoint;
import org.arangosync.certificates.Pem;
import org.arangosync.metrics.Metrics;
import org.arangosync.rest.RestRoute;
import org.osgi.framework.BundleContext;
import org.osgi.framework.Constants;
import org.osgi.framework.ServiceRegistration;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.osgi.service.metatype.annotations.Designate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Hosts the appliers of one follower in Karaf: ArangoDB's applier routes as {@link RestRoute}
 * services for the named HTTPS server (whiteboard), the follower's users as that server's
 * {@link UserSource}, and at activation every applier configured before, started again when its
 * configuration says {@code autoStart}. What {@code arangosync run applier} does in a process of
 * its own.
 *
 * <p>The adapter's {@link ReplicationConnector} is an optional, greedy reference so that the core
 * bundle resolves without the adapter; without it this component does not start and says why.
 */
@Component(configurationPid = ApplierHostConfiguration.PID, configurationPolicy = ConfigurationPolicy.REQUIRE, service = {})
@Designate(ocd = ApplierHostConfiguration.class, factory = true)
public final class ApplierHostComponent {

  private static final Logger LOG = LoggerFactory.getLogger(ApplierHostComponent.class);

  @Reference(cardinality = ReferenceCardinality.OPTIONAL, policyOption = ReferencePolicyOption.GREEDY)
  private ReplicationConnector connector;

  /** Mandatory: the metrics bundle comes with the core's feature. */
  @Reference
  private Metrics metrics;

  private final List<ServiceRegistration<?>> registrations = new ArrayList<>();
  private ApplierHost host;

  @Activate
  public void activate(ApplierHostConfiguration configuration, BundleContext context) {
    if (connector == null) {
      throw new IllegalStateException(ApplierHostConfiguration.PID + ": no ArangoDB adapter (ReplicationConnector) is installed; "
          + "install the feature arangosync-arangodb");
    }
    ReplicationEndpoint follower = follower(configuration);
    Path stateDirectory = configuration.stateDirectory().isBlank()
        ? Path.of(System.getProperty("karaf.data", "data"), "arangosync", "applier-" + configuration.server())
        : Path.of(configuration.stateDirectory());
    host = ApplierHost.open(connector, follower, stateDirectory, metrics);
    Hashtable<String, Object> properties = new Hashtable<>();
    properties.put(RestRoute.SERVER_PROPERTY, configuration.server());
    for (RestRoute route : host.routes()) {
      registrations.add(context.registerService(RestRoute.class, route, properties));
    }
    Hashtable<String, Object> userProperties = new Hashtable<>(properties);
    // Above the cluster stores' user sources: the server that fronts a follower logs its users in.
    userProperties.put(Constants.SERVICE_RANKING, 10);
    registrations.add(context.registerService(UserSource.class, host.users(), userProperties));
    LOG.info("appliers for follower {} on HTTPS server '{}', state in {}", follower.endpoint(), configuration.server(), stateDirectory);
  }

  @Deactivate
  public void deactivate() {
    registrations.forEach(ServiceRegistration::unregister);
    registrations.clear();
    if (host != null) {
      host.close();
    }
  }

  private static ReplicationEndpoint follower(ApplierHostConfiguration configuration) {
    String prefix = ApplierHostConfiguration.PID + ": ";
    if (configuration.follower_endpoint() == null || configuration.follower_endpoint().isBlank()) {
      throw new IllegalArgumentException(prefix + "'follower.endpoint' is missing; name the follower, e.g. tcp://10.0.0.2:8529");
    }
    String secret = null;
    if (!configuration.follower_jwtSecretFile().isBlank()) {
      try {
        secret = Files.readString(Path.of(configuration.follower_jwtSecretFile()), StandardCharsets.UTF_8).strip();
      } catch (IOException e) {
        throw new IllegalArgumentException(prefix + "cannot read 'follower.jwtSecretFile': " + e.getMessage(), e);
      }
    }
    List<X509Certificate> cas = List.of();
    if (!configuration.follower_caCertificateFile().isBlank()) {
      cas = Pem.readCertificates(Path.of(configuration.follower_caCertificateFile()));
    }
    String user = configuration.follower_user().isBlank() ? null : configuration.follower_user();
    return new ReplicationEndpoint(URI.create(configuration.follower_endpoint().strip()), "_system", user,
        user == null ? null : configuration._follower_password(), secret, cas, Duration.ofMinutes(2));
  }
}
