package org.arangosync.arangodb.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.arangosync.api.Tick;
import org.arangosync.api.spi.store.Change;
import org.junit.jupiter.api.Test;

class MarkerParserTest {

  private static Change parse(String line) throws IOException {
    byte[] bytes = line.getBytes(StandardCharsets.UTF_8);
    return MarkerParser.parse(bytes, 0, bytes.length);
  }

  @Test
  void readsAWalMarkerAndCutsOutItsDocumentAsItWas() throws IOException {
    Change change = parse("{\"tick\":\"18446744073709551615\",\"type\":2300,\"db\":\"_system\",\"tid\":\"0\",\"cuid\":\"h1/2\","
        + "\"data\":{\"_key\":\"k1\",\"_id\":\"c/k1\",\"_rev\":\"_gky3fka--_\",\"nested\":{\"a\":[1,{\"b\":null}]},\"s\":\"}\"}}");
    assertThat(change.tick()).isEqualTo(Tick.parse("18446744073709551615"));
    assertThat(change.type()).isEqualTo(Change.DOCUMENT);
    assertThat(change.key()).isEqualTo("k1");
    assertThat(change.revision()).isEqualTo("_gky3fka--_");
    assertThat(new String(change.data(), StandardCharsets.UTF_8))
        .isEqualTo("{\"_key\":\"k1\",\"_id\":\"c/k1\",\"_rev\":\"_gky3fka--_\",\"nested\":{\"a\":[1,{\"b\":null}]},\"s\":\"}\"}");
  }

  @Test
  void readsDumpLinesWithoutTickAndLegacyOnesWithIt() throws IOException {
    Change dump = parse("{\"type\":2300,\"data\":{\"_key\":\"x\",\"_rev\":\"_r\"}}");
    assertThat(dump.tick()).isEqualTo(Tick.ZERO);
    assertThat(dump.key()).isEqualTo("x");
    Change legacy = parse("{\"tick\":\"214\",\"type\":2302,\"data\":{\"_key\":\"foobar\",\"_rev\":\"_bHcQpPW--_\"}}");
    assertThat(legacy.type()).isEqualTo(Change.REMOVE);
    assertThat(legacy.tick()).isEqualTo(new Tick(214));
    Change commit = parse("{\"tick\":\"9\",\"type\":2201,\"db\":\"_system\",\"tid\":\"77\"}");
    assertThat(commit.transactionId()).isEqualTo("77");
    assertThat(commit.data()).isNull();
  }

  @Test
  void readsEveryMarkerOfABodyAndRefusesWhatIsNotAMarker() throws IOException {
    byte[] body = "{\"type\":1}\n\r\n{\"type\":2}\r\n{\"type\":3}".getBytes(StandardCharsets.UTF_8);
    List<Integer> all = new ArrayList<>();
    MarkerParser.parseAll(body, change -> all.add(change.type()));
    assertThat(all).containsExactly(1, 2, 3);
    assertThatThrownBy(() -> MarkerParser.parseAll("{\"type\":1}\n[2]".getBytes(StandardCharsets.UTF_8), change -> { }))
        .isInstanceOf(IOException.class);
    assertThatThrownBy(() -> parse("[1,2]")).isInstanceOf(IOException.class);
    assertThatThrownBy(() -> parse("{\"tick\":\"5\"}")).hasMessageContaining("no type");
    assertThatThrownBy(() -> parse("{\"type\":\"2300\"}")).hasMessageContaining("must be a number");
    assertThatThrownBy(() -> parse("{\"type\":2300,")).isInstanceOf(IOException.class);
  }
}
