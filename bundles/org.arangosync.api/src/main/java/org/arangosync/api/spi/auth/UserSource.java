package org.arangosync.api.spi.auth;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Map;

/**
 * Checks user names and passwords of HTTP Basic authentication. Masters, workers and appliers use
 * the users of their own ArangoDB cluster ({@code root} included), so operators log in with their
 * ArangoDB credentials; tests use {@link #of(Map)}. Register one as an OSGi service to enable
 * Basic authentication; without one, Basic credentials are refused.
 *
 * <p>Implementations are called concurrently, from request threads, and may block (e.g. ask the
 * cluster); they must not throw for wrong credentials, only answer false.
 */
@org.osgi.annotation.versioning.ConsumerType
public interface UserSource {

  /** Whether {@code password} is the password of active user {@code user}. */
  boolean authenticate(String user, String password);

  /** A fixed list of users and their passwords. */
  static UserSource of(Map<String, String> passwords) {
    Map<String, String> copy = Map.copyOf(passwords);
    return (user, password) -> {
      String expected = copy.get(user);
      return expected != null && MessageDigest.isEqual(
          expected.getBytes(StandardCharsets.UTF_8), password.getBytes(StandardCharsets.UTF_8));
    };
  }
}
