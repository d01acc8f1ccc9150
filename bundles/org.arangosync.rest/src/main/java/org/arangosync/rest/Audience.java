package org.arangosync.rest;

/** Who may call a route, once authenticated. */
public enum Audience {
  /**
   * Operators and sync components: JWTs signed with the master secret, users of the user source
   * (HTTP Basic) and client certificates. The monitoring token is refused (403).
   */
  OPERATORS,
  /** {@code /metrics} and {@code /metrics.json}: everyone of {@link #OPERATORS}, and the monitoring token. */
  MONITORING,
  /**
   * Only sync masters and workers: JWTs signed with the master secret and client certificates
   * signed by the client CA. Users with a password and the monitoring token are refused (403).
   */
  SYNC_COMPONENTS
}
