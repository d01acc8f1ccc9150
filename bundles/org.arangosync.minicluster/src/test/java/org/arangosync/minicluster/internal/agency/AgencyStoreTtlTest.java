package org.arangosync.minicluster.internal.agency;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

/** Time to live on the injected clock, checked against ArangoDB's agency test op_set_new. */
class AgencyStoreTtlTest extends AgencyTestSupport {

  private static final String TAKE_LEASE =
      "[[{'/arangodb/arangosync/leader': {'op': 'set', 'new': 'master-%s', 'ttl': 10}},"
          + " {'/arangodb/arangosync/leader': {'oldEmpty': true}}]]";

  @Test
  void keepsAKeyUntilTheEndOfItsLifetimeAndHidesItAfterwards() {
    writeAndCheck("[[{'a/y': {'op': 'set', 'new': 12, 'ttl': 3}}]]");

    clock.advance(Duration.ofSeconds(3));
    assertJson(read("[['/a/y']]"), "[{'a': {'y': 12}}]");

    clock.advance(Duration.ofMillis(1));
    assertJson(read("[['/a/y']]"), "[{'a': {}}]");
  }

  @Test
  void treatsAnExpiredKeyAsEmptyForOldEmpty() {
    writeAndCheck("[[{'/lock': {'op': 'set', 'new': 'me', 'ttl': 5}}]]");

    assertThat(write("[[{'/lock': 'you'}, {'/lock': {'oldEmpty': true}}]]").httpStatus()).isEqualTo(412);

    clock.advance(Duration.ofSeconds(6));

    assertThat(write("[[{'/lock': 'you'}, {'/lock': {'oldEmpty': true}}]]").httpStatus()).isEqualTo(200);
    assertJson(read("[['/lock']]"), "[{'lock': 'you'}]");
  }

  @Test
  void grantsALeaderLeaseOnceRefusesItWhileItLivesAndGrantsItAgainAfterItExpires() {
    assertThat(write(String.format(TAKE_LEASE, "1")).httpStatus()).isEqualTo(200);

    clock.advance(Duration.ofSeconds(9));
    WriteResult contender = write(String.format(TAKE_LEASE, "2"));
    assertThat(contender.httpStatus()).isEqualTo(412);
    assertJson(contender.body(), "{'results': [0]}");
    assertJson(read("[['/arangodb/arangosync/leader']]"), "[{'arangodb': {'arangosync': {'leader': 'master-1'}}}]");

    clock.advance(Duration.ofSeconds(2));
    assertThat(write(String.format(TAKE_LEASE, "2")).httpStatus()).isEqualTo(200);
    assertJson(read("[['/arangodb/arangosync/leader']]"), "[{'arangodb': {'arangosync': {'leader': 'master-2'}}}]");
  }

  @Test
  void letsTheLeaderRenewItsLeaseWithAnOldPrecondition() {
    writeAndCheck(String.format(TAKE_LEASE, "1"));
    clock.advance(Duration.ofSeconds(8));

    writeAndCheck(
        "[[{'/arangodb/arangosync/leader': {'op': 'set', 'new': 'master-1', 'ttl': 10}},"
            + " {'/arangodb/arangosync/leader': {'old': 'master-1'}}]]");
    clock.advance(Duration.ofSeconds(8));

    assertThat(write(String.format(TAKE_LEASE, "2")).httpStatus()).isEqualTo(412);
  }

  @Test
  void dropsTheTtlWhenTheKeyIsRewrittenWithoutOne() {
    writeAndCheck("[[{'a/u': {'op': 'set', 'new': 25, 'ttl': 3}}]]");
    writeAndCheck("[[{'a/u': {'op': 'set', 'new': 26}}]]");

    clock.advance(Duration.ofHours(1));

    assertJson(read("[['/a/u']]"), "[{'a': {'u': 26}}]");
  }

