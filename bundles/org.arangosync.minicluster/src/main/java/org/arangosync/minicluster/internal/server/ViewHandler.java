package org.arangosync.minicluster.internal.server;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.arangosync.minicluster.internal.http.ApiRequest;
import org.arangosync.minicluster.internal.http.ApiResponse;
import org.arangosync.minicluster.internal.http.ArangoError;
import org.arangosync.minicluster.internal.storage.ViewCatalog;
import org.arangosync.minicluster.internal.storage.Views;

/** {@code /_api/view}: view definitions (list, create, read, properties, rename, drop). */
public final class ViewHandler {

  private final ViewCatalog views;

  public ViewHandler(ViewCatalog views) {
    this.views = views;
  }

  public ApiResponse handle(ApiRequest request) {
    String database = request.database();
    String name = request.segment(2);
    String action = request.segment(3);
    switch (request.method()) {
      case "GET": {
        if (name == null) {
          ObjectNode body = Responses.okBody(200);
          ArrayNode result = body.putArray("result");
          views.views(database).forEach(view -> result.add(Views.summary(view)));
          return Responses.ok(body);
        }
        ObjectNode view = require(database, name);
        ObjectNode body = Responses.okBody(200);
        body.setAll("properties".equals(action) ? view : Views.summary(view));
        return Responses.ok(body);
      }
      case "POST": {
        if (name != null || !request.json().isObject()) {
          throw ArangoError.badParameter("expecting POST /_api/view with a JSON object");
        }
        return ApiResponse.json(201, views.create(database, (ObjectNode) request.json()));
      }
      case "PUT":
      case "PATCH": {
        if (name == null || action == null) {
          throw ArangoError.badParameter("expecting PUT /_api/view/<name>/properties or /rename");
        }
        require(database, name);
        JsonNode body = request.json();
        if (!body.isObject()) {
          throw ArangoError.badParameter("expecting a JSON object as body");
        }
        if (action.equals("rename") && request.method().equals("PUT")) {
          JsonNode newName = body.get("name");
          if (newName == null || !newName.isTextual()) {
            throw new ArangoError(400, ArangoError.ILLEGAL_NAME, "name must be non-empty");
          }
          ObjectNode answer = Responses.okBody(200);
          answer.setAll(Views.summary(views.rename(database, name, newName.asText())));
          return Responses.ok(answer);
        }
        if (!action.equals("properties")) {
          throw ArangoError.badParameter("expecting /properties or /rename");
        }
        ObjectNode changed = views.change(database, name, (ObjectNode) body, request.method().equals("PUT"));
        ObjectNode answer = Responses.okBody(200);
        answer.setAll(changed);
        return Responses.ok(answer);
      }
      case "DELETE": {
        if (name == null) {
          throw ArangoError.methodNotAllowed();
        }
        require(database, name);
        views.drop(database, name);
        ObjectNode body = Responses.okBody(200);
        body.put("result", true);
        return Responses.ok(body);
      }
      default:
        throw ArangoError.methodNotAllowed();
    }
  }

  private ObjectNode require(String database, String name) {
    ObjectNode view = views.view(database, name);
    if (view == null) {
      throw ArangoError.collectionNotFound(name);
    }
    return view;
  }
}
