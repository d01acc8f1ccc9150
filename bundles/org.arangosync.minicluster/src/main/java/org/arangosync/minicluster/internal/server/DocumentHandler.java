package org.arangosync.minicluster.internal.server;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.arangosync.minicluster.internal.http.ApiRequest;
import org.arangosync.minicluster.internal.http.ApiResponse;
import org.arangosync.minicluster.internal.http.ArangoError;
import org.arangosync.minicluster.internal.http.Json;
import org.arangosync.minicluster.internal.storage.Documents;
import org.arangosync.minicluster.internal.storage.Documents.Outcome;
import org.arangosync.minicluster.internal.storage.DocumentBackend;
import org.arangosync.minicluster.internal.storage.DocumentTarget;

/**
 * {@code /_api/document}: ArangoDB's document API in single and array form, with its status codes
 * (201 synced, 202 not synced, 304, 404, 409, 412), etag and location headers, and per-element
 * results and {@code x-arango-error-codes} for arrays.
 */
public final class DocumentHandler {

  private final DocumentBackend backend;

  public DocumentHandler(DocumentBackend backend) {
    this.backend = backend;
  }

  public ApiResponse handle(ApiRequest request) {
    String collectionName = request.segment(2) != null ? request.segment(2) : request.query("collection");
    String key = request.segment(3);
    if (request.segments().size() > 4) {
      throw new ArangoError(400, ArangoError.DOCUMENT_HANDLE_BAD, "expecting " + request.method() + " /_api/document/<document-handle>");
    }
    if (collectionName == null) {
      throw new ArangoError(400, ArangoError.DOCUMENT_HANDLE_BAD, "collection parameter missing");
    }
    switch (request.method()) {
      case "GET":
      case "HEAD": {
        if (key == null) {
          // ArangoDB's wording is about the missing key even when the collection does not exist.
          String message = "expecting GET /_api/document/<document-handle>";
          try {
            backend.collection(request.database(), collectionName);
          } catch (ArangoError unknown) {
            throw new ArangoError(unknown.httpStatus(), unknown.errorNum(), message);
          }
          throw ArangoError.badParameter(message);
        }
        return read(request, backend.collection(request.database(), collectionName), key);
      }
      case "POST":
        if (key != null) {
          throw ArangoError.badParameter("bad request");
        }
        return insert(request, backend.collection(request.database(), collectionName));
      case "PUT":
      case "PATCH": {
        DocumentTarget collection = backend.collection(request.database(), collectionName);
        if (key == null && request.queryBool("onlyget", false)) {
          return readMany(request, collection, request.json());
        }
        return modify(request, collection, key, request.method().equals("PATCH"));
      }
      case "DELETE":
        return remove(request, backend.collection(request.database(), collectionName), key);
      default:
        throw ArangoError.methodNotAllowed();
    }
  }

  private ApiResponse read(ApiRequest request, DocumentTarget collection, String key) {
    ObjectNode document = backend.read(collection, key, request.header("x-arango-trx-id"));
    if (document == null) {
      throw new ArangoError(404, ArangoError.DOCUMENT_NOT_FOUND, "document not found");
    }
    String rev = document.get("_rev").asText();
    String ifNoneMatch = revisionHeader(request, "if-none-match");
    if (ifNoneMatch != null && ifNoneMatch.equals(rev)) {
      return ApiResponse.empty(304).header("etag", quote(rev));
    }
    String ifMatch = revisionHeader(request, "if-match");
    if (ifMatch != null && !ifMatch.equals(rev)) {
      return conflict(collection.name() + "/" + key, key, rev);
    }
    return ApiResponse.json(200, document).header("etag", quote(rev));
  }

  private ApiResponse readMany(ApiRequest request, DocumentTarget collection, JsonNode selectors) {
    if (!selectors.isArray()) {
      throw ArangoError.badParameter("expecting an array of document keys or objects with _key");
    }
    ArrayNode results = Json.array();
    for (JsonNode selector : selectors) {
      String key = selector.isTextual() ? selector.asText() : selector.path("_key").asText(null);
      ObjectNode document = key == null ? null : backend.read(collection, key, request.header("x-arango-trx-id"));
      if (document == null) {
        results.add(errorElement(new ArangoError(404, ArangoError.DOCUMENT_NOT_FOUND, "document not found")));
      } else {
        results.add(document);
      }
    }
    return ApiResponse.json(200, results);
  }

  private ApiResponse insert(ApiRequest request, DocumentTarget collection) {
    JsonNode body = request.json();
    Documents.Options options = options(request, null);
    if (body.isArray()) {
      List<JsonNode> documents = new ArrayList<>();
      body.forEach(documents::add);
      return many(collection, options, backend.insert(collection, documents, options, true), 201);
    }
    Outcome outcome = backend.insert(collection, List.of(body), options, false).get(0);
    return one(request, collection, options, outcome);
  }

  private ApiResponse modify(ApiRequest request, DocumentTarget collection, String key, boolean patch) {
    JsonNode body = request.json();
    if (key == null) {
      if (!body.isArray()) {
        throw ArangoError.badParameter("expecting an array of documents with _key");
      }
      Documents.Options options = options(request, null);
      List<JsonNode> documents = new ArrayList<>();
      List<String> keys = new ArrayList<>();
      for (JsonNode document : body) {
        documents.add(document);
        keys.add(document.path("_key").isTextual() ? document.get("_key").asText() : null);
      }
      List<Outcome> outcomes = patch
          ? backend.update(collection, documents, keys, options, true)
          : backend.replace(collection, documents, keys, options, true);
      return many(collection, options, outcomes, 201);
    }
    Documents.Options options = options(request, revisionHeader(request, "if-match"));
    Outcome outcome = patch
        ? backend.update(collection, List.of(body), List.of(key), options, false).get(0)
        : backend.replace(collection, List.of(body), List.of(key), options, false).get(0);
    return one(request, collection, options, outcome);
  }