  @Test
  void replacesTheTtlWhenTheKeyIsRewrittenWithANewOne() {
    writeAndCheck("[[{'a/u': {'op': 'set', 'new': 25, 'ttl': 3}}]]");
    writeAndCheck("[[{'a/u': {'op': 'set', 'new': 26, 'ttl': 60}}]]");

    clock.advance(Duration.ofSeconds(59));
    assertJson(read("[['/a/u']]"), "[{'a': {'u': 26}}]");

    clock.advance(Duration.ofSeconds(2));
    assertJson(read("[['/a/u']]"), "[{'a': {}}]");
  }

  @Test
  void dropsTheTtlWhenAnOperationChangesTheValue() {
    writeAndCheck("[[{'/counter': {'op': 'set', 'new': 1, 'ttl': 3}}]]");
    writeAndCheck("[[{'/counter': {'op': 'increment'}}]]");

    clock.advance(Duration.ofMinutes(1));

    assertJson(read("[['/counter']]"), "[{'counter': 2}]");
  }

  @Test
  void removesAWholeSubtreeButKeepsItsParentWhenAnObjectExpires() {
    writeAndCheck("[[{'foo/bar': {'op': 'set', 'new': {'baz': 12}, 'ttl': 3}}]]");

    clock.advance(Duration.ofSeconds(4));

    assertJson(read("[['/foo'], ['/foo/bar'], ['/foo/bar/baz']]"), "[{'foo': {}}, {'foo': {}}, {'foo': {}}]");
  }

  @Test
  void keepsTheTtlOfAParentWhenAChildChanges() {
    writeAndCheck("[[{'/version': {'op': 'set', 'new': {'c': ['hello']}, 'ttl': 3}}]]");
    writeAndCheck("[[{'/version/c': {'op': 'push', 'new': 'world'}}]]");
    assertJson(read("[['version']]"), "[{'version': {'c': ['hello', 'world']}}]");

    clock.advance(Duration.ofSeconds(4));
    assertJson(read("[['version']]"), "[{}]");

    writeAndCheck("[[{'/version/c': {'op': 'push', 'new': 'hello'}}]]");
    assertJson(read("[['version']]"), "[{'version': {'c': ['hello']}}]");
  }

  @Test
  void startsAnExpiredCounterAfreshWhenItIsIncremented() {
    writeAndCheck("[[{'/version': {'op': 'set', 'new': {'c': 12}, 'ttl': 3}}]]");
    clock.advance(Duration.ofSeconds(4));

    writeAndCheck("[[{'/version/c': {'op': 'increment'}}]]");

    assertJson(read("[['version']]"), "[{'version': {'c': 1}}]");
  }

  @Test
  void cutsAFractionalTtlToWholeSeconds() {
    writeAndCheck("[[{'/a': {'op': 'set', 'new': 1, 'ttl': 1.9}}]]");

    clock.advance(Duration.ofMillis(1001));

    assertJson(read("[['/a']]"), "[{}]");
  }

  @Test
  void setsNoTtlWhenTheTtlIsNotANumber() {
    writeAndCheck("[[{'/a': {'op': 'set', 'new': 1, 'ttl': '5'}}]]");

    clock.advance(Duration.ofDays(1));

    assertJson(read("[['/a']]"), "[{'a': 1}]");
  }

  @Test
  void purgesExpiredKeysForGood() {
    writeAndCheck("[[{'/a': {'op': 'set', 'new': 1, 'ttl': 10}}]]");
    clock.advance(Duration.ofSeconds(11));

    store.purgeExpired();
    // A clock stepping back would show the key again had it only been hidden.
    clock.set(START);

    assertJson(read("[['/a']]"), "[{}]");
  }

  @Test
  void consumesNoCommitIndexWhenKeysExpire() {
    writeAndCheck("[[{'/a': {'op': 'set', 'new': 1, 'ttl': 1}}]]");
    clock.advance(Duration.ofSeconds(2));

    store.purgeExpired();

    assertThat(store.commitIndex()).isEqualTo(1);
    assertJson(writeAndCheck("[[{'/b': 1}]]").body(), "{'results': [2]}");
  }
}
