package org.arangosync.minicluster.internal.http;

import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;

/** The one JSON mapper of the mini cluster, and ArangoDB's wording for unparseable JSON. */
public final class Json {

  public static final ObjectMapper MAPPER = JsonMapper.builder()
      .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
      .build();

  public static final JsonNodeFactory NODES = JsonNodeFactory.instance;

  private Json() {}

  public static ObjectNode object() {
    return NODES.objectNode();
  }

  public static ArrayNode array() {
    return NODES.arrayNode();
  }

  /**
   * Parses a request body. Malformed JSON is refused as ArangoDB refuses it: 400 with errorNum 600
   * and a message in the style of its VelocyPack parser.
   */
  public static JsonNode parse(byte[] body) {
    if (body == null || body.length == 0) {
      throw ArangoError.corruptedJson("VPackError error: Expecting digit");
    }
    try {
      JsonNode node = MAPPER.readTree(body);
      if (node == null || node.isMissingNode()) {
        throw ArangoError.corruptedJson("VPackError error: Expecting digit");
      }
      return node;
    } catch (JsonParseException e) {
      throw ArangoError.corruptedJson("VPackError error: " + vpackStyle(e));
    } catch (JsonProcessingException e) {
      throw ArangoError.corruptedJson("VPackError error: " + e.getOriginalMessage());
    } catch (IOException e) {
      throw ArangoError.corruptedJson("VPackError error: " + e.getMessage());
    }
  }

  /** Serialises compactly, as ArangoDB sends JSON. */
  public static byte[] bytes(JsonNode node) {
    try {
      return MAPPER.writeValueAsBytes(node);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("a JsonNode tree always serialises", e);
    }
  }

  private static String vpackStyle(JsonParseException e) {
    String message = e.getOriginalMessage();
    // ArangoDB's parser names what it expected; Jackson words the common cases differently.
    if (message.contains("was expecting double-quote to start field name")) {
      return "Expecting '\"' or '}'";
    }
    if (message.startsWith("Unexpected end-of-input")) {
      return "Unexpected end of input";
    }
    return message;
  }
}
