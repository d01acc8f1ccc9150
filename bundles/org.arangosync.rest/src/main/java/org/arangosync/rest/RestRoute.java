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
}
