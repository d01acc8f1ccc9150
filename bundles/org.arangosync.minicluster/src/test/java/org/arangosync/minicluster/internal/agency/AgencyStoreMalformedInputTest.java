package org.arangosync.minicluster.internal.agency;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import org.assertj.core.api.AbstractThrowableAssert;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Requests refused as a whole, before anything is applied. */
class AgencyStoreMalformedInputTest extends AgencyTestSupport {

  private AbstractThrowableAssert<?, ? extends Throwable> assertWriteRefused(String body, int status, int errorNum) {
    return assertThatThrownBy(() -> write(body))
        .isInstanceOfSatisfying(
            AgencyException.class,
            e -> {
              assertThat(e.httpStatus()).isEqualTo(status);
              assertThat(e.errorNum()).isEqualTo(errorNum);
            });
  }

  @Test
  void refusesAWriteBodyThatIsNotAnArray() {
    assertWriteRefused("{'/a': 1}", 400, AgencyException.MALFORMED_TRANSACTION)
        .hasMessage("Expecting array of arrays as body for writes");
  }

  @Test
  void refusesAnEmptyWriteBody() {
    assertWriteRefused("[]", 400, AgencyException.MALFORMED_TRANSACTION).hasMessage("Empty request");
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "[{'/a': 1}]",
        "[[]]",
        "[[{'/a': 1}, {}, 'id', 'extra']]",
        "[['/a']]",
        "[[{'/a': 1}, ['/a']]]",
        "[[{'/a': 1}, {}, 7]]"
      })
  void refusesATransactionThatIsNotOperationsPreconditionsAndClientId(String body) {
    assertWriteRefused(body, 400, AgencyException.MALFORMED_TRANSACTION)
        .hasMessageContaining("transaction #0")
        .hasMessageContaining("Transaction syntax is");
  }

  @Test
  void refusesATransactionWithoutOperations() {
    assertWriteRefused("[[{}]]", 400, AgencyException.MALFORMED_TRANSACTION)
        .hasMessageContaining("at least one operation");
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "{'op': 'frobnicate'}",
        "{'op': 12}",
        "{'op': 'set'}",
        "{'op': 'push'}",
        "{'op': 'prepend'}",
        "{'op': 'erase'}",
        "{'op': 'erase', 'val': 1, 'pos': 0}",
        "{'op': 'erase', 'pos': -1}",
        "{'op': 'erase', 'pos': 1.5}",
        "{'op': 'replace', 'new': 1}",
        "{'op': 'replace', 'val': 1}",
        "{'op': 'set', 'new': 1, 'ttl': 1e12}",
        "{'op': 'read-lock', 'by': 'me'}"
      })
  void refusesAMalformedOperation(String operation) {
    assertWriteRefused("[[{'/x': " + operation + "}]]", 400, AgencyException.MALFORMED_TRANSACTION);
  }

  @Test
  void quotesArangoDbsMessageForAnUnknownOperation() {
    assertWriteRefused("[[{'/x': {'op': 'frobnicate'}}]]", 400, AgencyException.MALFORMED_TRANSACTION)
        .hasMessage("transaction #0: Unknown operation 'frobnicate'");
  }

  @Test
  void appliesNothingOfARequestWithOneMalformedTransaction() {
    assertWriteRefused("[[{'/a': 1}], [{'/b': {'op': 'frobnicate'}}]]", 400, AgencyException.MALFORMED_TRANSACTION)
        .hasMessageContaining("transaction #1");

    assertJson(read("[['/']]"), "[{}]");
    assertThat(store.commitIndex()).isZero();
  }

  @Test
  void refusesCallbackRegistrationsItCannotServe() {
    assertWriteRefused("[[{'/a': {'op': 'observe', 'url': 'http://x/cb'}}]]", 501, AgencyException.NOT_IMPLEMENTED);
    assertWriteRefused("[[{'/a': {'op': 'unobserve', 'url': 'http://x/cb'}}]]", 501, AgencyException.NOT_IMPLEMENTED);
  }

  @ParameterizedTest
  @ValueSource(strings = {"{'q': ['/a']}", "['/a']", "[['/a', 1]]", "[[['/a']]]"})
  void refusesAReadBodyThatIsNotAnArrayOfArraysOfKeys(String body) {
    assertThatThrownBy(() -> read(body))
        .isInstanceOfSatisfying(
            AgencyException.class,
            e -> {
              assertThat(e.httpStatus()).isEqualTo(400);
              assertThat(e.errorNum()).isEqualTo(AgencyException.BAD_PARAMETER);
            });
  }

  @Test
  void refusesAMissingBody() {
    assertThatThrownBy(() -> store.write(null)).isInstanceOf(AgencyException.class);
    assertThatThrownBy(() -> store.read(null)).isInstanceOf(AgencyException.class);
  }

  @Test
  void describesTheRefusalInTheAgencysAndInArangoDbsErrorShape() {
    AgencyException refusal = new AgencyException(400, AgencyException.MALFORMED_TRANSACTION, "Empty request");

    ObjectNode body = refusal.body();

    assertJson(
        body,
        "{'message': 'Empty request', 'error': true, 'code': 400, 'errorNum': 20030, 'errorMessage': 'Empty request'}");
  }
}
