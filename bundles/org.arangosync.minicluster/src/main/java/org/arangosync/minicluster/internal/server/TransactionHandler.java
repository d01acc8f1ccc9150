package org.arangosync.minicluster.internal.server;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import org.arangosync.minicluster.internal.http.ApiRequest;
import org.arangosync.minicluster.internal.http.ApiResponse;
import org.arangosync.minicluster.internal.http.ArangoError;
import org.arangosync.minicluster.internal.storage.TransactionManager;

/**
 * {@code /_api/transaction}: stream transactions (begin, status, commit, abort, list). JavaScript
 * transactions ({@code POST /_api/transaction} with an action) need ArangoDB's V8 and are refused.
 */
public final class TransactionHandler {

  private final TransactionManager transactions;

  public TransactionHandler(TransactionManager transactions) {
    this.transactions = transactions;
  }

  public ApiResponse handle(ApiRequest request) {
    String id = request.segment(2);
    switch (request.method()) {
      case "POST": {
        if (!"begin".equals(id)) {
          throw new ArangoError(501, 1470, "JavaScript transactions are not supported by the mini cluster; use stream transactions");
        }
        JsonNode body = request.json();
        JsonNode collections = body.path("collections");
        if (!collections.isObject()) {
          throw ArangoError.badParameter("missing 'collections' attribute");
        }
        List<String> write = names(collections.get("write"));
        write.addAll(names(collections.get("exclusive")));
        List<String> read = names(collections.get("read"));
        return answer(201, transactions.begin(request.database(), write, read, body.path("waitForSync").asBoolean(false)));
      }
      case "GET": {
        if (id == null) {
          ObjectNode body = Responses.okBody(200);
          ArrayNode list = body.putArray("transactions");
          for (TransactionManager.State state : transactions.running()) {
            list.addObject().put("id", state.id()).put("state", state.status());
          }
          return Responses.ok(body);
        }
        return answer(200, transactions.status(id));
      }
      case "PUT":
        return answer(200, transactions.commit(require(id)));
      case "DELETE":
        return answer(200, transactions.abort(require(id)));
      default:
        throw ArangoError.methodNotAllowed();
    }
  }

  private static String require(String id) {
    if (id == null) {
      throw ArangoError.badParameter("expecting /_api/transaction/<id>");
    }
    return id;
  }

  private static ApiResponse answer(int status, TransactionManager.State state) {
    ObjectNode body = Responses.okBody(status);
    body.putObject("result").put("id", state.id()).put("status", state.status());
    return Responses.ok(body);
  }

  /** A collection list may be one name or an array of names. */
  private static List<String> names(JsonNode value) {
    List<String> names = new ArrayList<>();
    if (value == null || value.isNull()) {
      return names;
    }
    if (value.isTextual()) {
      names.add(value.asText());
    } else if (value.isArray()) {
      value.forEach(name -> names.add(name.asText()));
    } else {
      throw ArangoError.badParameter("collections must be given as a name or an array of names");
    }
    return names;
  }
}
