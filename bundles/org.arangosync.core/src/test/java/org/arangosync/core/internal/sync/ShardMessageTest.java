package org.arangosync.core.internal.sync;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.arangosync.api.Tick;
import org.arangosync.api.spi.store.Change;
import org.arangosync.api.spi.store.KeyChunk;
import org.arangosync.api.spi.store.KeyRevision;
import org.arangosync.api.spi.transport.EnvelopeException;
import org.junit.jupiter.api.Test;

class ShardMessageTest {

  private static ShardMessage roundTrip(ShardMessage message) {
    return ShardMessage.decode(ShardMessage.encode(message));
  }

  @Test
  void requestsAndAnswersWithoutDocumentsRoundTripExactly() {
    List<ShardMessage> messages = List.of(
        new ShardMessage.Sync(7, List.of(new KeyChunk(0, "a", "k", "123"), new KeyChunk(1, "l", "z", "18446744073709551615"))),
        new ShardMessage.Resume(7, Tick.parse("18446744073709551615")),
        new ShardMessage.Fetch(7, 3, List.of(0, 5, 4999)),
        new ShardMessage.Synced(7),
        new ShardMessage.Plan(7, new Tick(42), 12_345, 3, List.of(0, 2)),
        new ShardMessage.Keys(7, 1, List.of(new KeyRevision("k1", "_abc"), new KeyRevision("ü/ä", "_def"))),
        new ShardMessage.KeysDone(7),
        new ShardMessage.Resync(7, "tick gone"),
        new ShardMessage.Heartbeat(7, 1_700_000_000_000L, new Tick(99)));
    for (ShardMessage message : messages) {
      assertThat(roundTrip(message)).isEqualTo(message);
    }
    assertThat(new String(ShardMessage.encode(new ShardMessage.KeysDone(1)), StandardCharsets.UTF_8)).contains("\"type\":\"keys-done\"");
  }

  @Test
  void documentsTravelAsEmbeddedJson() {
    Change upsert = new Change(new Tick(5), Change.DOCUMENT, "0", "k1", "_rev1",
        "{\"_key\":\"k1\",\"_rev\":\"_rev1\",\"n\":[1,2.5,\"x\"]}".getBytes(StandardCharsets.UTF_8));
    Change removal = new Change(new Tick(6), Change.REMOVE, "0", "k2", "_rev2", null);
    ShardMessage.Changes decoded = (ShardMessage.Changes) roundTrip(new ShardMessage.Changes(9, 123, List.of(upsert, removal)));
    assertThat(decoded.sentAt()).isEqualTo(123);
    assertThat(decoded.changes()).hasSize(2);
    assertThat(decoded.changes().get(0).tick()).isEqualTo(new Tick(5));
    assertThat(decoded.changes().get(0).key()).isEqualTo("k1");
    assertThat(new String(decoded.changes().get(0).data(), StandardCharsets.UTF_8)).isEqualTo(new String(upsert.data(), StandardCharsets.UTF_8));
    assertThat(decoded.changes().get(1).type()).isEqualTo(Change.REMOVE);
    assertThat(decoded.changes().get(1).data()).isNull();
    assertThat(new String(ShardMessage.encode(decoded), StandardCharsets.UTF_8)).contains("\"n\":[1,2.5,\"x\"]");
  }

  @Test
  void aSequenceNumberTravelsWithTheMessageAndAnUnnumberedOneReadsAsZero() {
    ShardMessage.Numbered numbered = ShardMessage.decodeNumbered(ShardMessage.encode(new ShardMessage.Fetch(3, 1, List.of(2)), 17));
    assertThat(numbered.seq()).isEqualTo(17);
    assertThat(numbered.message()).isEqualTo(new ShardMessage.Fetch(3, 1, List.of(2)));
    assertThat(ShardMessage.decodeNumbered(ShardMessage.encode(new ShardMessage.Synced(3))).seq()).isZero();
  }

  @Test
  void aNewerFormatAnUnknownTypeAndBrokenJsonAreRefusedWithAReason() {
    assertThatThrownBy(() -> ShardMessage.decode("{\"format\":2,\"type\":\"sync\",\"session\":1}".getBytes(StandardCharsets.UTF_8)))
        .isInstanceOf(EnvelopeException.class).hasMessageContaining("newer").hasMessageContaining("upgrade");
    assertThatThrownBy(() -> ShardMessage.decode("{\"format\":1,\"type\":\"gossip\",\"session\":1}".getBytes(StandardCharsets.UTF_8)))
        .isInstanceOf(EnvelopeException.class).hasMessageContaining("gossip");
    assertThatThrownBy(() -> ShardMessage.decode("{\"format\":1,\"type\":\"resume\",\"session\":1}".getBytes(StandardCharsets.UTF_8)))
        .isInstanceOf(EnvelopeException.class).hasMessageContaining("'tick'");
    assertThatThrownBy(() -> ShardMessage.decode("not json".getBytes(StandardCharsets.UTF_8)))
        .isInstanceOf(EnvelopeException.class).hasMessageContaining("not JSON");
  }
}
