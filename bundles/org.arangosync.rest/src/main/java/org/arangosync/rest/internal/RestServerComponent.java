package org.arangosync.rest.internal;

import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import org.arangosync.rest.RestRoute;
import org.arangosync.rest.RestServer;
import org.arangosync.rest.TokenAuthority;
import org.arangosync.api.spi.auth.UserSource;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.osgi.service.metatype.annotations.Designate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs one {@link RestServer} per factory configuration {@code org.arangosync.rest} and mounts on
 * it every {@link RestRoute} service (whiteboard): a bundle that arrives later adds its routes to
 * the running server, one that leaves takes them away.
 *
 * <p>Route services may arrive before activation; they wait in {@code routes} and are mounted when
 * the server starts. All access to {@code routes} and {@code server} holds the component's lock.
 */
@Component(configurationPid = RestServerConfiguration.PID, configurationPolicy = ConfigurationPolicy.REQUIRE, service = {})
@Designate(ocd = RestServerConfiguration.class, factory = true)
public final class RestServerComponent {

  private static final Logger LOG = LoggerFactory.getLogger(RestServerComponent.class);

  private final Map<RestRoute, String> routes = new LinkedHashMap<>();
  private final Map<TokenAuthority, String> authorities = new LinkedHashMap<>();
  private RestServer server;
  private UserSource userSource;

  @Activate
  public synchronized void activate(RestServerConfiguration configuration) {
    if (configuration.keyfile() == null || configuration.keyfile().isBlank()) {
      throw new IllegalArgumentException("configuration " + RestServerConfiguration.PID + " of server '" + configuration.name()
          + "' has no keyfile; create one with 'arangosync create tls keyfile' and set keyfile=<path>");
    }
    RestServer.Builder builder = RestServer.builder(Path.of(configuration.keyfile()))
        .name(configuration.name())
        .host(configuration.host())
        .port(configuration.port())
        .monitoringToken(configuration._monitoring_token())
        .keyfileCheckEvery(Duration.ofSeconds(Math.max(1, configuration.keyfileCheckSeconds())))
        .userSource(userSource);
    if (!configuration.clientCaFile().isBlank()) {
      builder.clientCaFile(Path.of(configuration.clientCaFile()));
    }
    if (!configuration.jwtSecretFile().isBlank()) {
      builder.jwtSecretFile(Path.of(configuration.jwtSecretFile()));
    }
    server = builder.start();
    routes.forEach(this::mount);
    authorities.forEach((authority, onlyServer) -> {
      if (onlyServer.isEmpty() || onlyServer.equals(server.name())) {
        server.addTokenAuthority(authority);
      }
    });
    LOG.info("HTTPS server {} listening on {}:{} ({} routes)", server.name(), configuration.host(), server.port(), routes.size());
  }

  @Deactivate
  public synchronized void deactivate() {
    if (server != null) {
      server.close();
      server = null;
    }
  }

  @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC)
  synchronized void addRoute(RestRoute route, Map<String, Object> properties) {
    Object only = properties.get(RestRoute.SERVER_PROPERTY);
    routes.put(route, only == null ? null : only.toString());
    if (server != null) {
      mount(route, routes.get(route));
    }
  }

  synchronized void removeRoute(RestRoute route) {
    routes.remove(route);
    if (server != null) {
      server.removeRoute(route);
    }
  }

  /**
   * The users for HTTP Basic: the best-ranked {@link UserSource} service, e.g. the ArangoDB
   * adapter's for each configured cluster. With several clusters, the configuration property
   * {@code userSource.target = (arangosync.cluster=<name>)} picks one.
   */
  @Reference(name = "userSource", cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
      policyOption = ReferencePolicyOption.GREEDY)
  synchronized void setUserSource(UserSource source) {
    userSource = source;
    if (server != null) {
      server.userSource(source);
    }
  }

  synchronized void unsetUserSource(UserSource source) {
    if (userSource == source) {
      setUserSource(null);
    }
  }

  /** Token authorities (e.g. the direct transport's channel tokens), limited to one server like routes. */
  @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC)
  synchronized void addTokenAuthority(TokenAuthority authority, Map<String, Object> properties) {
    Object only = properties.get(RestRoute.SERVER_PROPERTY);
    authorities.put(authority, only == null ? "" : only.toString());
    if (server != null && (only == null || only.toString().equals(server.name()))) {
      server.addTokenAuthority(authority);
    }
  }

  synchronized void removeTokenAuthority(TokenAuthority authority) {
    authorities.remove(authority);
    if (server != null) {
      server.removeTokenAuthority(authority);
    }
  }

  private void mount(RestRoute route, String onlyServer) {
    if (onlyServer != null && !onlyServer.equals(server.name())) {
      return;
    }
    if (!server.addRoute(route)) {
      LOG.warn("HTTPS server {}: {} {} is served by another route already; {} not mounted", server.name(), route.method(),
          route.path(), route.getClass().getName());
    }
  }
}
