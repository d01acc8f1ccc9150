package org.arangosync.minicluster.internal.agency;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Write operations, checked against ArangoDB's agency tests (tests/Agency/StoreTest.cpp). */
class AgencyStoreWriteTest extends AgencyTestSupport {

  @Test
  void answersEveryAppliedTransactionWithTheNextCommitIndex() {
    WriteResult first = writeAndCheck("[[{'/a': 1}]]");
    WriteResult next = writeAndCheck("[[{'/b': 2}], [{'/c': 3}]]");

    assertJson(first.body(), "{'results': [1]}");
    assertJson(next.body(), "{'results': [2, 3]}");
    assertThat(store.commitIndex()).isEqualTo(3);
  }

  @Test
  void setsNestedKeysAndCreatesTheParentsOnTheWay() {
    writeAndCheck("[[{'/arangodb/arangosync/leader': {'op': 'set', 'new': 'master-1'}}]]");
    writeAndCheck("[[{'/arangodb/arangosync/masters/m1': 'https://m1:8629'}]]");

    assertJson(
        read("[['/arangodb']]"),
        "[{'arangodb': {'arangosync': {'leader': 'master-1', 'masters': {'m1': 'https://m1:8629'}}}}]");
  }

  @Test
  void turnsAnObjectValueIntoKeysThatCanBeReadAndChangedOneByOne() {
    writeAndCheck("[[{'foo/bar': {'op': 'set', 'new': {'baz': 12}}}]]");
    writeAndCheck("[[{'foo/bar/baz': {'op': 'increment'}}]]");

    assertJson(read("[['/foo/bar/baz']]"), "[{'foo': {'bar': {'baz': 13}}}]");
  }

  @Test
  void replacesTheWholeSubtreeWhenAnObjectIsWrittenOverIt() {
    writeAndCheck("[[{'a': {'b': {'c': [1, 2, 4]}, 'e': 12}, 'd': false}], [{'a': {'b': {'c': [1, 2, 3]}}}]]");

    assertJson(read("[['a/e'], ['d', 'a/b']]"), "[{'a': {}}, {'a': {'b': {'c': [1, 2, 3]}}, 'd': false}]");
  }

  @Test
  void readsSlashesInsideObjectAttributeNamesAsPaths() {
    writeAndCheck("[[{'//////a/////b//': {'b///////c': 4}}]]");

    assertJson(read("[['/']]"), "[{'a': {'b': {'b': {'c': 4}}}}]");
  }

  @Test
  void treatsAnOpAttributeInsideANewValueAsAnOrdinaryKey() {
    writeAndCheck("[[{'/op/a/b/c': {'op': 'set', 'new': {'op': 13}}}]]");
    writeAndCheck("[[{'/op/a/b/c/op': {'op': 'increment'}}]]");

    assertJson(read("[['/op/a/b/c']]"), "[{'op': {'a': {'b': {'c': {'op': 14}}}}}]");
  }

  @Test
  void storesArraysAsValuesEvenWhenTheyHoldObjects() {
    writeAndCheck("[[{'1': ['C', 2.0, 'Java', {'op': 'set', 'new': 12, 'ttl': 7}]}]]");

    assertJson(read("[['/1']]"), "[{'1': ['C', 2.0, 'Java', {'op': 'set', 'new': 12, 'ttl': 7}]}]");
  }

  @Test
  void deletesAKeyButKeepsItsParent() {
    writeAndCheck("[[{'x/y': 12}]]");
    writeAndCheck("[[{'x/y': {'op': 'delete'}}]]");

    assertJson(read("[['/x']]"), "[{'x': {}}]");

    writeAndCheck("[[{'x': {'op': 'delete'}}]]");

    assertJson(read("[['/x']]"), "[{}]");
  }

