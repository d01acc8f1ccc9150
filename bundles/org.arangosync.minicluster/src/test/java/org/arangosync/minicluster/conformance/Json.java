package org.arangosync.minicluster.conformance;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeType;
import java.util.Optional;

/**
 * The one JSON configuration of the conformance harness.
 *
 * <p>Strict on purpose: a body ArangoDB would reject (unquoted names, trailing garbage) must not be
 * read as valid JSON here, or the harness would hide exactly the differences it is meant to show.
 */
final class Json {

  static final ObjectMapper MAPPER = new ObjectMapper()
      .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
      // Exact decimals: a value is compared as ArangoDB wrote it, not as a rounded double.
      .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS);

  private Json() {}

  /** Parses one JSON value, or returns empty when the text is not exactly one JSON value. */
  static Optional<JsonNode> tryParse(String text) {
    try {
      return Optional.of(MAPPER.readTree(text)).filter(node -> !node.isMissingNode());
    } catch (JsonProcessingException notJson) {
      return Optional.empty();
    }
  }

  /** The JSON type name used in difference reports: object, array, string, number, boolean or null. */
  static String typeName(JsonNode node) {
    JsonNodeType type = node.getNodeType();
    return switch (type) {
      case OBJECT, POJO -> "object";
      case ARRAY -> "array";
      case STRING, BINARY -> "string";
      case NUMBER -> "number";
      case BOOLEAN -> "boolean";
      case NULL, MISSING -> "null";
    };
  }

  /** Compact rendering of a value for reports. */
  static String render(JsonNode node) {
    String compact = node.toString();
    return compact.length() <= 120 ? compact : compact.substring(0, 117) + "...";
  }
}
