package org.arangosync.minicluster.internal.agency;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;

/** Reads, checked against the examples of ArangoDB's agency HTTP documentation. */
class AgencyStoreReadTest extends AgencyTestSupport {

  private void writeDocumentationExample() {
    writeAndCheck("[[{'a': {'b': {'c': [1, 2, 3]}, 'e': 12}, 'd': false}]]");
  }

  @Test
  void readsAValueNestedFromTheRoot() {
    writeAndCheck("[[{'/arangodb/arangosync/leader': 'master-1'}]]");

    assertJson(read("[['/arangodb/arangosync/leader']]"), "[{'arangodb': {'arangosync': {'leader': 'master-1'}}}]");
  }

  @Test
  void readsASubtreeWithEverythingBelowIt() {
    writeDocumentationExample();

    assertJson(read("[['/a/b']]"), "[{'a': {'b': {'c': [1, 2, 3]}}}]");
    assertJson(read("[['/a/b/c']]"), "[{'a': {'b': {'c': [1, 2, 3]}}}]");
  }

  @Test
  void readsTheWholeStoreAtTheRoot() {
    writeDocumentationExample();

    assertJson(read("[['/']]"), "[{'a': {'b': {'c': [1, 2, 3]}, 'e': 12}, 'd': false}]");
  }

  @Test
  void mergesTheKeysOfOneQueryIntoOneAnswer() {
    writeDocumentationExample();

    assertJson(read("[['/d', '/a/b']]"), "[{'a': {'b': {'c': [1, 2, 3]}}, 'd': false}]");
  }

  @Test
  void answersEveryQueryOfAReadSeparately() {
    writeDocumentationExample();

    assertJson(read("[['/a/e'], ['/d', '/a/b']]"), "[{'a': {'e': 12}}, {'a': {'b': {'c': [1, 2, 3]}}, 'd': false}]");
  }

  @Test
  void answersAnEmptyObjectForAKeyThatDoesNotExist() {
    assertJson(read("[['/arango/Plan']]"), "[{}]");
  }

  @Test
  void showsTheExistingPartOfTheMissingKeysPath() {
    writeDocumentationExample();

    assertJson(
        read("[['/a/b/c'], ['/a/b/d'], ['/a/x/y'], ['/y'], ['/a/b', '/a/x'], ['/a/b/d', '/d']]"),
        "[{'a': {'b': {'c': [1, 2, 3]}}}, {'a': {'b': {}}}, {'a': {}}, {}, "
            + "{'a': {'b': {'c': [1, 2, 3]}}}, {'a': {'b': {}}, 'd': false}]");
  }

  @Test
  void letsAPresentValueWinOverTheMarkerOfAMissingKeyBelowIt() {
    writeDocumentationExample();

    assertJson(read("[['/d/x', '/d']]"), "[{'d': false}]");
  }

  @Test
  void readsKeysRegardlessOfLeadingTrailingAndRepeatedSlashes() {
    writeAndCheck("[[{'//a///b/': 1}]]");

    assertJson(read("[['a/b'], ['/a//b//'], ['a']]"), "[{'a': {'b': 1}}, {'a': {'b': 1}}, {'a': {'b': 1}}]");
  }

  @Test
  void answersAnEmptyQueryWithAnEmptyObjectAndAnEmptyBodyWithNoAnswers() {
    writeDocumentationExample();

    assertJson(read("[[]]"), "[{}]");
    assertJson(read("[]"), "[]");
  }

  @Test
  void hidesKeysStartingWithADotUnlessTheQueryNamesOne() {
    writeAndCheck("[[{'/a/.hidden': 1, '/a/shown': 2}]]");

    assertJson(read("[['/a']]"), "[{'a': {'shown': 2}}]");
    assertJson(read("[['/a', '/a/.hidden']]"), "[{'a': {'shown': 2, '.hidden': 1}}]");
  }

  @Test
  void returnsAnswersThatCannotBeUsedToChangeTheStore() {
    writeAndCheck("[[{'/a': {'b': [1, 2]}}]]");

    ArrayNode answer = store.read(json("[['/a']]"));
    ObjectNode a = (ObjectNode) answer.get(0).get("a");
    ((ArrayNode) a.get("b")).add(3);
    a.put("c", true);

    assertJson(read("[['/a']]"), "[{'a': {'b': [1, 2]}}]");
  }

  @Test
  void readsTheRootEvenWhenItHoldsAValue() {
    writeAndCheck("[[{'/': [1, 2, 3]}]]");

    JsonNode answer = read("[['/']]");

    assertJson(answer, "[[1, 2, 3]]");
    assertThat(answer.get(0).isArray()).isTrue();
  }
}
