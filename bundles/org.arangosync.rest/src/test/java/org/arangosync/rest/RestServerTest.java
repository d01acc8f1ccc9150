package org.arangosync.rest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.auth0.jwt.JWT;
import com.auth0.jwt.algorithms.Algorithm;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import javax.net.ssl.SSLContext;
import org.arangosync.api.spi.auth.UserSource;
import org.arangosync.certificates.Issued;
import org.arangosync.certificates.Purpose;
import org.arangosync.rest.TestPki.Answer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The HTTPS server over real TLS on a free port: each way to authenticate is served when right and
 * refused when wrong (401 with ArangoSync's error body, or a refused handshake for client
 * certificates the client CA did not sign), and the audience of a route is enforced (403).
 */
class RestServerTest {

  private static final String SECRET = "3f1c9b8a7d6e5f40312233445566778899aabbccddeeff00112233445566aa";
  private static final String MONITORING_TOKEN = "monitoring-token-xyz";
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path dir;

  private final TestPki pki = new TestPki();
  private RestServer server;

  /** A route of each audience besides /_api/version, answering who called. */
  private static RestRoute route(String method, String path, Audience audience) {
    return new RestRoute() {
      @Override public String method() { return method; }
      @Override public String path() { return path; }
      @Override public Audience audience() { return audience; }
      @Override public RestResponse handle(RestRequest request) {
        return RestResponse.json(200, Map.of("caller", request.caller().toString(), "path", request.path()));
      }
    };
  }

  @BeforeEach
  void start() {
    Path keyfile = pki.writeKeyfile(dir.resolve("tls.keyfile"),
        pki.serverCertificate(Instant.now().minusSeconds(60), Instant.now().plus(Duration.ofDays(1))));
    server = RestServer.builder(keyfile)
        .host("127.0.0.1")
        .clientCaFile(pki.writeCertificate(dir.resolve("client-auth-ca.crt"), pki.clientCa))
        .jwtSecret(SECRET)
        .monitoringToken(MONITORING_TOKEN)
        .userSource(UserSource.of(Map.of("root", "s3cret", "alice", "wonderland")))
        .start();
    server.addRoute(new VersionRoute());
    server.addRoute(route("GET", "/metrics", Audience.MONITORING));
    server.addRoute(route("GET", "/_api/health", Audience.OPERATORS));
    server.addRoute(route("POST", "/_api/worker/{id}/heartbeat", Audience.SYNC_COMPONENTS));
  }

  @AfterEach
  void stop() {
    server.close();
  }

  private Answer get(String path, String authorization) {
    return TestPki.send(pki.client(null), "GET", server.endpoint("127.0.0.1").resolve(path), authorization, null);
  }

  private static String basic(String user, String password) {
    return "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
  }

  private static String jwt(String secret, String issuer, Instant expiresAt) {
    var token = JWT.create().withIssuer(issuer).withClaim("server_id", "master-1");
    if (expiresAt != null) {
      token.withExpiresAt(expiresAt);
    }
    return "bearer " + token.sign(Algorithm.HMAC256(secret.getBytes(StandardCharsets.UTF_8)));
  }

  private static String error(Answer answer) throws Exception {
    JsonNode body = JSON.readTree(answer.body());
    assertThat(body.size()).as("ArangoSync's error body has only 'error': %s", answer).isEqualTo(1);
    return body.get("error").asText();
  }

  @Test
  void servesVersionToEachRightCredential() throws Exception {
    Answer byJwt = get("/_api/version", jwt(SECRET, "arangosync", Instant.now().plusSeconds(60)));
    Answer byUser = get("/_api/version", basic("root", "s3cret"));
    Answer byMonitoring = get("/_api/version", "Bearer " + MONITORING_TOKEN);
    Issued operator = pki.clientCertificate(pki.clientCa, Purpose.CLIENT, Duration.ofDays(1));
    Answer byCertificate = TestPki.send(pki.client(operator), "GET", server.endpoint("127.0.0.1").resolve("/_api/version"), null, null);

    for (Answer answer : List.of(byJwt, byUser, byMonitoring, byCertificate)) {
      assertThat(answer.status()).as(answer.toString()).isEqualTo(200);
      JsonNode version = JSON.readTree(answer.body());
      assertThat(version.get("version").asText()).isEqualTo(org.arangosync.command.ProductVersion.current().version());
      assertThat(version.get("build").asText()).isNotBlank();
    }
    assertThat(JSON.readTree(get("/_api/health", basic("alice", "wonderland")).body()).get("caller").asText()).isEqualTo("USER alice");
    Answer health = TestPki.send(pki.client(operator), "GET", server.endpoint("127.0.0.1").resolve("/_api/health"), null, null);
    assertThat(JSON.readTree(health.body()).get("caller").asText()).isEqualTo("CLIENT_CERTIFICATE " + operator.certificate()
        .getSubjectX500Principal().getName());
  }

