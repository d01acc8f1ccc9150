package org.arangosync.minicluster.internal.agency;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Map;

/** JSON comparisons and conversions with the meaning the agency gives them. */
final class JsonValues {

  private JsonValues() {}

  /**
   * Whether two JSON values are equal as the agency compares them: numbers by numeric value
   * ({@code 2} equals {@code 2.0}), objects regardless of attribute order, arrays element by
   * element in order. ArangoDB compares preconditions with {@code VPackNormalizedCompare} and
   * array elements ({@code in}, {@code erase}, {@code replace}) with
   * {@code VelocyPackHelper::equal}; both normalise numbers, and the agency tests
   * ({@code StoreTest precondition}: "Permute order of keys and objects within precondition")
   * require object attribute order not to matter while array order does.
   */
  static boolean equal(JsonNode left, JsonNode right) {
    if (left.isNumber() && right.isNumber()) {
      return left.decimalValue().compareTo(right.decimalValue()) == 0;
    }
    if (left.getNodeType() != right.getNodeType()) {
      return false;
    }
    if (left.isArray()) {
      if (left.size() != right.size()) {
        return false;
      }
      for (int i = 0; i < left.size(); i++) {
        if (!equal(left.get(i), right.get(i))) {
          return false;
        }
      }
      return true;
    }
    if (left.isObject()) {
      if (left.size() != right.size()) {
        return false;
      }
      for (Map.Entry<String, JsonNode> field : left.properties()) {
        JsonNode other = right.get(field.getKey());
        if (other == null || !equal(field.getValue(), other)) {
          return false;
        }
      }
      return true;
    }
    return left.equals(right);
  }

  /** Whether {@code array} holds an element equal to {@code value}. */
  static boolean contains(JsonNode array, JsonNode value) {
    for (JsonNode element : array) {
      if (equal(element, value)) {
        return true;
      }
    }
    return false;
  }

  /**
   * {@code value} as a 64-bit integer, or {@code fallback} when it is not a number that fits.
   * Fractions are truncated towards zero, as VelocyPack's {@code getNumber<int64_t>} does.
   */
  static long toLong(JsonNode value, long fallback) {
    if (value != null && value.isNumber() && value.canConvertToLong()) {
      return value.longValue();
    }
    return fallback;
  }
}
