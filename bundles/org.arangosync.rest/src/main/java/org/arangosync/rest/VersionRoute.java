package org.arangosync.rest;

import java.util.Map;
import org.arangosync.command.ProductVersion;
import org.osgi.service.component.annotations.Component;

/**
 * {@code GET /_api/version}: {@code {"version", "build"}} of this program, on every server.
 * Open to the monitoring token too, since kube-arangodb probes it with that token.
 */
@Component(service = RestRoute.class)
public final class VersionRoute implements RestRoute {

  private final ProductVersion version = ProductVersion.current();

  @Override
  public String method() {
    return "GET";
  }

  @Override
  public String path() {
    return "/_api/version";
  }

  @Override
  public Audience audience() {
    return Audience.MONITORING;
  }

  @Override
  public RestResponse handle(RestRequest request) {
    return RestResponse.json(200, Map.of("version", version.version(), "build", version.build()));
  }
}