  @Test
  void emptiesTheStoreWhenTheRootIsDeleted() {
    writeAndCheck("[[{'/a': 1, '/b': {'c': 2}}]]");
    writeAndCheck("[[{'/': {'op': 'delete'}}]]");

    assertJson(read("[['/']]"), "[{}]");
  }

  @Test
  void createsNothingWhenDeletingErasingOrReplacingAnAbsentKey() {
    writeAndCheck("[[{'a/b': {'op': 'delete'}}], [{'c/d': {'op': 'erase', 'val': 1}}], "
        + "[{'e/f': {'op': 'replace', 'val': 1, 'new': 2}}], [{'g/h': {'op': 'erase', 'pos': 0}}]]");

    assertJson(read("[['/']]"), "[{}]");
    assertThat(store.commitIndex()).isEqualTo(4);
  }

  @Test
  void incrementsFromZeroByOneOrByStep() {
    writeAndCheck("[[{'/version': {'op': 'increment'}}]]");
    assertJson(read("[['version']]"), "[{'version': 1}]");

    writeAndCheck("[[{'/version': {'op': 'increment', 'step': 5}}]]");
    assertJson(read("[['version']]"), "[{'version': 6}]");
  }

  @Test
  void decrementsFromZeroByOneOrByStep() {
    writeAndCheck("[[{'/version': {'op': 'decrement'}}]]");
    assertJson(read("[['version']]"), "[{'version': -1}]");

    writeAndCheck("[[{'/version': {'op': 'decrement', 'step': 4}}]]");
    assertJson(read("[['version']]"), "[{'version': -5}]");
  }

  @Test
  void countsAnythingButANumberAsZeroWhenIncrementing() {
    writeAndCheck("[[{'/s': 'text', '/o': {'x': 1}, '/d': 2.7}]]");
    writeAndCheck("[[{'/s': {'op': 'increment'}, '/o': {'op': 'increment'}, '/d': {'op': 'increment'}}]]");

    assertJson(read("[['/s', '/o', '/d']]"), "[{'s': 1, 'o': 1, 'd': 3}]");
  }

  @Test
  void pushesOntoAnArrayOrStartsOne() {
    writeAndCheck("[[{'/a/b/c': [1, 2, 3]}]]");
    writeAndCheck("[[{'/a/b/c': {'op': 'push', 'new': 'max'}, '/a/euler': {'op': 'push', 'new': 2.71828}}]]");

    assertJson(read("[['/a/b/c', '/a/euler']]"), "[{'a': {'b': {'c': [1, 2, 3, 'max']}, 'euler': [2.71828]}}]");

    writeAndCheck("[[{'/a/euler': {'op': 'set', 'new': 2.71828}}], [{'/a/euler': {'op': 'push', 'new': 1}}]]");

    assertJson(read("[['/a/euler']]"), "[{'a': {'euler': [1]}}]");
  }

  @Test
  void prependsToAnArrayOrStartsOne() {
    writeAndCheck("[[{'/a': [1, 2]}], [{'/a': {'op': 'prepend', 'new': 0}}], [{'/b': {'op': 'prepend', 'new': 'x'}}]]");

    assertJson(read("[['/a', '/b']]"), "[{'a': [0, 1, 2], 'b': ['x']}]");
  }

  @Test
  void popsTheLastAndShiftsTheFirstElement() {
    writeAndCheck("[[{'/a': [1, 2, 3], '/b': [1, 2, 3]}], [{'/a': {'op': 'pop'}, '/b': {'op': 'shift'}}]]");

    assertJson(read("[['/a', '/b']]"), "[{'a': [1, 2], 'b': [2, 3]}]");
  }

  @Test
  void leavesAnEmptyArrayWhenPoppingOrShiftingSomethingElse() {
    writeAndCheck("[[{'/scalar': 1, '/empty': []}]]");
    writeAndCheck("[[{'/scalar': {'op': 'pop'}, '/empty': {'op': 'shift'}, '/absent': {'op': 'pop'}}]]");

    assertJson(read("[['/']]"), "[{'scalar': [], 'empty': [], 'absent': []}]");
  }

