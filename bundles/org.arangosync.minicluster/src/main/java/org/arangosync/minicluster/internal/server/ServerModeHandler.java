package org.arangosync.minicluster.internal.server;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Set;
import org.arangosync.minicluster.internal.http.ApiRequest;
import org.arangosync.minicluster.internal.http.ApiResponse;
import org.arangosync.minicluster.internal.http.ArangoError;

/**
 * {@code /_admin/server/mode} (ArangoDB 3.4+) and the read-only gate it controls.
 *
 * <p>The API answers as ArangoDB's {@code RestAdminServerHandler::handleMode}: GET and PUT both
 * answer 200 {@code {"error":false,"code":200,"mode":"default"|"readonly"}}; a PUT body that is not
 * {@code {"mode":"readonly"|"default"}} is 400 with errorNum 400 (TRI_ERROR_HTTP_BAD_PARAMETER, as
 * ArangoDB answers it here). Who may PUT is decided before, by {@link Permissions} (rw on
 * {@code _system}).
 *
 * <p>{@link #refuseWrites} is the one gate writes pass while read-only: the routers of coordinators,
 * DB-Servers and single servers run it before every handler (see {@code Router#guardedBy}), so a
 * write is refused whichever server it is sent to. A request is a write unless it is known not to
 * change stored data: GET and HEAD, everything under {@code _admin} and {@code _open}, the
 * replication and WAL APIs (which only read, snapshots and barriers included), batch reads
 * ({@code PUT /_api/document/<c>?onlyget=true}), collection load/unload, and stream transactions
 * that declare no write collections, plus commit and abort of any stream transaction (the document
 * writes inside one are refused one by one).
 */
public final class ServerModeHandler {

  static final String DEFAULT = "default";
  static final String READ_ONLY = "readonly";

  /** {@code /_api/<api>} routes that never write: version and endpoint queries, the WAL, snapshots and dumps. */
  private static final Set<String> READING_APIS = Set.of("version", "endpoint", "cluster", "replication", "wal");

  /** {@code PUT /_api/collection/<name>/<action>} actions that change no stored data. */
  private static final Set<String> READING_COLLECTION_ACTIONS = Set.of("load", "unload", "loadIndexesIntoMemory");

  private final ServerMode mode;

  public ServerModeHandler(ServerMode mode) {
    this.mode = mode;
  }

  /** {@code GET|PUT /_admin/server/mode}. */
  public ApiResponse handle(ApiRequest request) {
    if (request.segments().size() != 3) {
      throw new ArangoError(404, 404, "unknown path '/" + String.join("/", request.segments()) + "'");
    }
    Responses.requireMethod(request, "GET", "PUT");
    if (request.method().equals("PUT")) {
      mode.setReadOnly(requestedReadOnly(request));
    }
    ObjectNode body = Responses.okBody(200);
    body.put("mode", mode.readOnly() ? READ_ONLY : DEFAULT);
    return ApiResponse.json(200, body);
  }

  /** The mode a PUT asks for, with ArangoDB's messages for the bodies it refuses. */
  private static boolean requestedReadOnly(ApiRequest request) {
    JsonNode body;
    try {
      body = request.json();
    } catch (ArangoError malformed) {
      throw badParameter("invalid JSON");
    }
    if (!body.isObject()) {
      throw badParameter("body must be an object");
    }
    JsonNode requested = body.get("mode");
    if (requested == null || !requested.isTextual()) {
      throw badParameter("mode must be a string");
    }
    switch (requested.asText()) {
      case READ_ONLY:
        return true;
      case DEFAULT:
        return false;
      default:
        throw badParameter("mode invalid");
    }
  }

  private static ArangoError badParameter(String message) {
    return new ArangoError(400, ArangoError.HTTP_BAD_PARAMETER, message);
  }

  /**
   * Refuses {@code request} with 403/1004 "read only" if the server is read-only and the request
   * may write; does nothing otherwise. Runs before the handler, so a refused request has written
   * nothing.
   */
  public void refuseWrites(ApiRequest request) {
    if (mayWrite(request) && mode.readOnly()) {
      throw ArangoError.readOnly();
    }
  }

  /** Whether a request may change stored data or structure; unknown requests may (the gate fails closed). */
  static boolean mayWrite(ApiRequest request) {
    String method = request.method();
    if (method.equals("GET") || method.equals("HEAD") || method.equals("OPTIONS")) {
      return false;
    }
    String area = request.segment(0);
    if ("_admin".equals(area) || "_open".equals(area)) {
      return false;
    }
    if (!"_api".equals(area)) {
      return true;
    }
    String api = request.segment(1) == null ? "" : request.segment(1);
    if (READING_APIS.contains(api)) {
      return false;
    }
    switch (api) {
      case "document":
        return !(request.segment(3) == null && (method.equals("PUT") || method.equals("PATCH")) && request.queryBool("onlyget", false));
      case "collection":
        return !(method.equals("PUT") && READING_COLLECTION_ACTIONS.contains(request.segment(3)));
      case "transaction":
        return method.equals("POST") && (!"begin".equals(request.segment(2)) || declaresWrites(request.json().path("collections")));
      default:
        return true;
    }
  }

  /** Whether a stream transaction's {@code collections} name any write or exclusive collection (a name or a list of names). */
  private static boolean declaresWrites(JsonNode collections) {
    for (String access : new String[] {"write", "exclusive"}) {
      JsonNode names = collections.path(access);
      if ((names.isTextual() && !names.asText().isEmpty()) || (names.isArray() && !names.isEmpty())) {
        return true;
      }
    }
    return false;
  }
}
