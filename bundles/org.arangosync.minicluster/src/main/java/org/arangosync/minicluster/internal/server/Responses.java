package org.arangosync.minicluster.internal.server;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import org.arangosync.minicluster.internal.http.ApiRequest;
import org.arangosync.minicluster.internal.http.ApiResponse;
import org.arangosync.minicluster.internal.http.ArangoError;
import org.arangosync.minicluster.internal.http.Json;
import org.arangosync.minicluster.internal.storage.Collection;

/** Small helpers shared by the handlers, for the shapes ArangoDB repeats everywhere. */
public final class Responses {

  /** The ArangoDB version the mini cluster's API follows (its transcripts are from 3.11.4). */
  public static final String ARANGODB_VERSION = "3.11.4";

  private Responses() {}

  /** {@code {"error":false,"code":<status>}} to add fields to. */
  public static ObjectNode okBody(int status) {
    ObjectNode body = Json.object();
    body.put("error", false);
    body.put("code", status);
    return body;
  }

  public static ApiResponse ok(ObjectNode body) {
    return ApiResponse.json(body.path("code").asInt(200), body);
  }

  /** The short description of a collection that list, rename, truncate and drop answers use. */
  static ObjectNode collectionSummary(Collection collection, ObjectNode into) {
    into.put("globallyUniqueId", collection.globallyUniqueId());
    into.put("isSystem", collection.isSystem());
    into.put("status", 3);
    into.put("type", collection.type());
    into.put("name", collection.name());
    into.put("id", Long.toString(collection.id()));
    return into;
  }

  /** ArangoDB's time stamps: UTC, seconds, e.g. 2023-09-07T01:20:07Z. */
  public static String now() {
    return Instant.now().truncatedTo(ChronoUnit.SECONDS).toString();
  }

  public static void requireMethod(ApiRequest request, String... methods) {
    for (String method : methods) {
      if (method.equals(request.method())) {
        return;
      }
    }
    throw ArangoError.methodNotAllowed();
  }

  /**
   * {@code GET /_api/version}: {@code {"server":"arango","version":...,"license":"community"}}, with
   * {@code details} for {@code ?details=true}.
   *
   * @param role the server's role as ArangoDB names it (SINGLE, COORDINATOR, PRIMARY, AGENT)
   */
  public static ApiResponse version(ApiRequest request, String role) {
    requireMethod(request, "GET");
    ObjectNode body = Json.object();
    body.put("server", "arango");
    body.put("version", ARANGODB_VERSION);
    body.put("license", "community");
    if (request.queryBool("details", false)) {
      ObjectNode details = body.putObject("details");
      details.put("architecture", "64bit");
      details.put("engine", "rocksdb");
      details.put("mode", "server");
      details.put("role", role);
      details.put("server-version", ARANGODB_VERSION);
      details.put("implementation", "arangosync mini cluster");
    }
    return ApiResponse.json(200, body);
  }

  /** {@code GET /_admin/server/role}. */
  public static ApiResponse role(ApiRequest request, String role) {
    requireMethod(request, "GET");
    ObjectNode body = okBody(200);
    body.put("role", role);
    body.put("mode", "default");
    return ApiResponse.json(200, body);
  }

  /** The location header value of a path under the request's database. */
  public static String location(ApiRequest request, String path) {
    return "/_db/" + request.database() + path;
  }
}