  private ApiResponse remove(ApiRequest request, DocumentTarget collection, String key) {
    if (key == null) {
      JsonNode body = request.json();
      if (!body.isArray()) {
        throw ArangoError.badParameter("expecting an array of document keys or objects with _key");
      }
      Documents.Options options = options(request, null);
      List<JsonNode> selectors = new ArrayList<>();
      body.forEach(selectors::add);
      return many(collection, options, backend.remove(collection, selectors, options, true), 200);
    }
    Documents.Options options = options(request, revisionHeader(request, "if-match"));
    Outcome outcome = backend.remove(collection, List.of(Json.NODES.textNode(key)), options, false).get(0);
    if (outcome.isError()) {
      return one(request, collection, options, outcome);
    }
    int status = backend.synced(collection, options) ? 200 : 202;
    ObjectNode result = options.silent() ? Json.object() : outcome.result();
    return ApiResponse.json(status, result).header("etag", quote(outcome.result().get("_rev").asText()))
        .header("location", Responses.location(request, "/_api/document/" + collection.name() + "/" + key));
  }

  /** The answer to a single-document write. */
  private ApiResponse one(ApiRequest request, DocumentTarget collection, Documents.Options options, Outcome outcome) {
    if (outcome.isError()) {
      if (outcome.current() != null) {
        return conflict(outcome.id(), outcome.key(), outcome.current());
      }
      throw outcome.error();
    }
    ObjectNode result = outcome.result();
    String key = result.get("_key").asText();
    String rev = result.get("_rev").asText();
    int status = backend.synced(collection, options) ? 201 : 202;
    return ApiResponse.json(status, options.silent() ? Json.object() : result)
        .header("etag", quote(rev))
        .header("location", Responses.location(request, "/_api/document/" + collection.name() + "/" + key));
  }

  /**
   * The answer to an array write: one element per input, errors counted in x-arango-error-codes.
   * The status is {@code syncedStatus} (201 for writes, 200 for removals) when synced, 202 when not
   * synced or when every element failed (nothing was written, so nothing was synced).
   */
  private ApiResponse many(DocumentTarget collection, Documents.Options options, List<Outcome> outcomes, int syncedStatus) {
    ArrayNode results = Json.array();
    Map<Integer, Integer> errorCounts = new TreeMap<>();
    boolean anyWritten = false;
    for (Outcome outcome : outcomes) {
      if (outcome.isError()) {
        results.add(errorElement(outcome.error()));
        errorCounts.merge(outcome.error().errorNum(), 1, Integer::sum);
      } else {
        anyWritten = true;
        if (!options.silent()) {
          results.add(outcome.result());
        }
      }
    }
    boolean synced = backend.synced(collection, options) && (anyWritten || outcomes.isEmpty());
    ApiResponse response = ApiResponse.json(synced ? syncedStatus : 202, results);
    if (!errorCounts.isEmpty()) {
      ObjectNode codes = Json.object();
      errorCounts.forEach((code, count) -> codes.put(Integer.toString(code), count));
      response.header("x-arango-error-codes", codes.toString());
    }
    return response;
  }

  private static ObjectNode errorElement(ArangoError error) {
    ObjectNode element = Json.object();
    element.put("error", true);
    element.put("errorNum", error.errorNum());
    element.put("errorMessage", error.getMessage());
    return element;
  }

  /** ArangoDB's 412: the error plus the document's id, key and current revision, and that revision as etag. */
  static ApiResponse conflict(String id, String key, String currentRev) {
    ObjectNode body = Json.object();
    body.put("error", true);
    body.put("code", 412);
    body.put("errorNum", ArangoError.CONFLICT);
    body.put("errorMessage", "conflict, _rev values do not match");
    body.put("_id", id);
    body.put("_key", key);
    body.put("_rev", currentRev);
    return ApiResponse.json(412, body).header("etag", quote(currentRev));
  }

  static Documents.Options options(ApiRequest request, String ifMatch) {
    String overwriteMode = request.query("overwriteMode");
    if (overwriteMode == null && request.queryBool("overwrite", false)) {
      overwriteMode = "replace";
    }
    if (overwriteMode != null && !List.of("ignore", "replace", "update", "conflict").contains(overwriteMode)) {
      throw ArangoError.badParameter("invalid overwriteMode '" + overwriteMode + "'");
    }
    Documents.Options options = new Documents.Options(
        request.queryBool("waitForSync", false),
        request.queryBool("returnNew", false),
        request.queryBool("returnOld", false),
        request.queryBool("silent", false),
        overwriteMode,
        request.queryBool("keepNull", true),
        request.queryBool("mergeObjects", true),
        request.queryBool("ignoreRevs", true),
        ifMatch,
        request.header("x-arango-trx-id"));
    return request.queryBool("isRestore", false) ? options.restoring() : options;
  }

  /** A revision from If-Match/If-None-Match, without its quotes. */
  static String revisionHeader(ApiRequest request, String name) {
    String value = request.header(name);
    if (value == null) {
      return null;
    }
    value = value.trim();
    if (value.length() >= 2 && value.startsWith("\"") && value.endsWith("\"")) {
      value = value.substring(1, value.length() - 1);
    }
    return value;
  }

  static String quote(String rev) {
    return "\"" + rev + "\"";
  }
}
