package org.arangosync.transport.direct.internal;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.arangosync.api.spi.transport.ChannelAccess;
import org.arangosync.api.spi.transport.ChannelConsumer;
import org.arangosync.api.spi.transport.ChannelName;
import org.arangosync.api.spi.transport.ChannelProducer;
import org.arangosync.api.spi.transport.Envelope;
import org.arangosync.api.spi.transport.Transport;
import org.arangosync.api.spi.transport.TransportException;
import org.arangosync.certificates.Issued;
import org.arangosync.rest.RestRoute;
import org.arangosync.rest.TokenAuthority;

/**
 * The direct transport: channels produced here are kept by this process ({@link ChannelLog}) and
 * served on its HTTPS server ({@link #routes()}, {@link #tokenAuthority()}); channels produced
 * elsewhere are pulled from there ({@link HttpChannelConsumer}).
 */
public final class DirectTransport implements Transport, AutoCloseable {

  /** Keys of this transport's {@link ChannelAccess}. */
  static final String ENDPOINT = "endpoint";
  static final String CA_CERTIFICATE = "caCertificate";
  static final String TOKEN = "token";
  static final String TOKEN_TTL = "token-ttl";

  private final Settings settings;
  private final ChannelTokens tokens;
  private final Map<ChannelName, ChannelLog> logs = new ConcurrentHashMap<>();
  private final DirectRoutes routes;

  /**
   * @param endpoints how consumers reach this process's HTTPS server, e.g. https://10.0.0.5:8729
   * @param caCertificatePem the CA of that server's certificate, handed to consumers ("" when they trust the JVM's CAs)
   * @param clientKeyfile the certificate this process presents when it consumes elsewhere, or null
   */
  public record Settings(List<URI> endpoints, String caCertificatePem, Issued clientKeyfile, Path spillDirectory,
      long memoryBytesPerChannel, long diskBytesPerChannel, Duration tokenTtl) {}

  public DirectTransport(Settings settings) {
    this.settings = settings;
    this.tokens = new ChannelTokens(settings.tokenTtl(), Clock.systemUTC());
    this.routes = new DirectRoutes(this::log, tokens);
    clearSpillDirectory(settings.spillDirectory());
  }

  @Override
  public String type() {
    return "direct";
  }

  /** The direct-MQ routes, to mount on this process's HTTPS server. */
  public List<RestRoute> routes() {
    return routes.routes();
  }

  /** Checks the channel tokens; to add to the same server. */
  public TokenAuthority tokenAuthority() {
    return tokens;
  }

  @Override
  public ChannelProducer producer(ChannelName channel) {
    ChannelLog log = logs.computeIfAbsent(channel, name -> new ChannelLog(name, settings.spillDirectory(),
        settings.memoryBytesPerChannel(), settings.diskBytesPerChannel()));
    String endpoints = settings.endpoints().stream().map(URI::toString).collect(Collectors.joining(","));
    return new ChannelProducer() {
      private String token = tokens.issue(channel);

      @Override
      public ChannelName channel() {
        return channel;
      }

      @Override
      public long send(List<Envelope> batch, Duration maxWait) throws InterruptedException {
        List<byte[]> encoded = new ArrayList<>(batch.size());
        for (Envelope envelope : batch) {
          if (!envelope.channel().equals(channel)) {
            throw new IllegalArgumentException("an envelope for channel " + envelope.channel() + " cannot be sent on " + channel);
          }
          encoded.add(envelope.encode());
        }
        return log.append(encoded, maxWait);
      }

      /** With a token valid for a whole TTL from now (the same token, renewed, while it is valid). */
      @Override
      public ChannelAccess access() {
        if (!tokens.renewIfValid(token)) {
          token = tokens.issue(channel);
        }
        return new ChannelAccess(Map.of(ENDPOINT, endpoints, CA_CERTIFICATE, settings.caCertificatePem(), TOKEN, token,
            TOKEN_TTL, Long.toString(tokens.ttl().toNanos())));
      }

      @Override
      public void close() {
        // The log stays: its consumer may still be reading what was sent.
      }
    };
  }

  @Override
  public ChannelConsumer consumer(ChannelName channel, ChannelAccess access) {
    List<URI> endpoints = Stream.of(access.require(ENDPOINT).split(",")).map(String::strip).filter(s -> !s.isEmpty())
        .map(URI::create).toList();
    return new HttpChannelConsumer(channel, endpoints, access.properties().getOrDefault(CA_CERTIFICATE, ""),
        settings.clientKeyfile(), access.require(TOKEN), Duration.ofNanos(Long.parseLong(access.require(TOKEN_TTL))));
  }

  /** The log of {@code channel} if it is produced here, else null. */
  ChannelLog log(ChannelName channel) {
    return logs.get(channel);
  }

  /** Drops {@code channel}: its messages, its spill files (e.g. when its task is cancelled). */
  public void drop(ChannelName channel) {
    ChannelLog log = logs.remove(channel);
    if (log != null) {
      log.close();
    }
  }

  @Override
  public void close() {
    logs.values().forEach(ChannelLog::close);
    logs.clear();
  }

  /** Spill files of an earlier run describe channels nobody keeps any more. */
  private static void clearSpillDirectory(Path directory) {
    if (!Files.isDirectory(directory)) {
      return;
    }
    try (Stream<Path> files = Files.list(directory)) {
      for (Path file : (Iterable<Path>) files::iterator) {
        if (file.getFileName().toString().endsWith(".spill")) {
          Files.deleteIfExists(file);
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot clear the spill directory " + directory, e);
    } catch (UncheckedIOException e) {
      throw new TransportException("cannot clear the spill directory " + directory + ": " + e.getMessage(), e);
    }
  }
}
