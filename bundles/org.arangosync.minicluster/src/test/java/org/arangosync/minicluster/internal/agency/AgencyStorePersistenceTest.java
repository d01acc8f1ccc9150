package org.arangosync.minicluster.internal.agency;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The state file: what a restarted agent finds. */
class AgencyStorePersistenceTest extends AgencyTestSupport {

  @Test
  void findsTheTreeAndTheCommitIndexAfterAReopen() throws IOException {
    writeAndCheck("[[{'a': {'b': {'c': [1, 2, 3]}, 'e': 12}, 'd': false}]]");
    writeAndCheck("[[{'/n': {'op': 'increment'}}], [{'/empty': {}}]]");

    AgencyStore reopened = reopen();

    assertThat(reopened.commitIndex()).isEqualTo(3);
    assertJson(reopened.read(json("[['/']]")), "[{'a': {'b': {'c': [1, 2, 3]}, 'e': 12}, 'd': false, 'n': 1, 'empty': {}}]");
    assertJson(reopened.write(json("[[{'/z': 1}]]")).body(), "{'results': [4]}");
  }

  @Test
  void keepsTheExpiryInstantsOfKeysAcrossAReopen() throws IOException {
    writeAndCheck("[[{'/leader': {'op': 'set', 'new': 'master-1', 'ttl': 10}}, {'/leader': {'oldEmpty': true}}]]");
    writeAndCheck("[[{'/parent': {'op': 'set', 'new': {'child': {'op': 'set'}}, 'ttl': 20}}]]");
    clock.advance(Duration.ofSeconds(5));

    AgencyStore reopened = reopen();

    assertJson(reopened.read(json("[['/leader']]")), "[{'leader': 'master-1'}]");
    assertThat(reopened.write(json("[[{'/leader': 'master-2'}, {'/leader': {'oldEmpty': true}}]]")).httpStatus())
        .isEqualTo(412);

    clock.advance(Duration.ofSeconds(6));
    assertJson(reopened.read(json("[['/leader'], ['/parent/child']]")), "[{}, {'parent': {'child': {'op': 'set'}}}]");

    clock.advance(Duration.ofSeconds(10));
    assertJson(reopened.read(json("[['/parent']]")), "[{}]");
  }

  @Test
  void keepsHiddenKeysAcrossAReopen() throws IOException {
    writeAndCheck("[[{'/x/.hidden': 1, '/x/shown': 2}]]");

    assertJson(reopen().read(json("[['/x/.hidden', '/x']]")), "[{'x': {'.hidden': 1, 'shown': 2}}]");
  }

  @Test
  void keepsAValueHeldByTheRootAcrossAReopen() throws IOException {
    writeAndCheck("[[{'/': [1, {'x': null}]}]]");

    assertJson(reopen().read(json("[['/']]")), "[[1, {'x': null}]]");
  }

  @Test
  void hasEveryAcknowledgedWriteOnDiskBeforeWriteReturns() throws IOException {
    for (int i = 1; i <= 3; i++) {
      writeAndCheck("[[{'/n': {'op': 'increment'}}]]");

      AgencyStore copy = reopen();
      assertThat(copy.commitIndex()).isEqualTo(i);
      assertJson(copy.read(json("[['/n']]")), "[{'n': " + i + "}]");
    }
  }

  @Test
  void startsEmptyWithoutAStateFile() {
    assertThat(store.commitIndex()).isZero();
    assertJson(read("[['/']]"), "[{}]");
    assertThat(stateFile()).doesNotExist();
  }

  @Test
  void writesNothingWhenNoTransactionApplies() {
    write("[[{'/a': 1}, {'/a': {'oldEmpty': false}}]]");

    assertThat(stateFile()).doesNotExist();
  }

  @Test
  void refusesAStateFileItCannotRead() throws IOException {
    Files.writeString(stateFile(), "{\"format\": \"something else\"}", StandardCharsets.UTF_8);
    assertThatThrownBy(this::reopen).isInstanceOf(IOException.class).hasMessageContaining("not a arangosync-agency file");

    Files.writeString(stateFile(), "{not json", StandardCharsets.UTF_8);
    assertThatThrownBy(this::reopen).isInstanceOf(IOException.class).hasMessageContaining("not valid JSON");
  }

  @Test
  void refusesAStateFileWithAnExpiryForAKeyItDoesNotHold() throws IOException {
    Files.writeString(
        stateFile(),
        "{\"format\":\"arangosync-agency\",\"version\":1,\"commitIndex\":1,\"tree\":{},"
            + "\"expiries\":{\"/ghost\":\"2026-01-01T00:00:00Z\"}}",
        StandardCharsets.UTF_8);

    assertThatThrownBy(this::reopen).isInstanceOf(IOException.class).hasMessageContaining("/ghost");
  }

  @Test
  void ignoresTheTemporaryFileOfASaveThatNeverCompleted() throws IOException {
    writeAndCheck("[[{'/a': 1}]]");
    Path leftover = directory.resolve("agency.json.tmp");
    Files.writeString(leftover, "{half a sta", StandardCharsets.UTF_8);

    AgencyStore reopened = reopen();

    assertJson(reopened.read(json("[['/a']]")), "[{'a': 1}]");
    assertThat(leftover).doesNotExist();
  }

  @Test
  void refusesAWriteItCannotPersistAndKeepsThePreviousState() throws IOException {
    Path stateDirectory = directory.resolve("state");
    Files.createDirectories(stateDirectory);
    AgencyStore local = new AgencyStore(stateDirectory.resolve("agency.json"), clock);
    local.write(json("[[{'/a': 1}]]"));
    Files.delete(stateDirectory.resolve("agency.json"));
    Files.delete(stateDirectory);
    Files.writeString(stateDirectory, "a file where the state directory was", StandardCharsets.UTF_8);

    assertThatThrownBy(() -> local.write(json("[[{'/a': 2}]]")))
        .isInstanceOfSatisfying(
            AgencyException.class,
            e -> {
              assertThat(e.httpStatus()).isEqualTo(500);
              assertThat(e.errorNum()).isEqualTo(AgencyException.INTERNAL);
            });
    assertThat(local.commitIndex()).isEqualTo(1);
    assertJson(local.read(json("[['/a']]")), "[{'a': 1}]");
  }
}
