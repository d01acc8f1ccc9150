package org.arangosync.transport.direct.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.List;
import java.util.function.Function;
import org.arangosync.api.spi.transport.ChannelName;
import org.arangosync.rest.Audience;
import org.arangosync.rest.Caller;
import org.arangosync.rest.RestException;
import org.arangosync.rest.RestRequest;
import org.arangosync.rest.RestResponse;
import org.arangosync.rest.RestRoute;

/**
 * ArangoSync's direct-MQ routes on a worker's HTTPS server: the consumer in the other datacenter
 * pulls {@code GET /_api/mq/direct/channel/{name}/messages} and commits
 * {@code POST .../commit {offset}}; tokens are renewed and cloned; a master may hand a channel a
 * token of its choosing. All for sync components only (JWT, client certificate, or the channel's
 * own token, which opens nothing else).
 */
final class DirectRoutes {

  /** The longest a consumer may hold a request open waiting for a message. */
  static final Duration MAX_WAIT = Duration.ofSeconds(60);
  /** About how much one answer carries, so that a poll of large messages stays a bounded request. */
  static final long MAX_ANSWER_BYTES = 8L << 20;

  /**
   * The compact answer our own consumers ask for ({@code Accept}): per message, the offset (8
   * bytes), the length (4 bytes) and the envelope, big-endian; no JSON, no base64. Others get
   * ArangoSync's {@code {"messages": [{"offset", "message"}]}}.
   */
  static final String FRAMES = "application/x-arangosync-frames";

  private static final ObjectMapper JSON = new ObjectMapper();

  private final Function<ChannelName, ChannelLog> channels;
  private final ChannelTokens tokens;

  /** @param channels the log of a channel served here, or null */
  DirectRoutes(Function<ChannelName, ChannelLog> channels, ChannelTokens tokens) {
    this.channels = channels;
    this.tokens = tokens;
  }

  static String channelPath(ChannelName channel) {
    return "/_api/mq/direct/channel/" + channel.value();
  }

  List<RestRoute> routes() {
    return List.of(
        route("GET", "/_api/mq/direct/channel/{name}/messages", this::messages),
        route("POST", "/_api/mq/direct/channel/{name}/commit", this::commit),
        route("POST", "/_api/mq/direct/channel/{name}/token", this::acceptToken),
        route("POST", ChannelTokens.RENEW_PATH, request -> {
          String token = token(request);
          tokens.renew(token);
          return tokenAnswer(token);
        }),
        route("POST", ChannelTokens.CLONE_PATH, request -> tokenAnswer(tokens.clone(token(request)))));
  }

  private RestResponse messages(RestRequest request) {
    ChannelLog log = log(request);
    long after = number(request, "after", 0);
    int max = (int) Math.min(10_000, number(request, "max", 1000));
    Duration wait = Duration.ofMillis(Math.min(MAX_WAIT.toMillis(), number(request, "wait", 0)));
    List<ChannelLog.Stored> stored;
    try {
      stored = log.read(after, Math.max(1, max), MAX_ANSWER_BYTES, wait);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new RestException(503, "the server is stopping");
    }
    String accept = request.header("Accept");
    if (accept != null && accept.contains(FRAMES)) {
      int size = 0;
      for (ChannelLog.Stored message : stored) {
        size += 12 + message.bytes().length;
      }
      ByteBuffer frames = ByteBuffer.allocate(size);
      for (ChannelLog.Stored message : stored) {
        frames.putLong(message.offset()).putInt(message.bytes().length).put(message.bytes());
      }
      return new RestResponse(200, FRAMES, frames.array());
    }
    ObjectNode answer = JSON.createObjectNode();
    ArrayNode messages = answer.putArray("messages");
    for (ChannelLog.Stored message : stored) {
      messages.addObject().put("offset", message.offset()).put("message", message.bytes());
    }
    return RestResponse.json(200, answer);
  }

  private RestResponse commit(RestRequest request) {
    ChannelLog log = log(request);
    JsonNode offset = request.json().get("offset");
    if (offset == null || !offset.canConvertToLong() || offset.asLong() < 0) {
      throw new RestException(400, "the body must be {\"offset\": <the last applied offset>}, got " + request.json());
    }
    try {
      log.commit(offset.asLong());
    } catch (IllegalArgumentException e) {
      throw new RestException(400, e.getMessage());
    }
    return RestResponse.json(200, JSON.createObjectNode().put("committed", log.committed()));
  }

  private RestResponse acceptToken(RestRequest request) {
    if (request.caller().kind() == Caller.Kind.ISSUED_TOKEN) {
      throw new RestException(403, "a channel token cannot set tokens; the sync master does that");
    }
    ChannelName channel = log(request).channel();
    JsonNode body = request.json();
    String token = body.path("token").asText("");
    long ttlNanos = body.path("token-ttl").asLong(0);
    if (token.isEmpty() || token.contains(".") || ttlNanos <= 0) {
      throw new RestException(400, "the body must be {\"token\": <opaque token>, \"token-ttl\": <nanoseconds>}");
    }
    tokens.accept(channel, token, Duration.ofNanos(ttlNanos));
    return RestResponse.json(200, JSON.createObjectNode());
  }

  private RestResponse tokenAnswer(String token) {
    return RestResponse.json(200, JSON.createObjectNode().put("token", token).put("token-ttl", tokens.ttl().toNanos()));
  }

  private static String token(RestRequest request) {
    String token = request.json().path("token").asText("");
    if (token.isEmpty()) {
      throw new RestException(400, "the body must be {\"token\": <the token>}");
    }
    return token;
  }

  private ChannelLog log(RestRequest request) {
    ChannelName channel;
    try {
      channel = new ChannelName(request.pathParameter("name"));
    } catch (IllegalArgumentException e) {
      throw new RestException(400, e.getMessage());
    }
    ChannelLog log = channels.apply(channel);
    if (log == null) {
      throw new RestException(404, "channel " + channel + " is not served here; ask the sync master for its endpoint");
    }
    return log;
  }

  private static long number(RestRequest request, String name, long defaultValue) {
    String value = request.queryParameter(name);
    if (value == null || value.isEmpty()) {
      return defaultValue;
    }
    try {
      long number = Long.parseLong(value);
      if (number < 0) {
        throw new NumberFormatException();
      }
      return number;
    } catch (NumberFormatException e) {
      throw new RestException(400, "query parameter '" + name + "' must be a non-negative whole number, got '" + value + "'");
    }
  }

  private static RestRoute route(String method, String path, Function<RestRequest, RestResponse> handler) {
    return RestRoute.of(method, path, Audience.SYNC_COMPONENTS, handler);
  }
}
