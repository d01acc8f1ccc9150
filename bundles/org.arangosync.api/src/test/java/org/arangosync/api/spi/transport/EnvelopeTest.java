package org.arangosync.api.spi.transport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.arangosync.api.Tick;
import org.arangosync.api.spi.store.ShardRef;
import org.junit.jupiter.api.Test;

class EnvelopeTest {

  private static final ChannelName CHANNEL = new ChannelName("sync_b_m1.YO7BEgRXDdTSq0oj7pjK");

  private static List<Envelope> samples() {
    byte[] large = new byte[1 << 20];
    new Random(7).nextBytes(large);
    return List.of(
        new Envelope(CHANNEL, MessageKind.DATA, new ShardRef("db", "coll", 3), new Tick(10), new Tick(20),
            "{\"_key\":\"a\"}".getBytes(StandardCharsets.UTF_8)),
        new Envelope(CHANNEL, MessageKind.DATA, new ShardRef("Datenbank-ü", "Sammlung ✓", 0), Tick.ZERO, new Tick(-1), large),
        new Envelope(CHANNEL, MessageKind.CONTROL, null, new Tick(5), new Tick(5), new byte[] {1, 2, 3}),
        Envelope.heartbeat(CHANNEL));
  }

  @Test
  void everyEnvelopeSurvivesItsBinaryForm() {
    for (Envelope envelope : samples()) {
      assertThat(Envelope.decode(envelope.encode())).isEqualTo(envelope);
    }
    Envelope largest = samples().get(1);
    assertThat(Envelope.decode(largest.encode()).toTick().toString()).isEqualTo("18446744073709551615");
  }

  @Test
  void decodingAfterAnotherEnvelopeReusesItsNamesOnlyWhenTheyAreTheSame() {
    List<Envelope> samples = samples();
    for (Envelope previous : samples) {
      for (Envelope envelope : samples) {
        byte[] framed = new byte[envelope.encode().length + 7];
        System.arraycopy(envelope.encode(), 0, framed, 3, framed.length - 7);
        Envelope decoded = Envelope.decode(framed, 3, framed.length - 7, previous);
        assertThat(decoded).isEqualTo(envelope);
        if (envelope.shard() != null && envelope.shard().equals(previous.shard()) && envelope.shard().database().chars().allMatch(c -> c < 128)) {
          assertThat(decoded.shard()).isSameAs(previous.shard());
        }
      }
    }
    Envelope otherShard = new Envelope(CHANNEL, MessageKind.DATA, new ShardRef("db", "coll", 4), Tick.ZERO, Tick.ZERO, null);
    Envelope otherCollection = new Envelope(CHANNEL, MessageKind.DATA, new ShardRef("db", "other", 3), Tick.ZERO, Tick.ZERO, null);
    assertThat(Envelope.decode(otherShard.encode(), 0, otherShard.encode().length, samples.get(0))).isEqualTo(otherShard);
    assertThat(Envelope.decode(otherCollection.encode(), 0, otherCollection.encode().length, samples.get(0))).isEqualTo(otherCollection);
    ChannelName elsewhere = new ChannelName("sync_a_m1.other");
    Envelope onAnother = Envelope.heartbeat(elsewhere);
    assertThat(Envelope.decode(onAnother.encode(), 0, onAnother.encode().length, samples.get(0)).channel()).isEqualTo(elsewhere);
  }

  @Test
  void aChangedByteAnywhereIsReportedAsCorrupt() {
    byte[] encoded = samples().get(0).encode();
    for (int i = 4; i < encoded.length; i++) {
      byte[] changed = Arrays.copyOf(encoded, encoded.length);
      changed[i] ^= 0x10;
      int position = i;
      assertThatThrownBy(() -> Envelope.decode(changed)).as("byte %d", position)
          .isInstanceOf(EnvelopeException.class).hasMessageContaining("corrupt");
    }
    assertThatThrownBy(() -> Envelope.decode(Arrays.copyOf(encoded, encoded.length - 1)))
        .isInstanceOf(EnvelopeException.class).hasMessageContaining("corrupt");
  }

  @Test
  void aNewerFormatIsRefusedWithAnUpgradeHintAndStrangersAreNamed() {
    byte[] encoded = samples().get(2).encode();
    encoded[3] = (byte) (Envelope.FORMAT_VERSION + 1);
    assertThatThrownBy(() -> Envelope.decode(encoded)).isInstanceOf(EnvelopeException.class)
        .hasMessageContaining("format 2 is newer").hasMessageContaining("upgrade the receiving side");
    assertThatThrownBy(() -> Envelope.decode("{\"json\":true}".getBytes(StandardCharsets.UTF_8)))
        .isInstanceOf(EnvelopeException.class).hasMessageContaining("not an arangosync message envelope");
    assertThatThrownBy(() -> Envelope.decode(new byte[0])).isInstanceOf(EnvelopeException.class);
  }

  @Test
  void namesAndTicksAreChecked() {
    assertThatThrownBy(() -> new ChannelName("has space")).hasMessageContaining("A-Z a-z 0-9 . _ -");
    assertThatThrownBy(() -> new ChannelName("")).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new Envelope(CHANNEL, MessageKind.DATA, null, new Tick(9), new Tick(8), null))
        .hasMessageContaining("from 9 to 8");
    assertThat(new ChannelAccess(java.util.Map.of("token", "secret")).toString()).doesNotContain("secret");
  }
}
