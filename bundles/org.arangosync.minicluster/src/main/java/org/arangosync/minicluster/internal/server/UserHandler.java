package org.arangosync.minicluster.internal.server;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import org.arangosync.minicluster.internal.http.ApiRequest;
import org.arangosync.minicluster.internal.http.ApiResponse;
import org.arangosync.minicluster.internal.http.ArangoError;
import org.arangosync.minicluster.internal.http.Json;
import org.arangosync.minicluster.internal.storage.DocumentBackend;
import org.arangosync.minicluster.internal.storage.DocumentKeys;
import org.arangosync.minicluster.internal.storage.DocumentTarget;
import org.arangosync.minicluster.internal.storage.Documents;
import org.arangosync.minicluster.internal.storage.Documents.Outcome;

/**
 * {@code /_api/user}: users, passwords and database and collection permissions, kept as documents
 * of {@code _system._users} in ArangoDB's shape ({@code user}, {@code authData},
 * {@code databases.<db>.permissions}, {@code databases.<db>.collections.<c>.permissions},
 * {@code userData}), so that they replicate as data. A user's document key is its name.
 */
public final class UserHandler {

  private static final Documents.Options SYNCED = new Documents.Options(true, false, false, false, null, true, true, true, null);

  private final DocumentBackend backend;

  public UserHandler(DocumentBackend backend) {
    this.backend = backend;
  }

  private DocumentTarget users() {
    return backend.collection("_system", "_users");
  }

  public ApiResponse handle(ApiRequest request) {
    String user = request.segment(2);
    if (user == null) {
      switch (request.method()) {
        case "GET":
          return list();
        case "POST":
          return create(request.json());
        default:
          throw ArangoError.methodNotAllowed();
      }
    }
    if (!"database".equals(request.segment(3)) && request.segment(3) != null) {
      throw new ArangoError(404, 404, "unknown path");
    }
    ObjectNode stored = require(user);
    if (request.segment(3) == null) {
      switch (request.method()) {
        case "GET":
          return ApiResponse.json(200, describe(stored, Responses.okBody(200)));
        case "PUT":
        case "PATCH":
          return ApiResponse.json(200, describe(modify(stored, request.json(), request.method().equals("PUT")), Responses.okBody(200)));
        case "DELETE":
          backend.remove(users(), List.of(Json.NODES.textNode(user)), SYNCED, false);
          return ApiResponse.json(202, Responses.okBody(202));
        default:
          throw ArangoError.methodNotAllowed();
      }
    }
    return permissions(request, stored);
  }

  private ApiResponse list() {
    ObjectNode body = Responses.okBody(200);
    ArrayNode result = body.putArray("result");
    for (ObjectNode stored : backend.all(users())) {
      if (stored.has("user")) {
        result.add(describe(stored, Json.object()));
      }
    }
    return ApiResponse.json(200, body);
  }

  private ApiResponse create(JsonNode body) {
    String name = body.path("user").asText("");
    if (!DocumentKeys.isValid(name) || name.startsWith("_")) {
      throw new ArangoError(400, ArangoError.USER_INVALID_NAME, "invalid user name");
    }
    ObjectNode user = Json.object();
    user.put("_key", name);
    user.put("user", name);
    user.put("source", "LOCAL");
    ObjectNode authData = Authentication.authData(body.path("passwd").asText(""));
    authData.put("active", body.path("active").asBoolean(true));
    user.set("authData", authData);
    user.putObject("databases");
    user.putObject("configData");
    user.set("userData", body.path("extra").isObject() ? body.get("extra") : Json.object());
    Outcome outcome = backend.insert(users(), List.of(user), SYNCED, false).get(0);
    if (outcome.isError()) {
      if (outcome.error().errorNum() == ArangoError.UNIQUE_CONSTRAINT_VIOLATED) {
        throw new ArangoError(409, ArangoError.USER_DUPLICATE, "duplicate user");
      }
      throw outcome.error();
    }
    return ApiResponse.json(201, describe(user, Responses.okBody(201)));
  }

  private ObjectNode modify(ObjectNode stored, JsonNode body, boolean replace) {
    ObjectNode user = stored.deepCopy();
    user.remove("_id");
    user.remove("_rev");
    ObjectNode authData = (ObjectNode) user.path("authData");
    if (body.has("passwd") || replace) {
      ObjectNode fresh = Authentication.authData(body.path("passwd").asText(""));
      fresh.put("active", authData.path("active").asBoolean(true));
      authData = fresh;
      user.set("authData", authData);
    }
    if (body.has("active")) {
      authData.put("active", body.get("active").asBoolean(true));
    }
    if (body.has("extra") || replace) {
      user.set("userData", body.path("extra").isObject() ? body.get("extra") : Json.object());
    }
    save(user);
    return user;
  }

