package org.arangosync.core.internal.sync;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;

/**
 * The JSON helpers of the inventory: one canonical form for embedded definitions (collection
 * properties, index and view definitions) and comparison that ignores fields a server assigns.
 *
 * <p>Canonical form: compact JSON with the fields of every object sorted by name, recursively;
 * array order is kept (it is meaningful, e.g. index fields). Two definitions with equal content
 * have equal canonical strings, whatever order the server reported their fields in, which is what
 * makes {@link Inventory#digest()} stable and the round trip through JSON exact.
 */
final class InventoryJson {

  static final ObjectMapper MAPPER = new ObjectMapper();

  /** Numbers compare by value: a parser may read the same number as int, long or decimal. */
  private static final Comparator<JsonNode> NUMBERS_BY_VALUE = (a, b) -> {
    if (a.isNumber() && b.isNumber()) {
      return a.decimalValue().compareTo(b.decimalValue());
    }
    return a.equals(b) ? 0 : 1;
  };

  private InventoryJson() {}

  /** Parses a definition the store reported; a definition that is not JSON is a store bug. */
  static JsonNode parse(String json, String what) {
    try {
      return MAPPER.readTree(json);
    } catch (IOException e) {
      throw new IllegalArgumentException(what + " is not JSON: " + json, e);
    }
  }

  /** The canonical string of a JSON text (see the class comment). */
  static String canonical(String json, String what) {
    return write(sorted(parse(json, what)));
  }

  /** The canonical string of a tree. */
  static String canonical(JsonNode node) {
    return write(sorted(node));
  }

  static String write(JsonNode node) {
    try {
      return MAPPER.writeValueAsString(node);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** A copy of the tree with object fields sorted by name at every level. */
  static JsonNode sorted(JsonNode node) {
    if (node.isObject()) {
      List<String> names = new ArrayList<>();
      node.fieldNames().forEachRemaining(names::add);
      names.sort(null);
      ObjectNode copy = MAPPER.createObjectNode();
      names.forEach(name -> copy.set(name, sorted(node.get(name))));
      return copy;
    }
    if (node.isArray()) {
      ArrayNode copy = MAPPER.createArrayNode();
      node.forEach(element -> copy.add(sorted(element)));
      return copy;
    }
    return node;
  }

  /** The definition without the given top-level fields (those a server assigns or echoes). */
  static ObjectNode without(String json, Collection<String> serverAssigned, String what) {
    JsonNode node = parse(json, what);
    if (!node.isObject()) {
      throw new IllegalArgumentException(what + " is not a JSON object: " + json);
    }
    ObjectNode copy = ((ObjectNode) node).deepCopy();
    copy.remove(serverAssigned);
    return copy;
  }

  /** Equal content, numbers compared by value; null and missing are different. */
  static boolean same(JsonNode a, JsonNode b) {
    if (a == null || b == null) {
      return a == b;
    }
    return a.equals(NUMBERS_BY_VALUE, b);
  }
}
