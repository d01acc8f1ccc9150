package org.arangosync.minicluster.internal.agency;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Preconditions, checked against ArangoDB's agency test StoreTest precondition. */
class AgencyStorePreconditionTest extends AgencyTestSupport {

  /** Writes {@code /result} under {@code precondition} and tells whether it was applied. */
  private boolean appliesUnder(String precondition) {
    WriteResult result = write("[[{'/result': {'op': 'increment'}}, " + precondition + "]]");
    assertThat(result.httpStatus()).isIn(200, 412);
    assertThat(result.httpStatus() == 200).isEqualTo(result.allApplied());
    return result.allApplied();
  }

  @Test
  void acceptsAPlainValueAsShorthandForOld() {
    writeAndCheck("[[{'/a': 12}]]");

    assertThat(appliesUnder("{'/a': 12}")).isTrue();
    assertThat(appliesUnder("{'/a': 13}")).isFalse();
  }

  @Test
  void requiresTheOldValueForOld() {
    writeAndCheck("[[{'/a': [1, 2, 3]}]]");

    assertThat(appliesUnder("{'/a': {'old': [1, 2, 3]}}")).isTrue();
    assertThat(appliesUnder("{'/a': {'old': [3, 2, 1]}}")).isFalse();
  }

  @Test
  void comparesObjectsRegardlessOfAttributeOrderAndNumbersByValue() {
    writeAndCheck("[[{'/a/b/c': 12, '/a/b/d': 1.0}]]");

    assertThat(appliesUnder("{'/a': {'old': {'b': {'d': 1, 'c': 12}}}}")).isTrue();
    assertThat(appliesUnder("{'/a': {'old': {'b': {'c': 12}}}}")).isFalse();
  }

  @Test
  void comparesAnAbsentKeyAsAnEmptyObject() {
    assertThat(appliesUnder("{'/nothing': {'old': {}}}")).isTrue();
    assertThat(appliesUnder("{'/nothing': {'old': null}}")).isFalse();
  }

  @Test
  void requiresADifferentValueForOldNot() {
    writeAndCheck("[[{'/a': 'x'}]]");

    assertThat(appliesUnder("{'/a': {'oldNot': 'y'}}")).isTrue();
    assertThat(appliesUnder("{'/a': {'oldNot': 'x'}}")).isFalse();
  }

  @Test
  void requiresAnAbsentKeyForOldEmptyTrue() {
    assertThat(appliesUnder("{'/a': {'oldEmpty': true}}")).isTrue();

    writeAndCheck("[[{'/a': null}]]");

    assertThat(appliesUnder("{'/a': {'oldEmpty': true}}")).isFalse();
  }

  @Test
  void requiresAPresentKeyEvenIfNullForOldEmptyFalse() {
    assertThat(appliesUnder("{'/a': {'oldEmpty': false}}")).isFalse();

    writeAndCheck("[[{'/a': null}]]");

    assertThat(appliesUnder("{'/a': {'oldEmpty': false}}")).isTrue();
  }

  @Test
  void requiresAnArrayForIsArrayTrueAndAnythingElseForIsArrayFalse() {
    writeAndCheck("[[{'/array': [], '/scalar': 1, '/object': {'x': 1}}]]");

    assertThat(appliesUnder("{'/array': {'isArray': true}}")).isTrue();
    assertThat(appliesUnder("{'/scalar': {'isArray': true}}")).isFalse();
    assertThat(appliesUnder("{'/object': {'isArray': false}}")).isTrue();
    assertThat(appliesUnder("{'/absent': {'isArray': false}}")).isTrue();
    assertThat(appliesUnder("{'/array': {'isArray': false}}")).isFalse();
  }

  @Test
  void failsOldEmptyAndIsArrayWithANonBooleanArgument() {
    writeAndCheck("[[{'/array': []}]]");

    assertThat(appliesUnder("{'/absent': {'oldEmpty': 'yes'}}")).isFalse();
    assertThat(appliesUnder("{'/array': {'isArray': 1}}")).isFalse();
  }

