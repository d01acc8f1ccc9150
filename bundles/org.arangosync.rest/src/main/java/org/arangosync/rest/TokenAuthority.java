package org.arangosync.rest;

/**
 * Issues and checks opaque bearer tokens that are neither JWTs nor the monitoring token, e.g. the
 * direct transport's per-channel tokens. A server asks its authorities, in the order they were
 * added, about every such bearer token; contributed like routes (an OSGi service, optionally
 * limited to one server by {@link RestRoute#SERVER_PROPERTY}), or added with
 * {@link RestServer#addTokenAuthority}.
 */
public interface TokenAuthority {

  /**
   * The caller that {@code token} stands for, or null when this authority did not issue it.
   * Its {@link Caller#allowedPaths()} should name exactly what the token opens.
   *
   * @throws RestException 401 for a token this authority issued that is no longer valid (expired,
   *     revoked), saying what to do
   */
  Caller verify(String token);
}
