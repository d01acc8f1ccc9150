package org.arangosync.arangodb;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.arangosync.api.spi.auth.UserSource;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The users of an ArangoDB cluster, {@code root} included, as the HTTPS server's source of HTTP
 * Basic credentials: a password is right when the cluster's {@code POST /_open/auth} accepts it.
 * So operators log in to sync masters, workers and appliers with their ArangoDB credentials, and
 * a password changed in ArangoDB is the new password here too (after at most {@link #REMEMBER}).
 *
 * <p>Accepted logins are remembered for {@link #REMEMBER} as a SHA-256 of the password, so that
 * a script polling every second does not ask the cluster every second; refusals are not
 * remembered. When the cluster cannot be reached, logins are refused (and the reason logged).
 */
@Component(configurationPid = ArangoConfiguration.PID, configurationPolicy = ConfigurationPolicy.REQUIRE, service = UserSource.class,
    property = "arangosync.store=arangodb")
public final class ArangoUserSource implements UserSource, AutoCloseable {

  /** How long an accepted login is remembered. */
  public static final Duration REMEMBER = Duration.ofSeconds(30);

  private static final Logger LOG = LoggerFactory.getLogger(ArangoUserSource.class);

  private record Accepted(byte[] passwordHash, long until) {}

  private final ArangoConnection connection;
  private final boolean ownsConnection;
  private final Map<String, Accepted> accepted = new ConcurrentHashMap<>();

  public ArangoUserSource(ArangoConnection connection) {
    this.connection = connection;
    this.ownsConnection = false;
  }

  /** The users of the server these settings reach, over a connection of its own (closed by {@link #close()}). */
  public ArangoUserSource(ConnectionSettings settings) {
    this.connection = ArangoConnection.open(settings);
    this.ownsConnection = true;
  }

  /** As an OSGi service: one per factory configuration of {@code org.arangosync.arangodb}. */
  @Activate
  public ArangoUserSource(ArangoConfiguration configuration) {
    this(ConnectionSettings.from(configuration));
  }

  @Override
  public boolean authenticate(String user, String password) {
    byte[] hash = sha256(user + '\0' + password);
    Accepted remembered = accepted.get(user);
    long now = System.nanoTime();
    if (remembered != null && now - remembered.until() < 0 && MessageDigest.isEqual(remembered.passwordHash(), hash)) {
      return true;
    }
    ObjectNode credentials = JsonNodeFactory.instance.objectNode().put("username", user).put("password", password);
    ArangoConnection.Answer answer;
    try {
      answer = connection.exchange("POST", null, "/_open/auth", ArangoConnection.bytes(credentials), true);
    } catch (ArangoException e) {
      LOG.warn("cannot check the password of user '{}' with the cluster: {}; login refused", user, e.getMessage());
      return false;
    }
    if (answer.status() == 200) {
      accepted.put(user, new Accepted(hash, now + REMEMBER.toNanos()));
      return true;
    }
    accepted.remove(user);
    if (answer.status() != 401) {
      LOG.warn("the cluster answered {} to a login of user '{}'; login refused", answer.status(), user);
    }
    return false;
  }

  private static byte[] sha256(String text) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JVM has SHA-256", e);
    }
  }

  @Deactivate
  @Override
  public void close() {
    if (ownsConnection) {
      connection.close();
    }
  }
}
