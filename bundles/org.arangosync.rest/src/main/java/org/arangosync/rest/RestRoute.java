package org.arangosync.rest;

/**
 * One route of the HTTPS server, contributed as an OSGi service (or added with
 * {@link RestServer#addRoute}). The server authenticates the caller and checks the
 * {@link #audience()} before {@link #handle} runs.
 *
 * <p>Service property {@value #SERVER_PROPERTY}, when set, names the server (its configuration's
 * {@code name}) the route belongs to; without it the route is mounted on every server.
 */
@org.osgi.annotation.versioning.ConsumerType
public interface RestRoute {

  /** Restricts a route service to the server of this name. */
  String SERVER_PROPERTY = "arangosync.rest.server";

  /** The HTTP method, upper case: {@code GET}, {@code POST}, {@code PUT}, {@code DELETE}. */
  String method();

  /**
   * The path, e.g. {@code /_api/version}; a segment written {@code {name}} matches any one
   * segment and is available as {@link RestRequest#pathParameter(String)}.
   */
  String path();

  /** Who may call it. */
  Audience audience();

  /**
   * Answers one request. Called concurrently on the server's request threads; may block.
   *
   * @throws RestException for an answer other than success
   */
  RestResponse handle(RestRequest request);

  /** A route answered by {@code handler}: for bundles whose routes are plain functions of the request. */
  static RestRoute of(String method, String path, Audience audience, java.util.function.Function<RestRequest, RestResponse> handler) {
    java.util.Objects.requireNonNull(handler, "handler");
    return new RestRoute() {
      @Override
      public String method() {
        return method;
      }

      @Override
      public String path() {
        return path;
      }

      @Override
      public Audience audience() {
        return audience;
      }

      @Override
      public RestResponse handle(RestRequest request) {
        return handler.apply(request);
      }

      @Override
      public String toString() {
        return method + " " + path;
      }
    };
  }
}