  private void save(ObjectNode user) {
    Outcome outcome = backend.replace(users(), List.of(user), List.of(user.get("_key").asText()), SYNCED, false).get(0);
    if (outcome.isError()) {
      throw outcome.error();
    }
  }

  private ApiResponse permissions(ApiRequest request, ObjectNode stored) {
    String database = request.segment(4);
    String collection = request.segment(5);
    switch (request.method()) {
      case "GET": {
        ObjectNode body = Responses.okBody(200);
        if (database == null) {
          ObjectNode result = body.putObject("result");
          boolean full = request.queryBool("full", false);
          stored.path("databases").fields().forEachRemaining(entry -> {
            String level = level(entry.getValue().path("permissions"));
            if (full) {
              ObjectNode detail = result.putObject(entry.getKey());
              detail.put("permission", level);
              ObjectNode collections = detail.putObject("collections");
              entry.getValue().path("collections").fields().forEachRemaining(
                  c -> collections.put(c.getKey(), level(c.getValue().path("permissions"))));
            } else {
              result.put(entry.getKey(), level);
            }
          });
          return ApiResponse.json(200, body);
        }
        JsonNode grant = collection == null
            ? stored.path("databases").path(database).path("permissions")
            : stored.path("databases").path(database).path("collections").path(collection).path("permissions");
        body.put("result", grant.isMissingNode() ? (collection == null ? "none" : "undefined") : level(grant));
        return ApiResponse.json(200, body);
      }
      case "PUT": {
        if (database == null) {
          throw ArangoError.badParameter("expecting PUT /_api/user/<user>/database/<database>[/<collection>]");
        }
        String grant = request.json().path("grant").asText("");
        if (!List.of("rw", "ro", "none").contains(grant)) {
          throw ArangoError.badParameter("invalid grant '" + grant + "', expecting rw, ro or none");
        }
        ObjectNode user = stored.deepCopy();
        ObjectNode target = user.withObject("/databases").withObject("/" + escape(database));
        if (collection != null) {
          target = target.withObject("/collections").withObject("/" + escape(collection));
        }
        ObjectNode permissions = target.putObject("permissions");
        permissions.put("read", !grant.equals("none"));
        permissions.put("write", grant.equals("rw"));
        user.remove("_id");
        user.remove("_rev");
        save(user);
        ObjectNode body = Responses.okBody(200);
        body.put(collection == null ? database : database + "/" + collection, grant);
        return ApiResponse.json(200, body);
      }
      case "DELETE": {
        if (database == null) {
          throw ArangoError.badParameter("expecting DELETE /_api/user/<user>/database/<database>[/<collection>]");
        }
        ObjectNode user = stored.deepCopy();
        ObjectNode databases = (ObjectNode) user.path("databases");
        if (collection == null) {
          databases.remove(database);
        } else if (databases.path(database).path("collections") instanceof ObjectNode) {
          ((ObjectNode) databases.path(database).path("collections")).remove(collection);
        }
        user.remove("_id");
        user.remove("_rev");
        save(user);
        return ApiResponse.json(202, Responses.okBody(202));
      }
      default:
        throw ArangoError.methodNotAllowed();
    }
  }

  /** JSON Pointer escaping for withObject paths. */
  private static String escape(String segment) {
    return segment.replace("~", "~0").replace("/", "~1");
  }

  private static String level(JsonNode permissions) {
    if (permissions.path("write").asBoolean(false)) {
      return "rw";
    }
    return permissions.path("read").asBoolean(false) ? "ro" : "none";
  }

  private static ObjectNode describe(ObjectNode stored, ObjectNode into) {
    into.put("user", stored.path("user").asText());
    into.put("active", stored.path("authData").path("active").asBoolean(true));
    into.set("extra", stored.path("userData").isObject() ? stored.get("userData") : Json.object());
    return into;
  }

  private ObjectNode require(String user) {
    ObjectNode stored = DocumentKeys.isValid(user) ? backend.read(users(), user) : null;
    if (stored == null || !stored.has("user")) {
      throw new ArangoError(404, ArangoError.USER_NOT_FOUND, "user not found");
    }
    return stored;
  }
}
