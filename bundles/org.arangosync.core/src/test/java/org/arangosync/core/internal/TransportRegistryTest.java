package org.arangosync.core.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.arangosync.api.spi.transport.ChannelAccess;
import org.arangosync.api.spi.transport.ChannelConsumer;
import org.arangosync.api.spi.transport.ChannelName;
import org.arangosync.api.spi.transport.ChannelProducer;
import org.arangosync.api.spi.transport.Transport;
import org.junit.jupiter.api.Test;

class TransportRegistryTest {

  /** A transport that only has a type; opening a channel fails the test, since the registry must never do it. */
  private record Named(String type) implements Transport {
    @Override
    public ChannelProducer producer(ChannelName channel) {
      throw new AssertionError("the registry opened a channel of " + type);
    }

    @Override
    public ChannelConsumer consumer(ChannelName channel, ChannelAccess access) {
      throw new AssertionError("the registry opened a channel of " + type);
    }
  }

  @Test
  void transportsComeAndGoByTheirTypeProperty() {
    TransportRegistry registry = new TransportRegistry();
    assertThatThrownBy(() -> registry.require("direct")).hasMessageContaining("unknown --mq.type 'direct'")
        .hasMessageContaining("no transport is installed").hasMessageContaining("arangosync-transport-direct");

    Named direct = new Named("direct");
    Named kafka = new Named("kafka");
    registry.addTransport(direct, Map.of(Transport.TYPE_PROPERTY, "direct"));
    registry.addTransport(kafka, Map.of(Transport.TYPE_PROPERTY, "kafka"));
    assertThat(registry.require("kafka")).isSameAs(kafka);
    assertThat(registry.types()).containsExactly("direct", "kafka");
    assertThatThrownBy(() -> registry.require("rabbit")).hasMessageContaining("'rabbit'")
        .hasMessageContaining("installed transports are [direct, kafka]");

    registry.removeTransport(kafka, Map.of(Transport.TYPE_PROPERTY, "kafka"));
    assertThat(registry.find("kafka")).isEmpty();
    assertThat(registry.require("direct")).isSameAs(direct);
  }

  @Test
  void aReplacedTransportIsNotRemovedByItsPredecessorLeaving() {
    TransportRegistry registry = new TransportRegistry();
    Named old = new Named("kafka");
    Named replacement = new Named("kafka");
    registry.addTransport(old, Map.of(Transport.TYPE_PROPERTY, "kafka"));
    registry.addTransport(replacement, Map.of(Transport.TYPE_PROPERTY, "kafka"));
    registry.removeTransport(old, Map.of(Transport.TYPE_PROPERTY, "kafka"));
    assertThat(registry.require("kafka")).isSameAs(replacement);
  }
}
