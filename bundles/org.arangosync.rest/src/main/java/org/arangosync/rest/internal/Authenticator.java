package org.arangosync.rest.internal;

import com.auth0.jwt.JWT;
import com.auth0.jwt.JWTVerifier;
import com.auth0.jwt.algorithms.Algorithm;
import com.auth0.jwt.exceptions.AlgorithmMismatchException;
import com.auth0.jwt.exceptions.IncorrectClaimException;
import com.auth0.jwt.exceptions.JWTDecodeException;
import com.auth0.jwt.exceptions.JWTVerificationException;
import com.auth0.jwt.exceptions.SignatureVerificationException;
import com.auth0.jwt.exceptions.TokenExpiredException;
import com.auth0.jwt.interfaces.DecodedJWT;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.cert.X509Certificate;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicReference;
import org.arangosync.rest.Caller;
import org.arangosync.rest.RestException;
import org.arangosync.rest.TokenAuthority;
import org.arangosync.api.spi.auth.UserSource;

/**
 * Establishes who sent a request, from its {@code Authorization} header or its TLS client
 * certificate, the ways ArangoSync accepts:
 * <ul>
 *   <li>{@code bearer <JWT>} signed HS256 with the master JWT secret; issuer {@code arangosync}
 *       (masters, workers, operators' tools; name from {@code server_id}) or {@code arangodb}
 *       (kube-arangodb's probe token), optionally restricted by {@code allowed_paths};
 *   <li>{@code bearer <monitoring token>};
 *   <li>{@code Basic user:password}, checked by the {@link UserSource};
 *   <li>without a header: a client certificate, which the TLS handshake already verified against
 *       the client CA (chain, clientAuth usage, validity).
 * </ul>
 * A header that is present must be right: wrong credentials are refused even when a client
 * certificate came along, so that a mistake is never masked.
 */
public final class Authenticator {

  private final JWTVerifier jwtVerifier;
  private final byte[] monitoringToken;
  private final List<TokenAuthority> tokenAuthorities;
  private final AtomicReference<UserSource> userSource;

  /**
   * @param jwtSecret the master JWT secret; null disables JWTs
   * @param monitoringToken null disables the monitoring token
   */
  public Authenticator(byte[] jwtSecret, String monitoringToken, AtomicReference<UserSource> userSource,
      List<TokenAuthority> tokenAuthorities) {
    this.tokenAuthorities = tokenAuthorities;
    this.jwtVerifier = jwtSecret == null ? null
        : JWT.require(Algorithm.HMAC256(jwtSecret)).withIssuer("arangosync", "arangodb").acceptLeeway(5).build();
    this.monitoringToken = monitoringToken == null ? null : monitoringToken.getBytes(StandardCharsets.UTF_8);
    this.userSource = userSource;
  }

  /**
   * @param authorization the {@code Authorization} header, or null
   * @param clientCertificates the verified client certificate chain, or null
   * @throws RestException 401 saying what was wrong
   */
  public Caller authenticate(String authorization, X509Certificate[] clientCertificates) {
    if (authorization == null || authorization.isBlank()) {
      if (clientCertificates != null && clientCertificates.length > 0) {
        return new Caller(Caller.Kind.CLIENT_CERTIFICATE, clientCertificates[0].getSubjectX500Principal().getName(), List.of());
      }
      throw unauthorized("authentication required: send a bearer JWT signed with the master JWT secret, "
          + "HTTP Basic credentials, or a client certificate signed by the client CA");
    }
    String value = authorization.strip();
    String scheme = value.toLowerCase(Locale.ROOT);
    if (scheme.startsWith("bearer ")) {
      return bearer(value.substring(7).strip());
    }
    if (scheme.startsWith("basic ")) {
      return basic(value.substring(6).strip());
    }
    throw unauthorized("unsupported Authorization scheme; use 'bearer <token>' or 'Basic <credentials>'");
  }

  private Caller bearer(String token) {
    if (monitoringToken != null && MessageDigest.isEqual(monitoringToken, token.getBytes(StandardCharsets.UTF_8))) {
      return new Caller(Caller.Kind.MONITORING_TOKEN, "monitoring", List.of());
    }
    if (token.chars().filter(c -> c == '.').count() != 2) {
      for (TokenAuthority authority : tokenAuthorities) {
        Caller caller = authority.verify(token);
        if (caller != null) {
          return caller;
        }
      }
      throw unauthorized("the bearer token is neither a JWT, nor this server's monitoring token, nor a token this server issued");
    }
    if (jwtVerifier == null) {
      throw unauthorized("this server accepts no JWTs: it has no master JWT secret (--master.jwt-secret)");
    }
    DecodedJWT jwt;
    try {
      jwt = jwtVerifier.verify(token);
    } catch (TokenExpiredException e) {
      throw unauthorized("the JWT expired on " + e.getExpiredOn() + "; get a new one");
    } catch (SignatureVerificationException | AlgorithmMismatchException e) {
      throw unauthorized("the JWT is not signed (HS256) with this server's master JWT secret; check --master.jwt-secret on both sides");
    } catch (IncorrectClaimException e) {
      throw unauthorized("the JWT's claim '" + e.getClaimName() + "' is not accepted here (issuer must be arangosync or arangodb)");
    } catch (JWTDecodeException e) {
      throw unauthorized("the bearer token is not a readable JWT");
    } catch (JWTVerificationException e) {
      throw unauthorized("the JWT was refused: " + e.getMessage());
    }
    String serverId = jwt.getClaim("server_id").asString();
    List<String> allowedPaths = jwt.getClaim("allowed_paths").isMissing() || jwt.getClaim("allowed_paths").isNull()
        ? List.of() : jwt.getClaim("allowed_paths").asList(String.class);
    if (allowedPaths == null) {
      throw unauthorized("the JWT's claim 'allowed_paths' is not a list of paths");
    }
    return new Caller(Caller.Kind.JWT, serverId != null ? serverId : jwt.getIssuer(), allowedPaths);
  }

  private Caller basic(String encoded) {
    String decoded;
    try {
      decoded = new String(Base64.getDecoder().decode(encoded), StandardCharsets.UTF_8);
    } catch (IllegalArgumentException e) {
      throw unauthorized("the Basic credentials are not base64 of user:password");
    }
    int colon = decoded.indexOf(':');
    String user = colon < 0 ? decoded : decoded.substring(0, colon);
    String password = colon < 0 ? "" : decoded.substring(colon + 1);
    UserSource source = userSource.get();
    if (source == null) {
      throw unauthorized("this server has no users to check HTTP Basic credentials against; use a JWT or a client certificate");
    }
    if (user.isEmpty() || !source.authenticate(user, password)) {
      throw unauthorized("wrong user name or password");
    }
    return new Caller(Caller.Kind.USER, user, List.of());
  }

  private static RestException unauthorized(String message) {
    return new RestException(401, message);
  }
}
