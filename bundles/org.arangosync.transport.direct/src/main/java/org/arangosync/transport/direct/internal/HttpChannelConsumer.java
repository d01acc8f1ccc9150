package org.arangosync.transport.direct.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLHandshakeException;
import org.arangosync.api.spi.transport.ChannelConsumer;
import org.arangosync.api.spi.transport.ChannelName;
import org.arangosync.api.spi.transport.Envelope;
import org.arangosync.api.spi.transport.EnvelopeException;
import org.arangosync.api.spi.transport.TransportException;
import org.arangosync.certificates.Issued;
import org.arangosync.certificates.Pem;
import org.arangosync.certificates.TlsContexts;

/**
 * Reads a channel that another process keeps, over HTTPS: long-polls its messages (as binary
 * frames), commits, renews its token at the first poll and then whenever half of its TTL has
 * passed, and moves on to the next endpoint when one cannot be reached.
 *
 * <p>Invariant: {@link #poll} never returns a message at or before the last committed offset, nor
 * one past an envelope it could not read.
 */
final class HttpChannelConsumer implements ChannelConsumer {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(10);

  private final ChannelName channel;
  private final List<URI> endpoints;
  private final HttpClient http;
  private String token;
  private Duration tokenTtl;
  private Instant renewAt;
  private int current;
  private long committed;
  private long position;

  HttpChannelConsumer(ChannelName channel, List<URI> endpoints, String caCertificatePem, Issued clientKeyfile, String token,
      Duration tokenTtl) {
    if (endpoints.isEmpty()) {
      throw new TransportException("channel " + channel + ": the access description names no endpoint");
    }
    this.channel = channel;
    this.endpoints = List.copyOf(endpoints);
    SSLContext tls = TlsContexts.client(caCertificatePem.isBlank() ? List.of()
        : Pem.parseCertificates(caCertificatePem, "the CA certificate of channel " + channel), clientKeyfile);
    this.http = HttpClient.newBuilder().sslContext(tls).connectTimeout(CONNECT_TIMEOUT).version(HttpClient.Version.HTTP_1_1).build();
    this.token = token;
    this.tokenTtl = tokenTtl;
    // The token may have been issued long before this consumer starts: renewed at the first poll,
    // then at half of each new TTL.
    this.renewAt = Instant.now();
  }

  @Override
  public ChannelName channel() {
    return channel;
  }

  @Override
  public List<Delivery> poll(int maxMessages, Duration maxWait) throws InterruptedException {
    renewTokenWhenDue();
    Duration wait = maxWait.compareTo(DirectRoutes.MAX_WAIT) > 0 ? DirectRoutes.MAX_WAIT : maxWait;
    byte[] frames = send("GET", DirectRoutes.channelPath(channel) + "/messages?after=" + position + "&max=" + Math.max(1, maxMessages)
        + "&wait=" + wait.toMillis(), null, wait, DirectRoutes.FRAMES);
    List<Delivery> deliveries = new ArrayList<>();
    ByteBuffer in = ByteBuffer.wrap(frames);
    Envelope previous = null;
    while (in.remaining() >= 12) {
      long offset = in.getLong();
      int length = in.getInt();
      if (length < 0 || length > in.remaining()) {
        throw new TransportException("channel " + channel + ": the answer breaks off in the message at offset " + offset);
      }
      Envelope envelope;
      try {
        envelope = Envelope.decode(frames, in.position(), length, previous);
      } catch (EnvelopeException e) {
        if (!deliveries.isEmpty()) {
          break; // hand over what came before; the next poll reports this one
        }
        throw new EnvelopeException("channel " + channel + ", offset " + offset + ": " + e.getMessage());
      }
      in.position(in.position() + length);
      if (!envelope.channel().equals(channel)) {
        throw new EnvelopeException("channel " + channel + ", offset " + offset + ": the message was sent on " + envelope.channel());
      }
      deliveries.add(new Delivery(offset, envelope));
      previous = envelope;
      position = offset;
    }
    return deliveries;
  }

