package org.arangosync.minicluster.internal.storage;

import com.fasterxml.jackson.databind.node.ObjectNode;
import org.arangosync.minicluster.internal.http.ArangoError;
import org.arangosync.minicluster.internal.http.Json;

/** View definitions: validation and ArangoDB 3.11's default properties per view type. */
public final class Views {

  private Views() {}

  /** The request's properties over the defaults of its type; refuses a bad name or type. */
  public static ObjectNode withDefaults(ObjectNode request) {
    String type = request.path("type").asText("");
    ObjectNode view = Json.object();
    if (type.equals("arangosearch")) {
      view.putObject("links");
      view.putArray("primarySort");
      view.put("primarySortCompression", "lz4");
      view.putArray("storedValues");
      view.put("cleanupIntervalStep", 2);
      view.put("commitIntervalMsec", 1000);
      view.put("consolidationIntervalMsec", 1000);
      ObjectNode policy = view.putObject("consolidationPolicy");
      policy.put("type", "tier");
      policy.put("segmentsBytesFloor", 2097152);
      policy.put("segmentsBytesMax", 5368709120L);
      policy.put("segmentsMax", 10);
      policy.put("segmentsMin", 1);
      policy.put("minScore", 0);
      view.put("writebufferActive", 0);
      view.put("writebufferIdle", 64);
      view.put("writebufferSizeMax", 33554432);
    } else if (type.equals("search-alias")) {
      view.putArray("indexes");
    } else {
      throw ArangoError.badParameter("invalid view type '" + type + "'");
    }
    request.fields().forEachRemaining(entry -> view.set(entry.getKey(), entry.getValue()));
    return view;
  }

  /** The short form lists show: globallyUniqueId, id, name, type. */
  public static ObjectNode summary(ObjectNode view) {
    ObjectNode summary = Json.object();
    summary.put("globallyUniqueId", view.path("globallyUniqueId").asText());
    summary.put("id", view.path("id").asText());
    summary.put("name", view.path("name").asText());
    summary.put("type", view.path("type").asText());
    return summary;
  }
}
