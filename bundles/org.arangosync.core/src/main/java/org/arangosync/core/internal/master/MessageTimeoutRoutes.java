package org.arangosync.core.internal.master;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.arangosync.api.spi.state.StateStore;
import org.arangosync.api.spi.state.Transaction;
import org.arangosync.rest.Audience;
import org.arangosync.rest.RestException;
import org.arangosync.rest.RestResponse;
import org.arangosync.rest.RestRoute;

/**
 * {@code GET} and {@code PUT /_api/message-timeout}: the longest a task channel may stay silent
 * before its shard counts as out of sync and is synchronized again ({@code {"messageTimeout": ns}},
 * default 1 hour), kept in the datacenter's state store under {@value #KEY} so every master and
 * a new leader see the same. Leader-only routes (see {@link LeaderForwarding}).
 */
public final class MessageTimeoutRoutes {

  static final String KEY = "messageTimeout";
  public static final Duration DEFAULT = Duration.ofHours(1);

  private MessageTimeoutRoutes() {}

  /** The message timeout now in force. */
  public static Duration current(StateStore store) {
    return store.read(KEY).map(value -> Duration.ofNanos(Long.parseLong(value.strip()))).orElse(DEFAULT);
  }

  public static List<RestRoute> of(StateStore store, LeaderForwarding forwarding) {
    return List.of(
        forwarding.leaderOnly(RestRoute.of("GET", "/_api/message-timeout", Audience.OPERATORS,
            request -> RestResponse.json(200, Map.of("messageTimeout", current(store).toNanos())))),
        forwarding.leaderOnly(RestRoute.of("PUT", "/_api/message-timeout", Audience.OPERATORS, request -> {
          JsonNode value = request.json().path("messageTimeout");
          if (!value.canConvertToLong() || value.asLong() <= 0) {
            throw new RestException(400, "messageTimeout must be a positive number of nanoseconds, e.g. 3600000000000 for 1h");
          }
          store.write(Transaction.builder().set(KEY, Long.toString(value.asLong())).build());
          return RestResponse.json(200, Map.of("messageTimeout", value.asLong()));
        })));
  }
}