  @Test
  void refusesMissingAndWrongJwtAndBasicCredentialsWith401AndAnErrorBody() throws Exception {
    Answer none = get("/_api/version", null);
    assertThat(none.status()).isEqualTo(401);
    assertThat(error(none)).startsWith("authentication required");

    Map<String, String> wrong = Map.of(
        jwt("another secret", "arangosync", null), "not signed (HS256) with this server's master JWT secret",
        jwt(SECRET, "arangosync", Instant.now().minusSeconds(60)), "the JWT expired on",
        jwt(SECRET, "someone", null), "claim 'iss' is not accepted",
        "bearer not-a-token", "neither a JWT, nor this server's monitoring token, nor a token this server issued",
        basic("root", "wrong"), "wrong user name or password",
        basic("mallory", "s3cret"), "wrong user name or password",
        "Basic %%%", "not base64",
        "Digest username=root", "unsupported Authorization scheme");
    for (Map.Entry<String, String> credential : wrong.entrySet()) {
      Answer answer = get("/_api/version", credential.getKey());
      assertThat(answer.status()).as(credential.getKey()).isEqualTo(401);
      assertThat(error(answer)).contains(credential.getValue());
    }
    // Unauthenticated callers learn nothing about which routes exist.
    assertThat(get("/_api/no-such-route", null).status()).isEqualTo(401);
  }

  @Test
  void refusesClientCertificatesOfTheWrongCaUsageOrDate() {
    URI version = server.endpoint("127.0.0.1").resolve("/_api/version");
    Issued otherCa = pki.issuer.createCa("Someone else's CA", Duration.ofDays(1), TestPki.KEYS);
    Map<String, Issued> wrong = Map.of(
        "wrong CA", pki.clientCertificate(otherCa, Purpose.CLIENT, Duration.ofDays(1)),
        "server usage", pki.clientCertificate(pki.clientCa, Purpose.SERVER, Duration.ofDays(1)),
        "expired", pki.issuer.issue(pki.clientCa, Purpose.CLIENT, List.of(), List.of("operator@example.com"),
            Instant.now().minus(Duration.ofDays(2)), Instant.now().minus(Duration.ofDays(1)), TestPki.KEYS));
    for (Map.Entry<String, Issued> certificate : wrong.entrySet()) {
      Answer answer = TestPki.send(pki.client(certificate.getValue()), "GET", version, null, null);
      // Either the handshake refuses the certificate, or the client's TLS stack does not offer a
      // certificate the server did not ask for and the request arrives unauthenticated.
      assertThat(answer.refusedByTls() || answer.status() == 401).as(certificate.getKey() + ": " + answer).isTrue();
    }
  }

  @Test
  void monitoringTokenOpensOnlyMonitoringRoutes() throws Exception {
    String token = "bearer " + MONITORING_TOKEN;
    assertThat(get("/metrics", token).status()).isEqualTo(200);
    Answer health = get("/_api/health", token);
    assertThat(health.status()).isEqualTo(403);
    assertThat(error(health)).isEqualTo("monitoring token 'monitoring' may not call GET /_api/health");
    assertThat(get("/metrics", basic("root", "s3cret")).status()).isEqualTo(200);
  }

