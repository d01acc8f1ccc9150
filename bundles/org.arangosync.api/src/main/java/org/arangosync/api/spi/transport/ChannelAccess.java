package org.arangosync.api.spi.transport;

import java.util.Map;
import java.util.TreeMap;

/**
 * What a consumer in the other datacenter needs to reach a channel, as the transport describes it
 * (e.g. the direct transport: endpoints, CA certificate, token and its TTL; Kafka: nothing beyond
 * its own configuration). Plain strings, so that masters pass it on as JSON without knowing the
 * transport.
 *
 * @param properties the description; copied, never null
 */
public record ChannelAccess(Map<String, String> properties) {

  public static final ChannelAccess NONE = new ChannelAccess(Map.of());

  public ChannelAccess {
    properties = properties == null ? Map.of() : java.util.Collections.unmodifiableMap(new TreeMap<>(properties));
  }

  /** The value of {@code name}. @throws TransportException naming the missing property */
  public String require(String name) {
    String value = properties.get(name);
    if (value == null || value.isEmpty()) {
      throw new TransportException("the channel access description has no '" + name + "'; the producing side must provide it");
    }
    return value;
  }

  @Override
  public String toString() {
    // Tokens and keys are secrets: names only.
    return "ChannelAccess" + properties.keySet();
  }
}