  @Test
  void requiresAnArrayContainingTheValueForIn() {
    writeAndCheck("[[{'a': {'b': {'c': [1, 2, 3]}, 'e': [1, 2]}, 'd': 3}]]");

    assertThat(appliesUnder("{'/a/b/c': {'in': 3}}")).isTrue();
    assertThat(appliesUnder("{'/a/e': {'in': 3}}")).isFalse();
    assertThat(appliesUnder("{'/d': {'in': 3}}")).isFalse();
    assertThat(appliesUnder("{'/absent': {'in': 3}}")).isFalse();
  }

  @Test
  void requiresAnAbsentKeyOrAnArrayWithoutTheValueForNotin() {
    writeAndCheck("[[{'/a': [1, 2], '/s': 3}]]");

    assertThat(appliesUnder("{'/a': {'notin': 3}}")).isTrue();
    assertThat(appliesUnder("{'/absent': {'notin': 3}}")).isTrue();
    assertThat(appliesUnder("{'/a': {'notin': 2}}")).isFalse();
    assertThat(appliesUnder("{'/s': {'notin': 4}}")).isFalse();
  }

  @Test
  void requiresNoCommonElementForIntersectionEmpty() {
    writeAndCheck("[[{'/a': [12, 'Pi', 3.14159265359, true, false]}]]");

    assertThat(appliesUnder("{'/a': {'intersectionEmpty': []}}")).isTrue();
    assertThat(appliesUnder("{'/a': {'intersectionEmpty': ['pi', 3.1415926535]}}")).isTrue();
    assertThat(appliesUnder("{'/absent': {'intersectionEmpty': [1]}}")).isTrue();
    assertThat(appliesUnder("{'/a': {'intersectionEmpty': [false, 'Pi']}}")).isFalse();
    assertThat(appliesUnder("{'/a': {'intersectionEmpty': ''}}")).isFalse();
  }

  @Test
  void failsAnUnknownPreconditionOperator() {
    writeAndCheck("[[{'/a': []}]]");

    assertThat(appliesUnder("{'/a': {'instersectionEmpty': []}}")).isFalse();
    assertThat(appliesUnder("{'/a': {'isEmpty': true}}")).isFalse();
  }

  @Test
  void requiresEveryPreconditionOfATransaction() {
    writeAndCheck("[[{'/a': 1, '/b': true}]]");

    assertThat(appliesUnder("{'/a': {'oldEmpty': false}, '/b': {'oldEmpty': true}}")).isFalse();
    assertThat(appliesUnder("{'/a': {'old': 1, 'oldEmpty': false}, '/c': {'oldEmpty': true}}")).isTrue();
    assertThat(appliesUnder("{'/a': {'old': 1, 'oldNot': 1}}")).isFalse();
  }

  @Test
  void holdsForAnEmptyPreconditionObject() {
    assertThat(appliesUnder("{}")).isTrue();
    assertThat(appliesUnder("{'/a': {}}")).isTrue();
  }

  @Test
  void changesNothingForAFailedTransactionAndStillAppliesTheNextOne() {
    writeAndCheck("[[{'/a': 1, '/list': [1]}]]");

    WriteResult result =
        write("[[{'/a': 2, '/list': {'op': 'push', 'new': 2}, '/new': true}, {'/a': 5}], [{'/b': 1}]]");

    assertThat(result.httpStatus()).isEqualTo(412);
    assertThat(result.allApplied()).isFalse();
    assertJson(result.body(), "{'results': [0, 2]}");
    assertJson(read("[['/']]"), "[{'a': 1, 'list': [1], 'b': 1}]");
  }

  @Test
  void answers200WhenEveryTransactionApplies() {
    WriteResult result = write("[[{'/a': 1}, {'/a': {'oldEmpty': true}}], [{'/b': 1}]]");

    assertThat(result.httpStatus()).isEqualTo(200);
    assertThat(result.allApplied()).isTrue();
  }

  @Test
  void answers412WhenAnyPreconditionFails() {
    WriteResult result = write("[[{'/a': 1}, {'/a': {'oldEmpty': false}}], [{'/b': 1}]]");

    assertThat(result.httpStatus()).isEqualTo(412);
    assertJson(result.body(), "{'results': [0, 1]}");
  }

  @Test
  void normalisesPreconditionKeysLikeWriteKeys() {
    writeAndCheck("[[{'/a/b': 1}]]");

    assertThat(appliesUnder("{'a//b/': 1}")).isTrue();
  }
}
