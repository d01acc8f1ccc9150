package org.arangosync.minicluster.internal.server;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Set;
import org.arangosync.minicluster.internal.http.ApiRequest;
import org.arangosync.minicluster.internal.http.ArangoError;
import org.arangosync.minicluster.internal.http.Authenticator.Principal;

/**
 * ArangoDB's access levels, as stored in a user's {@code databases}: {@code rw}, {@code ro} or
 * {@code none} per database (with {@code *} as the default) and per collection (with {@code *} as
 * the default of a database, and the database's own level below that).
 *
 * <p>Rules enforced: no access to the database is 401; writing with read-only access is 403/11;
 * creating or dropping databases, managing other users and setting the server mode need rw on
 * {@code _system}; the WAL and replication API need rw on the database (ArangoDB asks for an
 * administrator there). Superuser tokens pass everything.
 */
final class Permissions {

  static final String RW = "rw";
  static final String RO = "ro";
  static final String NONE = "none";

  /** Routes whose collection is named in the path (segment 2) or in {@code ?collection=}. */
  private static final Set<String> COLLECTION_ROUTES = Set.of("document", "collection", "index", "import");

  private Permissions() {}

  static void check(Principal principal, ApiRequest request) {
    if (principal.isSuperuser()) {
      return;
    }
    JsonNode databases = principal.databases();
    String database = request.database();
    String databaseLevel = databaseLevel(databases, database);
    String route = request.segment(0) == null ? "" : request.segment(0) + "/" + (request.segment(1) == null ? "" : request.segment(1));
    if (route.equals("_admin/server") && "mode".equals(request.segment(2)) && isWrite(request)) {
      // Setting the server mode is an administrator's act: ArangoDB asks for rw on _system (403/11 otherwise).
      if (!RW.equals(databaseLevel(databases, "_system"))) {
        throw forbidden();
      }
      return;
    }
    if (route.equals("_api/version") || route.equals("_api/endpoint") || route.equals("_admin/server")) {
      return; // answered to every authenticated user, as in ArangoDB
    }
    if (NONE.equals(databaseLevel)) {
      throw new ArangoError(401, ArangoError.HTTP_UNAUTHORIZED, "not authorized to execute this request");
    }
    boolean write = isWrite(request);
    if (route.equals("_api/transaction")) {
      return; // beginning and ending are free; each document operation inside is checked itself
    }
    if (route.equals("_api/user")) {
      String target = request.segment(2);
      boolean own = target != null && target.equals(request.user()) && !write;
      if (!own && (write || target == null) && !RW.equals(databaseLevel(databases, "_system"))) {
        throw forbidden();
      }
      return;
    }
    if (route.equals("_api/database") && write) {
      if (!RW.equals(databaseLevel(databases, "_system"))) {
        throw forbidden();
      }
      return;
    }
    if (route.equals("_api/wal") || route.equals("_api/replication")) {
      if (!RW.equals(databaseLevel)) {
        throw forbidden();
      }
      return;
    }
    String collection = collectionOf(request);
    String level = collection == null ? databaseLevel : collectionLevel(databases, database, collection, databaseLevel);
    if (NONE.equals(level) || (write && !RW.equals(level))) {
      throw forbidden();
    }
  }

  /** The level of a database: its own entry, else the "*" entry, else none. */
  static String databaseLevel(JsonNode databases, String database) {
    JsonNode own = databases.path(database).path("permissions");
    if (!own.isMissingNode()) {
      return level(own);
    }
    JsonNode any = databases.path("*").path("permissions");
    return any.isMissingNode() ? NONE : level(any);
  }

  /** The level of a collection: its own entry, else the database's "*" collection, else the database's level. */
  static String collectionLevel(JsonNode databases, String database, String collection, String databaseLevel) {
    for (String db : new String[] {database, "*"}) {
      JsonNode collections = databases.path(db).path("collections");
      JsonNode own = collections.path(collection).path("permissions");
      if (!own.isMissingNode()) {
        return level(own);
      }
      JsonNode any = collections.path("*").path("permissions");
      if (!any.isMissingNode()) {
        return level(any);
      }
    }
    return databaseLevel;
  }

  private static String level(JsonNode permissions) {
    if (permissions.path("write").asBoolean(false)) {
      return RW;
    }
    return permissions.path("read").asBoolean(false) ? RO : NONE;
  }

  private static boolean isWrite(ApiRequest request) {
    switch (request.method()) {
      case "GET":
      case "HEAD":
        return false;
      case "PUT":
        return !("document".equals(request.segment(1)) && request.queryBool("onlyget", false));
      default:
        return true;
    }
  }

  private static String collectionOf(ApiRequest request) {
    if (!"_api".equals(request.segment(0)) || !COLLECTION_ROUTES.contains(request.segment(1))) {
      return null;
    }
    String named = request.query("collection");
    if (named != null) {
      return named;
    }
    return request.segment(2);
  }

  private static ArangoError forbidden() {
    return new ArangoError(403, ArangoError.FORBIDDEN, "forbidden");
  }
}
