package org.arangosync.core.internal.master;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.StringJoiner;
import javax.net.ssl.SSLContext;
import org.arangosync.rest.RestException;
import org.arangosync.rest.RestRequest;
import org.arangosync.rest.RestResponse;
import org.arangosync.rest.RestRoute;

/**
 * Routes only the leader answers, as ArangoSync's masters do: a standby answers 503 unless the
 * request carries {@value #HEADER}{@code : true}, and then passes it to the leader and its answer
 * back. The caller's {@code Authorization} header travels with it (the masters of a datacenter
 * share the JWT secret and the cluster's users).
 *
 * <p>Not forwarded: callers that logged in with a client certificate only (the standby cannot
 * present it); they get the standby's 503 with the leader's endpoint.
 */
public final class LeaderForwarding {

  public static final String HEADER = "X-Allow-Forward-To-Leader";
  private static final String CLIENT_ID_HEADER = "X-ArangoSync-Client-ID";

  private final MasterElection election;
  private final HttpClient http;
  private final Duration timeout;

  /** @param tls trusts the other masters' certificates (the CA that signed this master's own, as a rule) */
  public LeaderForwarding(MasterElection election, SSLContext tls, Duration timeout) {
    this.election = election;
    this.timeout = timeout;
    this.http = HttpClient.newBuilder().sslContext(tls).connectTimeout(Duration.ofSeconds(10)).build();
  }

  /** {@code route} as a leader-only route. */
  public RestRoute leaderOnly(RestRoute route) {
    return RestRoute.of(route.method(), route.path(), route.audience(), request -> {
      if (election.isLeader()) {
        return route.handle(request);
      }
      MasterElection.Master leader = election.leader()
          // The store may already name this master while its election loop has not confirmed it: never forward to itself.
          .filter(known -> !known.id().equals(election.id()))
          .orElseThrow(() -> new RestException(503,
              "this master is not the leader and no other leader is known right now; try again within the masters' lease time"));
      String authorization = request.header("Authorization");
      if (!"true".equalsIgnoreCase(String.valueOf(request.header(HEADER))) || authorization == null) {
        throw new RestException(503, "this master is not the leader; ask the leader at " + leader.endpoint()
            + (authorization == null ? " (a request authenticated by client certificate only is not forwarded)"
                : " or send " + HEADER + ": true"));
      }
      return forward(leader, request, authorization);
    });
  }

  private RestResponse forward(MasterElection.Master leader, RestRequest request, String authorization) {
    URI target = URI.create(leader.endpoint() + request.path() + query(request.queryParameters()));
    HttpRequest.Builder forwarded = HttpRequest.newBuilder(target).timeout(timeout)
        .header("Authorization", authorization)
        .method(request.method(), request.body().length == 0 ? HttpRequest.BodyPublishers.noBody()
            : HttpRequest.BodyPublishers.ofByteArray(request.body()));
    String contentType = request.header("Content-Type");
    if (contentType != null) {
      forwarded.header("Content-Type", contentType);
    }
    String clientId = request.header(CLIENT_ID_HEADER);
    if (clientId != null) {
      forwarded.header(CLIENT_ID_HEADER, clientId);
    }
    try {
      HttpResponse<byte[]> answer = http.send(forwarded.build(), HttpResponse.BodyHandlers.ofByteArray());
      return new RestResponse(answer.statusCode(), answer.headers().firstValue("Content-Type").orElse("application/json"),
          answer.body());
    } catch (IOException e) {
      throw new RestException(503, "this master is not the leader and cannot reach the leader at " + leader.endpoint() + ": " + e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new RestException(503, "interrupted while forwarding to the leader at " + leader.endpoint());
    }
  }

  private static String query(Map<String, List<String>> parameters) {
    if (parameters.isEmpty()) {
      return "";
    }
    StringJoiner query = new StringJoiner("&", "?", "");
    parameters.forEach((name, values) -> values.forEach(value -> query.add(
        URLEncoder.encode(name, StandardCharsets.UTF_8) + "=" + URLEncoder.encode(value, StandardCharsets.UTF_8))));
    return query.toString();
  }
}
