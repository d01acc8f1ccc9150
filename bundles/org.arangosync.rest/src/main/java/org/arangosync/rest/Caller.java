package org.arangosync.rest;

import java.util.List;
import java.util.Objects;
import org.arangosync.api.spi.auth.UserSource;

/**
 * Who sent a request, as authentication established it.
 *
 * @param kind how the caller proved who it is
 * @param name the JWT's {@code server_id}, the user name, the client certificate's subject, or
 *     {@code monitoring}
 * @param allowedPaths paths a restricted token may call (kube-arangodb's probe token carries
 *     {@code allowed_paths}); empty means every path the audience allows
 */
public record Caller(Kind kind, String name, List<String> allowedPaths) {

  /** The ways to authenticate. */
  public enum Kind {
    /** {@code Authorization: bearer <JWT>} signed HS256 with the master JWT secret. */
    JWT,
    /** {@code Authorization: Basic ...} checked by the {@link UserSource}. */
    USER,
    /** A TLS client certificate signed by the client CA ({@code --server.client-cafile}). */
    CLIENT_CERTIFICATE,
    /** {@code Authorization: bearer <--monitoring.token>}. */
    MONITORING_TOKEN,
    /** {@code Authorization: bearer <token>} issued by a {@link TokenAuthority} (e.g. a direct-MQ channel token). */
    ISSUED_TOKEN
  }

  public Caller {
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(name, "name");
    allowedPaths = List.copyOf(allowedPaths);
  }

  /** Whether this caller may call {@code path} of a route meant for {@code audience}. */
  public boolean mayCall(Audience audience, String path) {
    if (!allowedPaths.isEmpty() && !allowedPaths.contains(path)) {
      return false;
    }
    if (kind == Kind.ISSUED_TOKEN && allowedPaths.isEmpty()) {
      return false; // an issued token opens what it names, never everything
    }
    return switch (audience) {
      case MONITORING -> true;
      case OPERATORS -> kind != Kind.MONITORING_TOKEN;
      case SYNC_COMPONENTS -> kind == Kind.JWT || kind == Kind.CLIENT_CERTIFICATE || kind == Kind.ISSUED_TOKEN;
    };
  }

  @Override
  public String toString() {
    return kind + " " + name;
  }
}
