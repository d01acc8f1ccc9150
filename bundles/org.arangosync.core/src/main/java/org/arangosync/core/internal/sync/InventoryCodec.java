package org.arangosync.core.internal.sync;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.arangosync.api.spi.store.CollectionInfo;

/**
 * The wire form of an {@link Inventory}, self-describing so that the other datacenter (maybe a
 * different arangosync version) can read it:
 *
 * <pre>{@code
 * {"version":1,"databases":[{"name":"db1",
 *   "collections":[{"database":"db1","name":"c","id":"..","globallyUniqueId":"..","type":2,"system":false,
 *                   "numberOfShards":3,"shardKeys":["_key"],"properties":{..},"indexes":[{..}]}],
 *   "views":[{..}]}]}
 * }</pre>
 *
 * <p>Properties, indexes and views are embedded as JSON objects (not strings), in canonical form,
 * so the encoding of an inventory is a function of its content. Decoding ignores fields it does not
 * know (a compatible addition of the same version) but refuses a newer version: its meaning may
 * have changed, and applying a misread structure to a target would destroy data.
 */
final class InventoryCodec {

  /** The version this code writes and the newest it reads. */
  static final int VERSION = 1;

  private InventoryCodec() {}

  static byte[] encode(Inventory inventory) {
    ObjectNode root = InventoryJson.MAPPER.createObjectNode();
    root.put("version", VERSION);
    ArrayNode databases = root.putArray("databases");
    for (Inventory.Database database : inventory.databases()) {
      ObjectNode entry = databases.addObject();
      entry.put("name", database.name());
      ArrayNode collections = entry.putArray("collections");
      database.collections().forEach(collection -> collections.add(encode(collection)));
      ArrayNode views = entry.putArray("views");
      database.views().forEach(view -> views.add(InventoryJson.parse(view, "a view")));
    }
    try {
      return InventoryJson.MAPPER.writeValueAsBytes(root);
    } catch (IOException e) {
      throw new IllegalStateException("an inventory tree always serialises", e);
    }
  }

  private static ObjectNode encode(CollectionInfo collection) {
    ObjectNode entry = InventoryJson.MAPPER.createObjectNode();
    entry.put("database", collection.database());
    entry.put("name", collection.name());
    entry.put("id", collection.id());
    entry.put("globallyUniqueId", collection.globallyUniqueId());
    entry.put("type", collection.type());
    entry.put("system", collection.system());
    entry.put("numberOfShards", collection.numberOfShards());
    ArrayNode shardKeys = entry.putArray("shardKeys");
    collection.shardKeys().forEach(shardKeys::add);
    entry.set("properties", InventoryJson.parse(collection.properties(), "collection properties"));
    ArrayNode indexes = entry.putArray("indexes");
    collection.indexes().forEach(index -> indexes.add(InventoryJson.parse(index, "an index")));
    return entry;
  }

  static Inventory decode(byte[] json) {
    JsonNode root;
    try {
      root = InventoryJson.MAPPER.readTree(json);
    } catch (IOException e) {
      throw new IllegalArgumentException("an inventory must be JSON: " + e.getMessage(), e);
    }
    if (root == null || !root.isObject()) {
      throw new IllegalArgumentException("an inventory must be a JSON object");
    }
    JsonNode version = root.get("version");
    if (version == null || !version.isIntegralNumber() || !version.canConvertToInt()) {
      throw new IllegalArgumentException("an inventory needs an integer \"version\"");
    }
    if (version.asInt() > VERSION) {
      throw new IllegalArgumentException("inventory version " + version.asInt() + " is newer than this arangosync reads (up to "
          + VERSION + "): upgrade arangosync in this datacenter");
    }
    if (version.asInt() < 1) {
      throw new IllegalArgumentException("invalid inventory version " + version.asInt());
    }
    List<Inventory.Database> databases = new ArrayList<>();
    for (JsonNode database : array(root, "databases", "the inventory")) {
      String name = text(database, "name", "a database");
      List<CollectionInfo> collections = new ArrayList<>();
      for (JsonNode collection : array(database, "collections", "database " + name)) {
        collections.add(decodeCollection(collection, name));
      }
      List<String> views = new ArrayList<>();
      for (JsonNode view : array(database, "views", "database " + name)) {
        views.add(InventoryJson.write(view));
      }
      databases.add(new Inventory.Database(name, collections, views));
    }
    return new Inventory(databases);
  }

  private static CollectionInfo decodeCollection(JsonNode collection, String database) {
    String name = text(collection, "name", "a collection of database " + database);
    String what = "collection " + database + "/" + name;
    List<String> shardKeys = new ArrayList<>();
    array(collection, "shardKeys", what).forEach(key -> shardKeys.add(key.asText()));
    List<String> indexes = new ArrayList<>();
    array(collection, "indexes", what).forEach(index -> indexes.add(InventoryJson.write(index)));
    JsonNode properties = collection.get("properties");
    if (properties == null || !properties.isObject()) {
      throw new IllegalArgumentException(what + " has no \"properties\" object");
    }
    return new CollectionInfo(text(collection, "database", what), name, text(collection, "id", what),
        text(collection, "globallyUniqueId", what), integer(collection, "type", what), collection.path("system").asBoolean(false),
        integer(collection, "numberOfShards", what), shardKeys, InventoryJson.write(properties), indexes);
  }

  private static JsonNode array(JsonNode parent, String field, String what) {
    JsonNode value = parent.get(field);
    if (value == null || !value.isArray()) {
      throw new IllegalArgumentException(what + " has no \"" + field + "\" array");
    }
    return value;
  }

  private static String text(JsonNode parent, String field, String what) {
    JsonNode value = parent.get(field);
    if (value == null || !value.isTextual()) {
      throw new IllegalArgumentException(what + " has no \"" + field + "\" string");
    }
    return value.asText();
  }

  private static int integer(JsonNode parent, String field, String what) {
    JsonNode value = parent.get(field);
    if (value == null || !value.isIntegralNumber() || !value.canConvertToInt()) {
      throw new IllegalArgumentException(what + " has no integer \"" + field + "\"");
    }
    return value.asInt();
  }
}