  @Test
  void erasesEveryElementEqualToAValue() {
    writeAndCheck("[[{'/a': [0, 1, 2, 1, 3.0]}]]");
    writeAndCheck("[[{'a': {'op': 'erase', 'val': 1}}], [{'a': {'op': 'erase', 'val': 3}}]]");

    assertJson(read("[['/a']]"), "[{'a': [0, 2]}]");
  }

  @Test
  void erasesTheElementAtAPosition() {
    writeAndCheck("[[{'/a': [0, 1, 2, 3]}]]");
    writeAndCheck("[[{'a': {'op': 'erase', 'pos': 3}}], [{'a': {'op': 'erase', 'pos': 0}}]]");

    assertJson(read("[['/a']]"), "[{'a': [1, 2]}]");
  }

  @Test
  void dropsATransactionThatErasesPastTheEndWithoutCountingItAsAFailedPrecondition() {
    writeAndCheck("[[{'/a': [0, 1]}]]");

    // "/0" sorts before "/a", so it is applied before the erase fails and must be undone.
    WriteResult result = write("[[{'/a': {'op': 'erase', 'pos': 2}, '/0': 'set first'}], [{'/c': 1}]]");

    assertJson(result.body(), "{'results': [0, 2]}");
    assertThat(result.httpStatus()).isEqualTo(200);
    assertThat(result.allApplied()).isFalse();
    assertJson(read("[['/']]"), "[{'a': [0, 1], 'c': 1}]");
  }

  @Test
  void replacesEveryElementEqualToAValue() {
    writeAndCheck("[[{'/a': [0, 1, 2, 1]}]]");
    writeAndCheck("[[{'a': {'op': 'replace', 'val': 1, 'new': {'one': [1]}}}]]");

    assertJson(read("[['/a']]"), "[{'a': [0, {'one': [1]}, 2, {'one': [1]}]}]");
  }

  @Test
  void appliesTheOperationsOfATransactionInKeyOrder() {
    writeAndCheck("[[{'/a': {'old': true}}]]");
    writeAndCheck("[[{'/a/b': 1, '/a': {'op': 'delete'}}]]");

    assertJson(read("[['/']]"), "[{'a': {'b': 1}}]");
  }

  @Test
  void letsATransactionSeeWhatEarlierTransactionsOfTheRequestDid() {
    WriteResult result = write("[[{'/n': {'op': 'increment'}}], [{'/n': {'op': 'increment'}}, {'/n': 1}], [{'/m': 1}, {'/n': 1}]]");

    assertJson(result.body(), "{'results': [1, 2, 0]}");
    assertThat(result.httpStatus()).isEqualTo(412);
    assertJson(read("[['/n', '/m']]"), "[{'n': 2}]");
  }

  @Test
  void turnsAValueIntoAnObjectWhenAKeyIsWrittenBelowIt() {
    writeAndCheck("[[{'/a': 5}], [{'/a/b': 6}]]");

    assertJson(read("[['/']]"), "[{'a': {'b': 6}}]");
  }

  @Test
  void acceptsAClientIdAsThirdElementOfATransaction() {
    WriteResult result = writeAndCheck("[[{'/a': 1}, {}, 'client-7'], [{'/b': 2}, {'/a': 1}, 'client-8']]");

    assertJson(result.body(), "{'results': [1, 2]}");
  }

  @Test
  void refusesWritesBelowTheAgencysOwnConfigurationWith403() {
    WriteResult result = write("[[{'/.agency/term': 5}], [{'.agency': 1}], [{'/ok': 1}]]");

    assertThat(result.httpStatus()).isEqualTo(403);
    assertJson(result.body(), "{'results': [0, 0, 1]}");
    assertJson(read("[['/', '/.agency']]"), "[{'ok': 1}]");
  }
}
