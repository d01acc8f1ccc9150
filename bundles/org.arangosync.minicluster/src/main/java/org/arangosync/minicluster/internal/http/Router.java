package org.arangosync.minicluster.internal.http;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * Finds the handler of a request by the longest matching path prefix, e.g. {@code /_api/document}
 * serves {@code /_api/document/products/123}. Unknown paths are ArangoDB's 404 "unknown path".
 * Handlers check the method themselves and answer 405 for one they do not serve.
 *
 * <p>A guard ({@link #guardedBy}) runs before every handler the router finds, whatever the route:
 * the place for checks that must not depend on each handler remembering them.
 */
public final class Router {

  private final List<Route> routes = new ArrayList<>();

  private record Route(List<String> prefix, Handler handler) {}

  private Consumer<ApiRequest> guard = request -> {};

  /** Runs {@code guard} before every handler of this router; it refuses a request by throwing {@link ArangoError}. */
  public Router guardedBy(Consumer<ApiRequest> guard) {
    this.guard = guard;
    return this;
  }

  /** Serves every path that starts with {@code prefix}, e.g. {@code "/_api/document"}. */
  public Router add(String prefix, Handler handler) {
    routes.add(new Route(split(prefix), handler));
    routes.sort((a, b) -> Integer.compare(b.prefix.size(), a.prefix.size()));
    return this;
  }

  public Handler find(List<String> segments) {
    for (Route route : routes) {
      if (segments.size() >= route.prefix.size() && segments.subList(0, route.prefix.size()).equals(route.prefix)) {
        Handler handler = route.handler;
        return request -> {
          guard.accept(request);
          return handler.handle(request);
        };
      }
    }
    return null;
  }

  public static List<String> split(String path) {
    List<String> segments = new ArrayList<>();
    for (String part : path.split("/")) {
      if (!part.isEmpty()) {
        segments.add(part);
      }
    }
    return segments;
  }
}
