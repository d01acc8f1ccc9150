package org.arangosync.minicluster.internal.agency;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * One parsed write transaction: {@code [operations, preconditions?, clientId?]}.
 *
 * <p>{@link #parseAll} checks the whole request before anything is applied, so a malformed
 * request changes nothing. ArangoDB is less strict in places: for an unknown operation or a
 * {@code set} without {@code new} it answers 200 with result 0 for that transaction
 * ({@code UNKNOWN_ERROR} in {@code Store::applyTransactions}), and it may already have applied
 * earlier transactions of the request when it meets a malformed one. This agent answers such a
 * request with 400 and applies none of it; a well-formed request behaves as in ArangoDB.
 *
 * @param operations the operations in the order ArangoDB applies them: sorted by normalised key
 *     ({@code Store::applies}), so {@code {"/a/b": 1, "/a": {"op": "delete"}}} first deletes
 *     {@code /a}, then sets {@code /a/b}
 * @param forbidden whether the transaction writes below {@code /.agency}, the agency's own
 *     configuration, which ArangoDB refuses to ordinary clients with 403 (agency tests
 *     {@code hidden_agency_write*}; {@code RECONFIGURE} check in {@code Store::applyTransactions})
 */
record Transaction(
    List<KeyedOperation> operations, List<Precondition> preconditions, boolean forbidden) {

  static final String SYNTAX =
      "Transaction syntax is [{<operations>}, {<preconditions>}, \"clientId\"]";

  /** An operation and the key it applies to. */
  record KeyedOperation(String key, List<String> path, Operation operation) {}

  /** Whether every precondition holds in {@code root}. */
  boolean preconditionsHold(Node root) {
    for (Precondition precondition : preconditions) {
      if (!precondition.holdsIn(root)) {
        return false;
      }
    }
    return true;
  }

  /**
   * The tree after applying every operation to {@code root}.
   *
   * @throws OperationFailedException if one operation cannot be applied; nothing of the
   *     transaction is then kept, since {@code root} itself is never modified
   */
  Node applyTo(Node root, Instant now) throws OperationFailedException {
    Node tree = root;
    for (KeyedOperation keyed : operations) {
      Operation operation = keyed.operation();
      if (operation.skipsAbsentKey() && tree.get(keyed.path()) == null) {
        continue;
      }
      tree = tree.update(keyed.path(), current -> operation.apply(current, now));
    }
    return tree;
  }

  /**
   * Parses and checks a write body.
   *
   * @throws AgencyException 400 if the body is not an array of well-formed transactions, 501 for
   *     {@code observe}/{@code unobserve}, which need callbacks this agent does not send
   */
  static List<Transaction> parseAll(JsonNode body) {
    if (body == null || !body.isArray()) {
      throw malformed("Expecting array of arrays as body for writes");
    }
    if (body.isEmpty()) {
      throw malformed("Empty request");
    }
    List<Transaction> transactions = new ArrayList<>(body.size());
    for (int i = 0; i < body.size(); i++) {
      transactions.add(parse(body.get(i), i));
    }
    return transactions;
  }

  private static Transaction parse(JsonNode transaction, int index) {
    if (!transaction.isArray() || transaction.isEmpty() || transaction.size() > 3) {
      throw malformed(at(index, SYNTAX));
    }
    JsonNode operations = transaction.get(0);
    if (!operations.isObject()) {
      throw malformed(at(index, SYNTAX));
    }
    if (operations.isEmpty()) {
      throw malformed(at(index, "a transaction needs at least one operation"));
    }
    JsonNode preconditions = transaction.size() > 1 ? transaction.get(1) : null;
    if (preconditions != null && !preconditions.isObject()) {
      throw malformed(at(index, SYNTAX));
    }
    if (transaction.size() > 2 && !transaction.get(2).isTextual()) {
      throw malformed(at(index, SYNTAX + " (the client id must be a string)"));
    }

    List<KeyedOperation> keyed = new ArrayList<>(operations.size());
    boolean forbidden = false;
    for (Map.Entry<String, JsonNode> field : operations.properties()) {
      String key = AgencyPath.normalize(field.getKey());
      forbidden |= key.startsWith("/.agency");
      keyed.add(
          new KeyedOperation(key, AgencyPath.split(key), parseOperation(field.getValue(), index)));
    }
    keyed.sort((a, b) -> AgencyPath.KEY_ORDER.compare(a.key(), b.key()));

    List<Precondition> checks = new ArrayList<>();
    if (preconditions != null) {
      for (Map.Entry<String, JsonNode> condition : preconditions.properties()) {
        checks.add(
            new Precondition(
                condition.getKey(),
                AgencyPath.split(condition.getKey()),
                condition.getValue().deepCopy()));
      }
    }
    return new Transaction(List.copyOf(keyed), List.copyOf(checks), forbidden);
  }

  /**
   * An operation value: an object with {@code op} is an operation (ArangoDB tests for the
   * {@code op} attribute only), anything else, objects without {@code op} included, is a value
   * that replaces the node. Messages quote ArangoDB's ({@code Node.cpp}) where it has one.
   */
  private static Operation parseOperation(JsonNode spec, int index) {
    if (!spec.isObject() || !spec.has("op")) {
      return new Operation.Assign(spec.deepCopy());
    }
    JsonNode op = spec.get("op");
    if (!op.isTextual()) {
      throw malformed(at(index, "Keyword 'op' needs a string naming the operation: " + spec));
    }
    switch (op.textValue()) {
      case "set":
        return new Operation.Set(
            required(spec, "new", "Operator set without new value: ", index), ttlOf(spec, index));
      case "delete":
        return new Operation.Delete();
      case "increment":
        return new Operation.Add(JsonValues.toLong(spec.get("step"), 1), false);
      case "decrement":
        return new Operation.Add(JsonValues.toLong(spec.get("step"), 1), true);
      case "push":
        return new Operation.Push(
            required(spec, "new", "Operator push without new value: ", index));
      case "prepend":
        return new Operation.Prepend(
            required(spec, "new", "Operator prepend without new value: ", index));
      case "pop":
        return new Operation.Pop();
      case "shift":
        return new Operation.Shift();
      case "erase":
        return parseErase(spec, index);
      case "replace":
        return new Operation.Replace(
            required(spec, "val", "Operator erase without value to be erased: ", index),
            required(spec, "new", "Operator replace without new value: ", index));
      case "observe":
      case "unobserve":
        throw new AgencyException(
            501,
            AgencyException.NOT_IMPLEMENTED,
            at(
                index,
                "Operation '" + op.textValue() + "' is not offered by this agent:"
                    + " it sends no callbacks"));
      default:
        throw malformed(at(index, "Unknown operation '" + op.textValue() + "'"));
    }
  }

  private static Operation parseErase(JsonNode spec, int index) {
    boolean hasValue = spec.has("val");
    boolean hasPosition = spec.has("pos");
    if (hasValue == hasPosition) {
      throw malformed(
          at(index, "Erase without value or position to be erased is illegal: " + spec));
    }
    if (hasValue) {
      return new Operation.EraseValue(spec.get("val").deepCopy());
    }
    JsonNode position = spec.get("pos");
    if (!position.isIntegralNumber() || !position.canConvertToLong() || position.longValue() < 0) {
      throw malformed(at(index, "Erase with non-positive integer position is illegal: " + spec));
    }
    return new Operation.EraseAt(position.longValue());
  }

  /**
   * The time to live in whole seconds: ArangoDB multiplies {@code static_cast<long>(ttl)} by 1000,
   * so fractions are cut off, and ignores a {@code ttl} that is not a number ({@code handle<SET>}
   * logs "Non-number value assigned to ttl" and sets no TTL). A TTL beyond the 32-bit range, which
   * ArangoDB reads with {@code getNumber<int>()} and cannot convert, is refused.
   */
  private static Long ttlOf(JsonNode spec, int index) {
    JsonNode ttl = spec.get("ttl");
    if (ttl == null || !ttl.isNumber()) {
      return null;
    }
    double seconds = ttl.doubleValue();
    if (seconds > Integer.MAX_VALUE || seconds < Integer.MIN_VALUE) {
      throw malformed(at(index, "ttl out of range: " + ttl));
    }
    return (long) seconds;
  }

  private static JsonNode required(JsonNode spec, String attribute, String message, int index) {
    JsonNode value = spec.get(attribute);
    if (value == null) {
      throw malformed(at(index, message + spec));
    }
    return value.deepCopy();
  }

  private static String at(int index, String message) {
    return "transaction #" + index + ": " + message;
  }

  private static AgencyException malformed(String message) {
    return new AgencyException(400, AgencyException.MALFORMED_TRANSACTION, message);
  }
}
