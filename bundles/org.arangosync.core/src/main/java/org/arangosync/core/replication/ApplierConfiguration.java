package org.arangosync.core.replication;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The configuration of one replication applier, with ArangoDB's options, defaults (3.11) and
 * JSON: {@code GET /_api/replication/applier-config} shows it without the password, and
 * {@code PUT} merges the given fields into it.
 *
 * <p>Immutable. Invariant: every option has a value of its declared type within its range;
 * {@link #merge} refuses a body that would break that (errorNum 1410) and changes nothing then.
 */
public final class ApplierConfiguration {

  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

  /** The JSON types options have. */
  private enum Kind { SECONDS, COUNT, BOOLEAN, TEXT, TEXT_LIST }

  private record Option(String name, Kind kind, JsonNode defaultValue) {}

  /** Options in ArangoDB's order (the order {@code applier-config} prints them in). */
  private static final List<Option> OPTIONS = List.of(
      new Option("requestTimeout", Kind.SECONDS, NODES.numberNode(600)),
      new Option("connectTimeout", Kind.SECONDS, NODES.numberNode(10)),
      new Option("ignoreErrors", Kind.COUNT, NODES.numberNode(0)),
      new Option("maxConnectRetries", Kind.COUNT, NODES.numberNode(100)),
      new Option("lockTimeoutRetries", Kind.COUNT, NODES.numberNode(0)),
      new Option("sslProtocol", Kind.COUNT, NODES.numberNode(0)),
      new Option("chunkSize", Kind.COUNT, NODES.numberNode(0)),
      new Option("skipCreateDrop", Kind.BOOLEAN, NODES.booleanNode(false)),
      new Option("autoStart", Kind.BOOLEAN, NODES.booleanNode(false)),
      new Option("adaptivePolling", Kind.BOOLEAN, NODES.booleanNode(true)),
      new Option("autoResync", Kind.BOOLEAN, NODES.booleanNode(false)),
      new Option("autoResyncRetries", Kind.COUNT, NODES.numberNode(2)),
      new Option("maxPacketSize", Kind.COUNT, NODES.numberNode(536870912)),
      new Option("includeSystem", Kind.BOOLEAN, NODES.booleanNode(true)),
      new Option("includeFoxxQueues", Kind.BOOLEAN, NODES.booleanNode(false)),
      new Option("requireFromPresent", Kind.BOOLEAN, NODES.booleanNode(true)),
      new Option("verbose", Kind.BOOLEAN, NODES.booleanNode(false)),
      new Option("incremental", Kind.BOOLEAN, NODES.booleanNode(false)),
      new Option("restrictType", Kind.TEXT, NODES.textNode("")),
      new Option("restrictCollections", Kind.TEXT_LIST, NODES.arrayNode()),
      new Option("connectionRetryWaitTime", Kind.SECONDS, NODES.numberNode(15)),
      new Option("initialSyncMaxWaitTime", Kind.SECONDS, NODES.numberNode(300)),
      new Option("idleMinWaitTime", Kind.SECONDS, NODES.numberNode(1)),
      new Option("idleMaxWaitTime", Kind.SECONDS, NODES.numberNode(2.5)));

  /** The default chunk size when {@code chunkSize} is 0, as ArangoDB's applier uses. */
  public static final long DEFAULT_CHUNK_SIZE = 6L * 1024 * 1024;

  private final String endpoint;
  private final String database;
  private final String username;
  private final String password;
  private final String jwtSecret;
  private final Map<String, JsonNode> values;

  private ApplierConfiguration(String endpoint, String database, String username, String password, String jwtSecret,
      Map<String, JsonNode> values) {
    this.endpoint = endpoint;
    this.database = database;
    this.username = username;
    this.password = password;
    this.jwtSecret = jwtSecret;
    this.values = values;
  }

  /** ArangoDB's defaults, no endpoint yet. */
  public static ApplierConfiguration defaults() {
    Map<String, JsonNode> values = new LinkedHashMap<>();
    OPTIONS.forEach(option -> values.put(option.name(), option.defaultValue().deepCopy()));
    return new ApplierConfiguration(null, null, null, null, null, values);
  }

  /**
   * This configuration with the fields of {@code body} applied, as {@code PUT applier-config}
   * does. Unknown fields are ignored, as ArangoDB ignores them.
   *
   * @param defaultDatabase the database when neither the body nor this configuration names one
   * @throws ReplicationError 400/1410 naming the first field that is wrong; nothing changes then
   */
  public ApplierConfiguration merge(JsonNode body, String defaultDatabase) {
    if (body == null || !body.isObject()) {
      throw invalid("the applier configuration must be a JSON object");
    }
    Map<String, JsonNode> merged = new LinkedHashMap<>(values);
    for (Option option : OPTIONS) {
      JsonNode value = body.get(option.name());
      if (value != null && !value.isNull()) {
        merged.put(option.name(), checked(option, value));
      }
    }
    String newEndpoint = text(body, "endpoint", endpoint);
    if (newEndpoint == null || newEndpoint.isBlank()) {
      throw invalid("no endpoint configured: set 'endpoint' to the leader, e.g. tcp://10.0.0.1:8529");
    }
    requireEndpoint(newEndpoint.strip());
    String newDatabase = text(body, "database", database != null ? database : defaultDatabase);
    String newUser = text(body, "username", username);
    String newPassword = text(body, "password", password);
    String newJwt = text(body, "jwt", jwtSecret);
    String restrictType = merged.get("restrictType").asText();
    if (!List.of("", "include", "exclude").contains(restrictType)) {
      throw invalid("invalid value for 'restrictType': '" + restrictType + "'; use \"\", \"include\" or \"exclude\"");
    }
    if (restrictType.isEmpty() != merged.get("restrictCollections").isEmpty()) {
      throw invalid("'restrictType' and 'restrictCollections' go together: name the collections and whether to include or exclude them");
    }
    if (seconds(merged, "idleMinWaitTime") > seconds(merged, "idleMaxWaitTime")) {
      throw invalid("'idleMinWaitTime' must not be larger than 'idleMaxWaitTime'");
    }
    return new ApplierConfiguration(newEndpoint.strip(), newDatabase, newUser, newPassword, newJwt, merged);
  }

  /** ArangoDB's endpoint forms, with a host and a port: tcp://, ssl://, http://, https://. */
  private static void requireEndpoint(String endpoint) {
    java.net.URI uri;
    try {
      uri = new java.net.URI(endpoint);
    } catch (java.net.URISyntaxException e) {
      throw invalid("invalid value for 'endpoint': '" + endpoint + "' is not a URL");
    }
    String scheme = uri.getScheme() == null ? "" : uri.getScheme();
    if (!List.of("tcp", "ssl", "http", "https").contains(scheme) || uri.getHost() == null || uri.getPort() < 0) {
      throw invalid("invalid value for 'endpoint': '" + endpoint + "'; write it like tcp://10.0.0.1:8529 or ssl://10.0.0.1:8529");
    }
  }

  private static JsonNode checked(Option option, JsonNode value) {
    switch (option.kind()) {
      case SECONDS:
        if (!value.isNumber() || value.asDouble() < 0 || !Double.isFinite(value.asDouble())) {
          throw invalid("invalid value for '" + option.name() + "': expected a non-negative number of seconds, got " + value);
        }
        return value.asDouble() == Math.rint(value.asDouble()) && Math.abs(value.asDouble()) < 1e15
            ? NODES.numberNode(value.asLong()) : NODES.numberNode(value.asDouble());
      case COUNT:
        if (!value.isNumber() || value.asDouble() < 0 || value.asDouble() != Math.rint(value.asDouble())) {
          throw invalid("invalid value for '" + option.name() + "': expected a non-negative whole number, got " + value);
        }
        return NODES.numberNode(value.asLong());
      case BOOLEAN:
        if (!value.isBoolean()) {
          throw invalid("invalid value for '" + option.name() + "': expected true or false, got " + value);
        }
        return value;
      case TEXT:
        if (!value.isTextual()) {
          throw invalid("invalid value for '" + option.name() + "': expected a string, got " + value);
        }
        return value;
      case TEXT_LIST:
        if (!value.isArray()) {
          throw invalid("invalid value for '" + option.name() + "': expected a list of collection names, got " + value);
        }
        ArrayNode names = NODES.arrayNode();
        for (JsonNode name : value) {
          if (!name.isTextual() || name.asText().isEmpty()) {
            throw invalid("invalid value for '" + option.name() + "': " + name + " is not a collection name");
          }
          names.add(name.asText());
        }
        return names;
      default:
        throw new IllegalStateException("unknown option kind " + option.kind());
    }
  }

  private static String text(JsonNode body, String field, String current) {
    JsonNode value = body.get(field);
    if (value == null || value.isNull()) {
      return current;
    }
    if (!value.isTextual()) {
      throw invalid("invalid value for '" + field + "': expected a string, got " + value);
    }
    return value.asText();
  }

  private static double seconds(Map<String, JsonNode> values, String name) {
    return values.get(name).asDouble();
  }

  static ReplicationError invalid(String message) {
    return new ReplicationError(400, ReplicationError.INVALID_APPLIER_CONFIGURATION, message);
  }

  /**
   * The JSON of {@code applier-config}: {@code endpoint}, {@code database} and {@code username}
   * once set, then every option in ArangoDB's order. Never the password or the JWT secret.
   */
  public ObjectNode toJson() {
    ObjectNode json = NODES.objectNode();
    if (endpoint != null) {
      json.put("endpoint", endpoint);
    }
    if (database != null) {
      json.put("database", database);
    }
    if (username != null) {
      json.put("username", username);
    }
    values.forEach((name, value) -> json.set(name, value.deepCopy()));
    return json;
  }

  /** Everything, the password and the JWT secret included: for the applier's own file, mode 0600. */
  public ObjectNode toPrivateJson() {
    ObjectNode json = toJson();
    if (password != null) {
      json.put("password", password);
    }
    if (jwtSecret != null) {
      json.put("jwt", jwtSecret);
    }
    return json;
  }

  /** Reads what {@link #toPrivateJson()} wrote. */
  public static ApplierConfiguration fromPrivateJson(JsonNode json) {
    return defaults().merge(json, null);
  }

  public boolean isConfigured() {
    return endpoint != null;
  }

  public String endpoint() {
    return endpoint;
  }

  public String database() {
    return database;
  }

  public String username() {
    return username;
  }

  public String password() {
    return password;
  }

  public String jwtSecret() {
    return jwtSecret;
  }

  public boolean flag(String name) {
    return value(name).asBoolean();
  }

  public long count(String name) {
    return value(name).asLong();
  }

  public Duration duration(String name) {
    return Duration.ofNanos((long) (value(name).asDouble() * 1e9));
  }

  public String restrictType() {
    return value("restrictType").asText();
  }

  public List<String> restrictCollections() {
    List<String> names = new ArrayList<>();
    for (Iterator<JsonNode> it = value("restrictCollections").elements(); it.hasNext(); ) {
      names.add(it.next().asText());
    }
    return names;
  }

  /** The bytes per tail request: {@code chunkSize}, or ArangoDB's default when it is 0. */
  /** The chunk size to ask the leader for: {@code chunkSize} (0: the default), never above {@code maxPacketSize}. */
  public long chunkSize() {
    long chunk = count("chunkSize");
    long packet = count("maxPacketSize");
    long wanted = chunk == 0 ? DEFAULT_CHUNK_SIZE : chunk;
    return packet > 0 ? Math.min(wanted, packet) : wanted;
  }

  /** Whether the applier replicates collection {@code name} under {@code restrictType}/{@code restrictCollections}. */
  public boolean replicates(String name, boolean system) {
    if (system && !flag("includeSystem")) {
      return false;
    }
    String type = restrictType();
    if (type.isEmpty()) {
      return true;
    }
    boolean listed = restrictCollections().contains(name);
    return type.equals("include") ? listed : !listed;
  }

  private JsonNode value(String name) {
    JsonNode value = values.get(name);
    if (value == null) {
      throw new IllegalArgumentException("no applier option '" + name + "'");
    }
    return value;
  }
}
