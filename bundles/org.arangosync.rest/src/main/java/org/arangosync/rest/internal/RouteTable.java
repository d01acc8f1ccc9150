package org.arangosync.rest.internal;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.arangosync.rest.RestRoute;

/**
 * The mounted routes. Reads (every request) take no lock; mounting and unmounting are rare.
 *
 * <p>Invariant: no two mounted routes have the same method and path template.
 */
public final class RouteTable {

  /** A route with its path split into segments; a segment {@code {name}} is a parameter. */
  private record Mounted(RestRoute route, String method, String[] segments, int parameters) {}

  /** What a path and method resolve to. */
  public sealed interface Resolution {}

  /** A route and the values of its path parameters. */
  public record Found(RestRoute route, Map<String, String> parameters) implements Resolution {}

  /** Routes exist for the path, but not for the method. */
  public record WrongMethod(List<String> allowed) implements Resolution {}

  /** No route has this path. */
  public record NotFound() implements Resolution {}

  private final List<Mounted> routes = new CopyOnWriteArrayList<>();

  /** Mounts {@code route}; false when one with the same method and template is mounted already. */
  public synchronized boolean add(RestRoute route) {
    String path = route.path();
    if (path == null || !path.startsWith("/")) {
      throw new IllegalArgumentException("route path '" + path + "' must start with /");
    }
    String[] segments = split(path);
    int parameters = 0;
    for (String segment : segments) {
      if (isParameter(segment)) {
        parameters++;
      }
    }
    String method = route.method().toUpperCase(java.util.Locale.ROOT);
    for (Mounted mounted : routes) {
      if (mounted.route() == route || (mounted.method().equals(method) && sameTemplate(mounted.segments(), segments))) {
        return false;
      }
    }
    routes.add(new Mounted(route, method, segments, parameters));
    return true;
  }

  public synchronized void remove(RestRoute route) {
    routes.removeIf(mounted -> mounted.route() == route);
  }

  /** The route for {@code method path}; literal segments win over parameters. */
  public Resolution resolve(String method, String path) {
    String[] segments = split(path);
    Mounted best = null;
    Map<String, String> bestParameters = null;
    List<String> allowed = new ArrayList<>();
    for (Mounted mounted : routes) {
      Map<String, String> parameters = match(mounted.segments(), segments);
      if (parameters == null) {
        continue;
      }
      if (!mounted.method().equals(method)) {
        allowed.add(mounted.method());
      } else if (best == null || mounted.parameters() < best.parameters()) {
        best = mounted;
        bestParameters = parameters;
      }
    }
    if (best != null) {
      return new Found(best.route(), bestParameters);
    }
    return allowed.isEmpty() ? new NotFound() : new WrongMethod(allowed);
  }

  private static Map<String, String> match(String[] template, String[] segments) {
    if (template.length != segments.length) {
      return null;
    }
    Map<String, String> parameters = new HashMap<>();
    for (int i = 0; i < template.length; i++) {
      if (isParameter(template[i])) {
        if (segments[i].isEmpty()) {
          return null;
        }
        parameters.put(template[i].substring(1, template[i].length() - 1), segments[i]);
      } else if (!template[i].equals(segments[i])) {
        return null;
      }
    }
    return parameters;
  }

  private static boolean sameTemplate(String[] a, String[] b) {
    if (a.length != b.length) {
      return false;
    }
    for (int i = 0; i < a.length; i++) {
      boolean bothParameters = isParameter(a[i]) && isParameter(b[i]);
      if (!bothParameters && !a[i].equals(b[i])) {
        return false;
      }
    }
    return true;
  }

  private static boolean isParameter(String segment) {
    return segment.length() > 2 && segment.startsWith("{") && segment.endsWith("}");
  }

  private static String[] split(String path) {
    String trimmed = path.startsWith("/") ? path.substring(1) : path;
    return trimmed.split("/", -1);
  }
}
