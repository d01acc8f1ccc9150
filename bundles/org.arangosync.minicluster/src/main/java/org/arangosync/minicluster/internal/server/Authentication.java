package org.arangosync.minicluster.internal.server;

import com.auth0.jwt.JWT;
import com.auth0.jwt.JWTVerifier;
import com.auth0.jwt.algorithms.Algorithm;
import com.auth0.jwt.exceptions.JWTVerificationException;
import com.auth0.jwt.interfaces.DecodedJWT;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import org.arangosync.minicluster.internal.http.ApiRequest;
import org.arangosync.minicluster.internal.http.ApiResponse;
import org.arangosync.minicluster.internal.http.ArangoError;
import org.arangosync.minicluster.internal.http.Authenticator;
import org.arangosync.minicluster.internal.http.Json;
import org.arangosync.minicluster.internal.storage.DocumentBackend;
import org.arangosync.minicluster.internal.storage.DocumentTarget;
import org.arangosync.minicluster.internal.storage.Documents;

/**
 * ArangoDB's authentication: HTTP Basic against the users in {@code _system._users} (salted
 * SHA-256, as ArangoDB stores them), and JWTs signed HS256 with the server secret — user tokens
 * from {@code POST /_open/auth} (claims {@code preferred_username}, {@code exp}) and superuser
 * tokens that carry {@code server_id}, as cluster components and ArangoSync use.
 */
public final class Authentication implements Authenticator {

  /** The name under which superuser tokens act. */
  public static final String SUPERUSER = "root";

  private static final long TOKEN_LIFETIME_SECONDS = 3600;

  private final DocumentBackend users;
  private final Algorithm algorithm;
  private final JWTVerifier verifier;

  /**
   * @param users where {@code _system._users} is read and written
   * @param secret the JWT secret ({@code --server.jwt-secret}); a random one when null
   */
  public Authentication(DocumentBackend users, String secret) {
    this.users = users;
    byte[] key = secret != null ? secret.getBytes(StandardCharsets.UTF_8) : randomSecret();
    this.algorithm = Algorithm.HMAC256(key);
    this.verifier = JWT.require(algorithm).withIssuer("arangodb").build();
  }

  /** Makes sure user {@code root} exists; sets its password only when it does not exist yet. */
  public void ensureRoot(String password) {
    DocumentTarget collection = usersCollection();
    if (users.read(collection, SUPERUSER) != null) {
      return;
    }
    ObjectNode user = Json.object();
    user.put("_key", SUPERUSER);
    user.put("user", SUPERUSER);
    user.put("source", "LOCAL");
    user.set("authData", authData(password == null ? "" : password));
    user.putObject("databases").putObject("*").putObject("permissions").put("read", true).put("write", true);
    user.putObject("configData");
    user.putObject("userData");
    Documents.Options sync = new Documents.Options(true, false, false, false, null, true, true, true, null);
    users.insert(collection, List.of(user), sync, false);
  }

  /** ArangoDB's stored credentials: {@code simple: {hash: sha256(salt + password), salt, method}}. */
  public static ObjectNode authData(String password) {
    byte[] saltBytes = new byte[4];
    new SecureRandom().nextBytes(saltBytes);
    String salt = HexFormat.of().formatHex(saltBytes);
    ObjectNode authData = Json.object();
    authData.put("active", true);
    ObjectNode simple = authData.putObject("simple");
    simple.put("hash", sha256(salt + password));
    simple.put("salt", salt);
    simple.put("method", "sha256");
    return authData;
  }

  @Override
  public Principal authenticate(String authorization) {
    if (authorization == null) {
      throw unauthorized();
    }
    String lower = authorization.toLowerCase(java.util.Locale.ROOT);
    if (lower.startsWith("basic ")) {
      String decoded;
      try {
        decoded = new String(Base64.getDecoder().decode(authorization.substring(6).trim()), StandardCharsets.UTF_8);
      } catch (IllegalArgumentException e) {
        throw unauthorized();
      }
      int colon = decoded.indexOf(':');
      String user = colon < 0 ? decoded : decoded.substring(0, colon);
      String password = colon < 0 ? "" : decoded.substring(colon + 1);
      ObjectNode stored = checkPassword(user, password);
      if (stored != null) {
        return new Principal(user, stored.path("databases"));
      }
      throw unauthorized();
    }
    if (lower.startsWith("bearer ")) {
      try {
        DecodedJWT token = verifier.verify(authorization.substring(7).trim());
        if (!token.getClaim("server_id").isMissing() && !token.getClaim("server_id").isNull()) {
          return new Principal(SUPERUSER, null);
        }
        String user = token.getClaim("preferred_username").asString();
        ObjectNode stored = user == null ? null : activeUser(user);
        if (stored != null) {
          return new Principal(user, stored.path("databases"));
        }
      } catch (JWTVerificationException e) {
        throw unauthorized();
      }
    }
    throw unauthorized();
  }

  /** {@code POST /_open/auth {"username","password"}} → {@code {"jwt": "..."}}. */
  public ApiResponse openAuth(ApiRequest request) {
    Responses.requireMethod(request, "POST");
    JsonNode body = request.json();
    String user = body.path("username").asText(null);
    String password = body.path("password").asText("");
    if (user == null || checkPassword(user, password) == null) {
      throw unauthorized();
    }
    Instant now = Instant.now();
    String jwt = JWT.create()
        .withIssuer("arangodb")
        .withClaim("preferred_username", user)
        .withIssuedAt(now)
        .withExpiresAt(now.plusSeconds(TOKEN_LIFETIME_SECONDS))
        .sign(algorithm);
    ObjectNode answer = Json.object();
    answer.put("jwt", jwt);
    return ApiResponse.json(200, answer);
  }

  private DocumentTarget usersCollection() {
    return users.collection("_system", "_users");
  }

  @Override
  public void authorize(Principal principal, ApiRequest request) {
    Permissions.check(principal, request);
  }

  /** The user's document if the user exists and is active, else null. */
  private ObjectNode activeUser(String user) {
    if (user.isEmpty() || !org.arangosync.minicluster.internal.storage.DocumentKeys.isValid(user)) {
      return null;
    }
    ObjectNode stored = users.read(usersCollection(), user);
    return stored == null || !stored.path("authData").path("active").asBoolean(true) ? null : stored;
  }

  /** The user's document if the password is right, else null. */
  private ObjectNode checkPassword(String user, String password) {
    ObjectNode stored = activeUser(user);
    if (stored == null) {
      return null;
    }
    JsonNode simple = stored.path("authData").path("simple");
    String expected = simple.path("hash").asText();
    String actual = sha256(simple.path("salt").asText() + password);
    return MessageDigest.isEqual(expected.getBytes(StandardCharsets.UTF_8), actual.getBytes(StandardCharsets.UTF_8)) ? stored : null;
  }

  private static ArangoError unauthorized() {
    return new ArangoError(401, ArangoError.HTTP_UNAUTHORIZED, "not authorized to execute this request");
  }

  private static String sha256(String text) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JVM has SHA-256", e);
    }
  }

  private static byte[] randomSecret() {
    byte[] secret = new byte[32];
    new SecureRandom().nextBytes(secret);
    return secret;
  }
}