  @Test
  void syncComponentRoutesRefuseUsersButServeJwtsAndPathParameters() throws Exception {
    java.net.URI heartbeat = server.endpoint("127.0.0.1").resolve("/_api/worker/w7/heartbeat");
    Answer byUser = TestPki.send(pki.client(null), "POST", heartbeat, basic("root", "s3cret"), "{}");
    assertThat(byUser.status()).isEqualTo(403);
    assertThat(error(byUser)).contains("user 'root' may not call POST /_api/worker/w7/heartbeat");
    Answer byJwt = TestPki.send(pki.client(null), "POST", heartbeat, jwt(SECRET, "arangosync", null), "{}");
    assertThat(byJwt.status()).as(byJwt.toString()).isEqualTo(200);
    assertThat(JSON.readTree(byJwt.body()).get("caller").asText()).isEqualTo("JWT master-1");
  }

  @Test
  void kubernetesProbeTokenIsLimitedToItsAllowedPaths() throws Exception {
    String probe = "bearer " + JWT.create().withIssuer("arangodb").withClaim("server_id", "kube-arangodb")
        .withClaim("allowed_paths", List.of("/_api/version")).sign(Algorithm.HMAC256(SECRET.getBytes(StandardCharsets.UTF_8)));
    assertThat(get("/_api/version", probe).status()).isEqualTo(200);
    assertThat(get("/_api/health", probe).status()).isEqualTo(403);
  }

  @Test
  void issuedTokensOpenExactlyTheirPathsAndSayWhenTheyExpired() throws Exception {
    TokenAuthority channels = token -> switch (token) {
      case "channel-token-1" -> new Caller(Caller.Kind.ISSUED_TOKEN, "channel c1", List.of("/_api/worker/c1/heartbeat"));
      case "everything" -> new Caller(Caller.Kind.ISSUED_TOKEN, "greedy", List.of());
      case "expired-token" -> throw new RestException(401, "the channel token expired; renew it");
      default -> null;
    };
    server.addTokenAuthority(channels);
    java.net.URI own = server.endpoint("127.0.0.1").resolve("/_api/worker/c1/heartbeat");
    java.net.URI other = server.endpoint("127.0.0.1").resolve("/_api/worker/c2/heartbeat");
    Answer allowed = TestPki.send(pki.client(null), "POST", own, "bearer channel-token-1", "{}");
    assertThat(allowed.status()).as(allowed.toString()).isEqualTo(200);
    assertThat(JSON.readTree(allowed.body()).get("caller").asText()).isEqualTo("ISSUED_TOKEN channel c1");
    assertThat(TestPki.send(pki.client(null), "POST", other, "bearer channel-token-1", "{}").status()).isEqualTo(403);
    assertThat(get("/_api/health", "bearer channel-token-1").status()).isEqualTo(403);
    assertThat(TestPki.send(pki.client(null), "POST", own, "bearer everything", "{}").status())
        .as("an issued token without paths opens nothing").isEqualTo(403);
    Answer expired = TestPki.send(pki.client(null), "POST", own, "bearer expired-token", "{}");
    assertThat(expired.status()).isEqualTo(401);
    assertThat(error(expired)).contains("expired; renew it");

    server.removeTokenAuthority(channels);
    assertThat(TestPki.send(pki.client(null), "POST", own, "bearer channel-token-1", "{}").status()).isEqualTo(401);
  }

  @Test
  void routesComeAndGoWhileServing() throws Exception {
    String root = basic("root", "s3cret");
    assertThat(get("/_api/later", root).status()).isEqualTo(404);
    RestRoute later = route("GET", "/_api/later", Audience.OPERATORS);
    assertThat(server.addRoute(later)).isTrue();
    assertThat(server.addRoute(route("GET", "/_api/later", Audience.OPERATORS))).as("same method and path twice").isFalse();
    assertThat(get("/_api/later", root).status()).isEqualTo(200);
    Answer wrongMethod = TestPki.send(pki.client(null), "DELETE", server.endpoint("127.0.0.1").resolve("/_api/later"), root, null);
    assertThat(wrongMethod.status()).isEqualTo(405);
    assertThat(error(wrongMethod)).contains("allowed: GET");
    server.removeRoute(later);
    assertThat(get("/_api/later", root).status()).isEqualTo(404);
  }

  @Test
  void basicAuthenticationNeedsAUserSource() throws Exception {
    server.userSource(null);
    Answer answer = get("/_api/version", basic("root", "s3cret"));
    assertThat(answer.status()).isEqualTo(401);
    assertThat(error(answer)).contains("no users to check HTTP Basic credentials against");
  }
}
