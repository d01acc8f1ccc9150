package org.arangosync.minicluster.internal.http;

/** Decides who sent a request, from its {@code Authorization} header. */
@FunctionalInterface
public interface Authenticator {

  /**
   * The authenticated user name.
   *
   * @param authorization the header value, or null when the request has none
   * @throws ArangoError 401 when the credentials are missing or wrong
   */
  String authenticate(String authorization);
}
