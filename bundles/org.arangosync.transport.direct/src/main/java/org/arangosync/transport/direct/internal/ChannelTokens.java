package org.arangosync.transport.direct.internal;

import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.arangosync.api.spi.transport.ChannelName;
import org.arangosync.rest.Caller;
import org.arangosync.rest.RestException;
import org.arangosync.rest.TokenAuthority;

/**
 * The bearer tokens that open one channel each, as ArangoSync's direct MQ has them: issued with a
 * TTL, renewed before they expire, cloned (a clone dies with its parent).
 *
 * <p>Invariant: a token opens only its own channel's message, commit, renew and clone paths, and
 * only until it expires or is revoked.
 */
final class ChannelTokens implements TokenAuthority {

  static final String RENEW_PATH = "/_api/mq/direct/token/renew";
  static final String CLONE_PATH = "/_api/mq/direct/token/clone";

  private static final SecureRandom RANDOM = new SecureRandom();

  private final Map<String, Token> tokens = new ConcurrentHashMap<>();
  private final Duration ttl;
  private final Clock clock;

  ChannelTokens(Duration ttl, Clock clock) {
    this.ttl = ttl;
    this.clock = clock;
  }

  Duration ttl() {
    return ttl;
  }

  /** A new token for {@code channel}, valid for the TTL. */
  String issue(ChannelName channel) {
    // Tokens that expired a whole TTL ago are of no use to anyone any more.
    Instant longAgo = clock.instant().minus(ttl);
    tokens.values().removeIf(token -> token.expiresAt().isBefore(longAgo));
    return add(channel, null, ttl);
  }

  /** Extends {@code token} by the TTL from now if it is still valid; false when it is not. */
  boolean renewIfValid(String token) {
    try {
      renew(token);
      return true;
    } catch (RestException e) {
      return false;
    }
  }

  /** Takes a token that a master chose ({@code POST /_api/mq/direct/channel/{name}/token}). */
  void accept(ChannelName channel, String token, Duration tokenTtl) {
    tokens.put(token, new Token(channel, clock.instant().plus(tokenTtl), null));
  }

  /** Extends a valid token by the TTL from now. @throws RestException 401 for an unknown or expired one */
  void renew(String token) {
    Token current = valid(token);
    tokens.put(token, new Token(current.channel(), clock.instant().plus(ttl), current.parent()));
  }

  /** A new token for the same channel that dies with {@code token}. */
  String clone(String token) {
    return add(valid(token).channel(), token, ttl);
  }

  /** Revokes {@code token} and its clones. */
  void revoke(String token) {
    tokens.remove(token);
    tokens.entrySet().removeIf(entry -> token.equals(entry.getValue().parent()));
  }

  /** The channel {@code token} opens, if it is valid. */
  ChannelName channelOf(String token) {
    return valid(token).channel();
  }

  @Override
  public Caller verify(String token) {
    Token found = tokens.get(token);
    if (found == null) {
      return null;
    }
    valid(token);
    String base = DirectRoutes.channelPath(found.channel());
    return new Caller(Caller.Kind.ISSUED_TOKEN, "channel " + found.channel(),
        List.of(base + "/messages", base + "/commit", RENEW_PATH, CLONE_PATH));
  }

  private Token valid(String token) {
    Token found = token == null ? null : tokens.get(token);
    if (found == null || (found.parent() != null && !tokens.containsKey(found.parent()))) {
      throw new RestException(401, "the direct-MQ token is unknown here or was revoked; ask the sync master for the channel's endpoint again");
    }
    if (!clock.instant().isBefore(found.expiresAt())) {
      throw new RestException(401, "the direct-MQ token of channel " + found.channel() + " expired at " + found.expiresAt()
          + "; renew tokens before they expire (POST " + RENEW_PATH + ") or ask the sync master for a new one");
    }
    return found;
  }

  private String add(ChannelName channel, String parent, Duration tokenTtl) {
    byte[] random = new byte[32];
    RANDOM.nextBytes(random);
    String token = Base64.getUrlEncoder().withoutPadding().encodeToString(random);
    tokens.put(token, new Token(channel, clock.instant().plus(tokenTtl), parent));
    return token;
  }

  private record Token(ChannelName channel, Instant expiresAt, String parent) {}
}
