package org.arangosync.minicluster.internal.agency;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.LongNode;
import java.time.Instant;

/**
 * What one operation of a write transaction does to the node at its key.
 *
 * <p>The semantics are those of ArangoDB's {@code Node::handle<...>} specialisations
 * ({@code arangod/Agency/Node.cpp}, 3.7 to 3.11) and of the agency tests ({@code op_push},
 * {@code op_pop}, {@code op_shift}, {@code op_prepend}, {@code op_erase}, {@code op_replace},
 * {@code op_increment}, {@code op_decrement}, {@code not_create}, {@code operators_on_root_node}):
 *
 * <ul>
 *   <li>Every operation that writes a value replaces the node, and with it any time to live the
 *       node had; only {@code set} with {@code ttl} gives the new node one ({@code Node::operator=}
 *       calls {@code removeTimeToLive}).
 *   <li>Array operations on something that is not an array treat it as absent: {@code push} and
 *       {@code prepend} start a new array, {@code pop}, {@code shift}, {@code erase} and
 *       {@code replace} leave an empty array.
 *   <li>{@code delete}, {@code erase} and {@code replace} on an absent key do nothing and create
 *       nothing ({@code Store::applies} skips them).
 * </ul>
 */
sealed interface Operation {

  JsonNodeFactory JSON = JsonNodeFactory.instance;

  /**
   * The node that replaces {@code current} ({@code null} if absent), or {@code null} to remove
   * it.
   *
   * @throws OperationFailedException when the operation cannot be applied to this state; the
   *     whole transaction is then dropped
   */
  Node apply(Node current, Instant now) throws OperationFailedException;

  /** Whether the operation is skipped, creating nothing, when its key does not exist. */
  default boolean skipsAbsentKey() {
    return false;
  }

  /** The array held by {@code current}, or {@code null} if it holds none. */
  private static ArrayNode arrayOf(Node current) {
    if (current != null && current.isLeaf() && current.value().isArray()) {
      return (ArrayNode) current.value();
    }
    return null;
  }

  /** A key with a plain value instead of an operation object: the value replaces the node. */
  record Assign(JsonNode value) implements Operation {
    @Override
    public Node apply(Node current, Instant now) {
      return Node.fromJson(value);
    }
  }

  /** {@code {"op":"set","new":v,"ttl":s}}; {@code ttlSeconds} is {@code null} without a TTL. */
  record Set(JsonNode value, Long ttlSeconds) implements Operation {
    @Override
    public Node apply(Node current, Instant now) {
      Node replacement = Node.fromJson(value);
      return ttlSeconds == null ? replacement : replacement.withExpiry(now.plusSeconds(ttlSeconds));
    }
  }

  /** {@code {"op":"delete"}}; deleting the root empties the store. */
  record Delete() implements Operation {
    @Override
    public Node apply(Node current, Instant now) {
      return null;
    }

    @Override
    public boolean skipsAbsentKey() {
      return true;
    }
  }

  /**
   * {@code increment} and {@code decrement} by {@code step}: anything that is not a number counts
   * as 0 ({@code getNumberUnlessExpiredWithDefault}), fractions are truncated, the result is an
   * integer. 64-bit overflow wraps around, as in ArangoDB's {@code int64_t} arithmetic.
   */
  record Add(long step, boolean subtract) implements Operation {
    @Override
    public Node apply(Node current, Instant now) {
      long before = current != null && current.isLeaf() ? JsonValues.toLong(current.value(), 0) : 0;
      return Node.leaf(LongNode.valueOf(subtract ? before - step : before + step));
    }
  }

  /** {@code {"op":"push","new":v}}: appends to the array, or starts {@code [v]}. */
  record Push(JsonNode element) implements Operation {
    @Override
    public Node apply(Node current, Instant now) {
      ArrayNode old = arrayOf(current);
      ArrayNode array = old == null ? JSON.arrayNode() : old.deepCopy();
      array.add(element.deepCopy());
      return Node.leaf(array);
    }
  }

  /** {@code {"op":"prepend","new":v}}: inserts at the front, or starts {@code [v]}. */
  record Prepend(JsonNode element) implements Operation {
    @Override
    public Node apply(Node current, Instant now) {
      ArrayNode old = arrayOf(current);
      ArrayNode array = old == null ? JSON.arrayNode() : old.deepCopy();
      array.insert(0, element.deepCopy());
      return Node.leaf(array);
    }
  }

  /** {@code {"op":"pop"}}: drops the last element. */
  record Pop() implements Operation {
    @Override
    public Node apply(Node current, Instant now) {
      ArrayNode old = arrayOf(current);
      ArrayNode array = old == null ? JSON.arrayNode() : old.deepCopy();
      if (!array.isEmpty()) {
        array.remove(array.size() - 1);
      }
      return Node.leaf(array);
    }
  }

  /** {@code {"op":"shift"}}: drops the first element. */
  record Shift() implements Operation {
    @Override
    public Node apply(Node current, Instant now) {
      ArrayNode old = arrayOf(current);
      ArrayNode array = old == null ? JSON.arrayNode() : old.deepCopy();
      if (!array.isEmpty()) {
        array.remove(0);
      }
      return Node.leaf(array);
    }
  }

  /** {@code {"op":"erase","val":v}}: removes every element equal to {@code v}. */
  record EraseValue(JsonNode element) implements Operation {
    @Override
    public Node apply(Node current, Instant now) {
      ArrayNode old = arrayOf(current);
      ArrayNode array = JSON.arrayNode();
      if (old != null) {
        for (JsonNode candidate : old) {
          if (!JsonValues.equal(candidate, element)) {
            array.add(candidate.deepCopy());
          }
        }
      }
      return Node.leaf(array);
    }

    @Override
    public boolean skipsAbsentKey() {
      return true;
    }
  }

  /**
   * {@code {"op":"erase","pos":n}}: removes the element at position {@code n}; a position past
   * the end fails the transaction ("Erase with position out of range").
   */
  record EraseAt(long position) implements Operation {
    @Override
    public Node apply(Node current, Instant now) throws OperationFailedException {
      ArrayNode old = arrayOf(current);
      if (old == null) {
        return Node.leaf(JSON.arrayNode());
      }
      if (position >= old.size()) {
        throw new OperationFailedException(
            "Erase with position out of range: " + position + " in an array of " + old.size());
      }
      ArrayNode array = old.deepCopy();
      array.remove((int) position);
      return Node.leaf(array);
    }

    @Override
    public boolean skipsAbsentKey() {
      return true;
    }
  }

  /** {@code {"op":"replace","val":v,"new":w}}: replaces every element equal to {@code v}. */
  record Replace(JsonNode element, JsonNode replacement) implements Operation {
    @Override
    public Node apply(Node current, Instant now) {
      ArrayNode old = arrayOf(current);
      ArrayNode array = JSON.arrayNode();
      if (old != null) {
        for (JsonNode candidate : old) {
          boolean match = JsonValues.equal(candidate, element);
          array.add(match ? replacement.deepCopy() : candidate.deepCopy());
        }
      }
      return Node.leaf(array);
    }

    @Override
    public boolean skipsAbsentKey() {
      return true;
    }
  }
}