  @Override
  public void commit(long offset) {
    try {
      call("POST", DirectRoutes.channelPath(channel) + "/commit", "{\"offset\":" + offset + "}", Duration.ZERO);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new TransportException("channel " + channel + ": interrupted while committing offset " + offset, e);
    }
    committed = Math.max(committed, offset);
    position = Math.max(position, committed);
  }

  @Override
  public void rewind() {
    position = committed;
  }

  @Override
  public void close() {
    // java.net.http.HttpClient has no close in Java 17; its connections go with it.
  }

  /** ArangoSync's {@code {"error": ...}}, or the body as text when it is not that. */
  private static String errorOf(byte[] body) {
    try {
      return JSON.readTree(body).path("error").asText(new String(body, StandardCharsets.UTF_8));
    } catch (IOException e) {
      return new String(body, StandardCharsets.UTF_8);
    }
  }

  private void renewTokenWhenDue() throws InterruptedException {
    if (Instant.now().isBefore(renewAt)) {
      return;
    }
    JsonNode answer = call("POST", ChannelTokens.RENEW_PATH, JSON.createObjectNode().put("token", token).toString(), Duration.ZERO);
    token = answer.path("token").asText(token);
    tokenTtl = Duration.ofNanos(answer.path("token-ttl").asLong(tokenTtl.toNanos()));
    renewAt = Instant.now().plus(tokenTtl.dividedBy(2));
  }

  private JsonNode call(String method, String pathAndQuery, String body, Duration serverWait) throws InterruptedException {
    byte[] answer = send(method, pathAndQuery, body, serverWait, "application/json");
    try {
      return answer.length == 0 ? JSON.createObjectNode() : JSON.readTree(answer);
    } catch (IOException e) {
      throw new TransportException("channel " + channel + ": " + method + " " + pathAndQuery + " answered no JSON: "
          + new String(answer, StandardCharsets.UTF_8), e);
    }
  }

  /** One request, to the current endpoint or, when it cannot be reached, to the others in turn; the body of a 200. */
  private byte[] send(String method, String pathAndQuery, String body, Duration serverWait, String accept) throws InterruptedException {
    List<String> failures = new ArrayList<>();
    for (int attempt = 0; attempt < endpoints.size(); attempt++) {
      URI endpoint = endpoints.get(Math.floorMod(current, endpoints.size()));
      HttpRequest request = HttpRequest.newBuilder(endpoint.resolve(pathAndQuery))
          .timeout(serverWait.plus(Duration.ofSeconds(30)))
          .header("Authorization", "bearer " + token)
          .header("Content-Type", "application/json")
          .header("Accept", accept)
          .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body))
          .build();
      HttpResponse<byte[]> response;
      try {
        response = http.send(request, HttpResponse.BodyHandlers.ofByteArray());
      } catch (SSLHandshakeException e) {
        throw new TransportException("channel " + channel + ": TLS handshake with " + endpoint + " failed (" + e.getMessage()
            + "); check the CA certificate the sync master handed out for it", e);
      } catch (IOException e) {
        failures.add(endpoint + ": " + e);
        current++;
        continue;
      }
      if (response.statusCode() == 200) {
        return response.body();
      }
      String error = errorOf(response.body());
      if (response.statusCode() == 401 || response.statusCode() == 403) {
        throw new TransportException("channel " + channel + ": " + endpoint + " refused the channel token (" + response.statusCode()
            + "): " + error);
      }
      if (response.statusCode() >= 500) {
        failures.add(endpoint + " answered " + response.statusCode() + ": " + error);
        current++;
        continue;
      }
      throw new TransportException("channel " + channel + ": " + method + " " + pathAndQuery + " on " + endpoint + " failed ("
          + response.statusCode() + "): " + error);
    }
    throw new TransportException("channel " + channel + ": no endpoint could be reached: " + String.join("; ", failures));
  }
}
