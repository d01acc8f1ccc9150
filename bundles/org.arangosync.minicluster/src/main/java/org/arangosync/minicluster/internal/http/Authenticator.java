package org.arangosync.minicluster.internal.http;

import com.fasterxml.jackson.databind.JsonNode;

/** Decides who sent a request, from its {@code Authorization} header, and what they may do. */
public interface Authenticator {

  /**
   * Who sent a request.
   *
   * @param name the user name
   * @param databases the user's stored permissions ({@code databases} of its {@code _users}
   *     document), or null for a superuser token, which may do everything
   */
  record Principal(String name, JsonNode databases) {
    public boolean isSuperuser() {
      return databases == null;
    }
  }

  /**
   * The authenticated principal.
   *
   * @param authorization the header value, or null when the request has none
   * @throws ArangoError 401 when the credentials are missing or wrong
   */
  Principal authenticate(String authorization);

  /**
   * Refuses a request the principal may not make (401 or 403, as ArangoDB answers). The default
   * allows everything.
   */
  default void authorize(Principal principal, ApiRequest request) {}
}
