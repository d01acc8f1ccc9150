package org.arangosync.core.replication;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import org.arangosync.api.Tick;
import org.arangosync.api.spi.replication.LoggerState;
import org.arangosync.api.spi.replication.TickRange;

/**
 * The replication logger's answers in ArangoDB's JSON, field by field and in ArangoDB's order:
 * ticks as decimal strings, {@code totalEvents} as a number, fields a server did not report left
 * out rather than shown as null. Shared by the commands, the REST routes and the scripting module.
 */
public final class ReplicationJson {

  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
  private static final ObjectMapper PRETTY = new ObjectMapper();

  private ReplicationJson() {}

  /** {@code logger-state}: {@code {state{running,lastLogTick,...}, server{version,serverId,engine}, clients[]}}. */
  public static ObjectNode loggerState(LoggerState logger) {
    ObjectNode body = NODES.objectNode();
    ObjectNode state = body.putObject("state");
    state.put("running", logger.running());
    state.put("lastLogTick", logger.lastLogTick().toString());
    state.put("lastUncommittedLogTick", logger.lastUncommittedLogTick().toString());
    state.put("totalEvents", logger.totalEvents());
    putIfPresent(state, "time", logger.time());
    ObjectNode server = body.putObject("server");
    putIfPresent(server, "version", logger.server().version());
    putIfPresent(server, "serverId", logger.server().serverId());
    putIfPresent(server, "engine", logger.server().engine());
    ArrayNode clients = body.putArray("clients");
    for (LoggerState.Client client : logger.clients()) {
      ObjectNode entry = clients.addObject();
      putIfPresent(entry, "syncerId", client.syncerId());
      putIfPresent(entry, "serverId", client.serverId());
      putIfPresent(entry, "clientInfo", client.clientInfo());
      putIfPresent(entry, "time", client.time());
      putIfPresent(entry, "expires", client.expires());
      entry.put("lastServedTick", client.lastServedTick().toString());
    }
    return body;
  }

  /** {@code logger-first-tick}: {@code {"firstTick": "..."}}. */
  public static ObjectNode firstTick(Tick tick) {
    ObjectNode body = NODES.objectNode();
    body.put("firstTick", tick.toString());
    return body;
  }

  /** {@code logger-tick-ranges}: {@code [{datafile, status, tickMin, tickMax}, ...]}. */
  public static ArrayNode tickRanges(List<TickRange> ranges) {
    ArrayNode body = NODES.arrayNode();
    for (TickRange range : ranges) {
      ObjectNode entry = body.addObject();
      putIfPresent(entry, "datafile", range.datafile());
      putIfPresent(entry, "status", range.status());
      entry.put("tickMin", range.tickMin().toString());
      entry.put("tickMax", range.tickMax().toString());
    }
    return body;
  }

  /** As arangosh prints objects: indented, {@code "key" : value}. */
  public static String pretty(JsonNode json) {
    try {
      return PRETTY.writerWithDefaultPrettyPrinter().writeValueAsString(json);
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new IllegalStateException("a JSON tree always renders", e);
    }
  }

  private static void putIfPresent(ObjectNode node, String field, String value) {
    if (value != null) {
      node.put(field, value);
    }
  }
}
