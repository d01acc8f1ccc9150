package org.arangosync.minicluster.internal.agency;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import java.util.List;
import java.util.Map;

/**
 * One entry of a transaction's precondition object: a key and what must hold for it.
 *
 * <p>Semantics of ArangoDB's {@code Store::check} ({@code arangod/Agency/Store.cpp}, 3.7 to 3.11)
 * and the agency test {@code StoreTest precondition}:
 *
 * <ul>
 *   <li>A condition that is not an object is shorthand for {@code {"old": condition}}. An object
 *       is a set of operators that must all hold; an empty object always holds.
 *   <li>{@code old} / {@code oldNot}: the key's value equals / differs from the argument (see
 *       {@link JsonValues#equal}). An absent key compares like an empty object, because
 *       ArangoDB compares against {@code Node::dummyNode()}, an empty inner node; an inner node
 *       compares as the object it reads as.
 *   <li>{@code oldEmpty}: {@code true} requires the key to be absent, {@code false} present (any
 *       value, {@code null} included). {@code isArray}: whether the key holds an array. A
 *       non-boolean argument fails.
 *   <li>{@code in}: the key holds an array containing the argument. {@code notin}: the key is
 *       absent or holds an array without the argument; any other value fails.
 *   <li>{@code intersectionEmpty}: the argument must be an array; the key is absent, holds no
 *       array, or holds an array sharing no element with it.
 *   <li>Any other operator fails, like ArangoDB's "Malformed object-type precondition" branch;
 *       ArangoDB's lock operators ({@code can-read-lock} and the like, used by its hot backup) are
 *       not offered and therefore fail too. There is no {@code isEmpty}, {@code isObject} or
 *       {@code isString} operator in ArangoDB.
 * </ul>
 *
 * <p>Expired keys count as absent; the store purges them before any check.
 */
record Precondition(String key, List<String> path, JsonNode condition) {

  private static final JsonNode ABSENT = JsonNodeFactory.instance.objectNode();

  /** Whether the condition holds in the tree {@code root}. */
  boolean holdsIn(Node root) {
    Node node = root.get(path);
    if (!condition.isObject()) {
      return JsonValues.equal(renderForComparison(node), condition);
    }
    for (Map.Entry<String, JsonNode> operator : condition.properties()) {
      if (!holds(operator.getKey(), operator.getValue(), node)) {
        return false;
      }
    }
    return true;
  }

  private static boolean holds(String operator, JsonNode argument, Node node) {
    boolean found = node != null;
    JsonNode array = found && node.isLeaf() && node.value().isArray() ? node.value() : null;
    switch (operator) {
      case "old":
        return JsonValues.equal(renderForComparison(node), argument);
      case "oldNot":
        return !JsonValues.equal(renderForComparison(node), argument);
      case "oldEmpty":
        return argument.isBoolean() && argument.booleanValue() != found;
      case "isArray":
        return argument.isBoolean() && argument.booleanValue() == (array != null);
      case "in":
        return array != null && JsonValues.contains(array, argument);
      case "notin":
        return !found || (array != null && !JsonValues.contains(array, argument));
      case "intersectionEmpty":
        return argument.isArray() && (array == null || !intersects(array, argument));
      default:
        return false;
    }
  }

  private static boolean intersects(JsonNode left, JsonNode right) {
    for (JsonNode element : left) {
      if (JsonValues.contains(right, element)) {
        return true;
      }
    }
    return false;
  }

  /** The value a key compares as; hidden children are left out as ArangoDB's toBuilder() does. */
  private static JsonNode renderForComparison(Node node) {
    return node == null ? ABSENT : node.render(false);
  }
}
