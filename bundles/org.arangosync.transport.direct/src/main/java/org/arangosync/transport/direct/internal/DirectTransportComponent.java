package org.arangosync.transport.direct.internal;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Hashtable;
import java.util.List;
import org.arangosync.api.spi.transport.Transport;
import org.arangosync.certificates.Pem;
import org.arangosync.rest.RestRoute;
import org.arangosync.rest.TokenAuthority;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceRegistration;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.metatype.annotations.Designate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The direct transport in Karaf: a {@link Transport} service with {@code arangosync.transport=direct},
 * and its routes and token authority for the configured HTTPS server. Uninstalling the bundle
 * takes all three away; the core sees the transport go without being refreshed.
 */
@Component(configurationPid = DirectTransportConfiguration.PID, configurationPolicy = ConfigurationPolicy.REQUIRE, service = {})
@Designate(ocd = DirectTransportConfiguration.class)
public final class DirectTransportComponent {

  private static final Logger LOG = LoggerFactory.getLogger(DirectTransportComponent.class);

  private final List<ServiceRegistration<?>> registrations = new ArrayList<>();
  private DirectTransport transport;

  @Activate
  public void activate(DirectTransportConfiguration configuration, BundleContext context) {
    String prefix = DirectTransportConfiguration.PID + ": ";
    if (configuration.endpoints() == null || configuration.endpoints().length == 0) {
      throw new IllegalArgumentException(prefix + "'endpoints' is empty; name how the other datacenter reaches this server, "
          + "e.g. https://10.0.0.5:8729");
    }
    List<URI> endpoints = new ArrayList<>();
    // A .cfg file gives a list as one comma-separated value.
    for (String endpoint : String.join(",", configuration.endpoints()).split(",")) {
      if (endpoint.isBlank()) {
        continue;
      }
      URI uri = URI.create(endpoint.strip());
      if (!"https".equals(uri.getScheme())) {
        throw new IllegalArgumentException(prefix + "endpoint '" + endpoint + "' must be an https:// URL (the server is TLS only)");
      }
      endpoints.add(uri);
    }
    if (endpoints.isEmpty()) {
      throw new IllegalArgumentException(prefix + "'endpoints' is empty; name how the other datacenter reaches this server, "
          + "e.g. https://10.0.0.5:8729");
    }
    String ca = configuration.caCertificateFile().isBlank() ? ""
        : Pem.certificates(Pem.readCertificates(Path.of(configuration.caCertificateFile())));
    Path spill = configuration.spillDirectory().isBlank()
        ? Path.of(System.getProperty("karaf.data", "data"), "arangosync", "direct-mq") : Path.of(configuration.spillDirectory());
    transport = new DirectTransport(new DirectTransport.Settings(endpoints, ca,
        configuration.clientKeyfile().isBlank() ? null : Pem.readKeyfile(Path.of(configuration.clientKeyfile())), spill,
        configuration.memoryBytesPerChannel(), configuration.diskBytesPerChannel(), Duration.ofSeconds(configuration.tokenTtlSeconds())));
    Hashtable<String, Object> onServer = new Hashtable<>();
    onServer.put(RestRoute.SERVER_PROPERTY, configuration.server());
    for (RestRoute route : transport.routes()) {
      registrations.add(context.registerService(RestRoute.class, route, onServer));
    }
    registrations.add(context.registerService(TokenAuthority.class, transport.tokenAuthority(), onServer));
    Hashtable<String, Object> type = new Hashtable<>();
    type.put(Transport.TYPE_PROPERTY, transport.type());
    registrations.add(context.registerService(Transport.class, transport, type));
    LOG.info("direct transport on HTTPS server '{}', reached at {}, spilling to {}", configuration.server(), endpoints, spill);
  }

  @Deactivate
  public void deactivate() {
    registrations.forEach(ServiceRegistration::unregister);
    registrations.clear();
    if (transport != null) {
      transport.close();
    }
  }
}
