package org.arangosync.minicluster.internal.server;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.arangosync.minicluster.internal.http.ApiRequest;
import org.arangosync.minicluster.internal.http.ApiResponse;
import org.arangosync.minicluster.internal.http.ArangoError;
import org.arangosync.minicluster.internal.http.Json;
import org.arangosync.minicluster.internal.storage.Documents;
import org.arangosync.minicluster.internal.storage.Documents.Outcome;
import org.arangosync.minicluster.internal.storage.DocumentBackend;
import org.arangosync.minicluster.internal.storage.DocumentTarget;

/**
 * {@code POST /_api/import}: bulk import of JSON lines ({@code type=documents}), a JSON array
 * ({@code list}/{@code array}), either ({@code auto}), or a header line of attribute names followed
 * by value arrays (no type). One write batch per request.
 */
public final class ImportHandler {

  private final DocumentBackend backend;

  public ImportHandler(DocumentBackend backend) {
    this.backend = backend;
  }

  public ApiResponse handle(ApiRequest request) {
    Responses.requireMethod(request, "POST");
    String collectionName = request.query("collection");
    if (collectionName == null || collectionName.isEmpty()) {
      throw importError("'collection' is missing, expecting /_api/import?collection=<identifier>");
    }
    DocumentTarget collection = backend.collection(request.database(), collectionName);
    String type = request.query("type");
    String onDuplicate = request.query("onDuplicate") == null ? "error" : request.query("onDuplicate");
    if (!List.of("error", "update", "replace", "ignore").contains(onDuplicate)) {
      throw importError("invalid value for 'onDuplicate': " + onDuplicate);
    }
    boolean details = request.queryBool("details", false);
    boolean complete = request.queryBool("complete", false);
    String fromPrefix = request.query("fromPrefix");
    String toPrefix = request.query("toPrefix");

    List<JsonNode> documents = new ArrayList<>();
    List<Integer> positions = new ArrayList<>();
    int empty = parse(request, type, documents, positions);
    if (request.queryBool("overwrite", false)) {
      backend.truncate(request.database(), collectionName);
    }

    ArrayNode detailLines = Json.array();
    int errors = 0;
    List<JsonNode> valid = new ArrayList<>();
    List<Integer> validPositions = new ArrayList<>();
    for (int i = 0; i < documents.size(); i++) {
      JsonNode document = documents.get(i);
      String problem = null;
      if (!document.isObject()) {
        problem = "invalid JSON type (expecting object)";
      } else if (collection.isEdge()) {
        prefix((ObjectNode) document, "_from", fromPrefix);
        prefix((ObjectNode) document, "_to", toPrefix);
        if (!document.hasNonNull("_from") || !document.hasNonNull("_to")) {
          problem = "missing '_from' or '_to' attribute";
        }
      }
      if (problem != null) {
        if (complete) {
          throw importError(problem);
        }
        errors++;
        detailLines.add("at position " + positions.get(i) + ": " + problem + ", offending document: " + document);
        continue;
      }
      valid.add(document);
      validPositions.add(positions.get(i));
    }

    String mode = onDuplicate.equals("error") ? null : onDuplicate;
    Documents.Options options = new Documents.Options(request.queryBool("waitForSync", false), false, false, false, mode,
        true, true, true, null);
    List<Outcome> outcomes = complete
        ? backend.insertAllOrNothing(collection, valid, options)
        : backend.insert(collection, valid, options, true);
    int created = 0;
    int updated = 0;
    int ignored = 0;
    for (int i = 0; i < outcomes.size(); i++) {
      Outcome outcome = outcomes.get(i);
      if (outcome.isError()) {
        if (complete) {
          throw shortened(outcome.error());
        }
        errors++;
        detailLines.add("at position " + validPositions.get(i) + ": creating document failed with error '"
            + shortened(outcome.error()).getMessage() + "', offending document: " + valid.get(i));
        continue;
      }
      switch (outcome.kind()) {
        case CREATED:
          created++;
          break;
        case REPLACED:
          updated++;
          break;
        default:
          ignored++;
      }
    }
    ObjectNode body = Json.object();
    body.put("error", false);
    body.put("created", created);
    body.put("errors", errors);
    body.put("empty", empty);
    body.put("updated", updated);
    body.put("ignored", ignored);
    if (details) {
      body.set("details", detailLines);
    }
    return ApiResponse.json(201, body);
  }

  /** The import API answers malformed input with errorNum 400 (HTTP_BAD_PARAMETER), not 10. */
  private static ArangoError importError(String message) {
    return new ArangoError(400, ArangoError.HTTP_BAD_PARAMETER, message);
  }

  /** The import API words a duplicate key without the index details of the document API. */
  private static ArangoError shortened(ArangoError error) {
    if (error.errorNum() == ArangoError.UNIQUE_CONSTRAINT_VIOLATED) {
      return new ArangoError(409, ArangoError.UNIQUE_CONSTRAINT_VIOLATED, "unique constraint violated");
    }
    return error;
  }

  private static void prefix(ObjectNode document, String attribute, String prefix) {
    JsonNode value = document.get(attribute);
    if (prefix != null && value != null && value.isTextual() && !value.asText().contains("/")) {
      document.put(attribute, prefix + "/" + value.asText());
    }
  }

  /** Fills documents and their positions (as ArangoDB numbers them in details); returns the empty-line count. */
  private static int parse(ApiRequest request, String type, List<JsonNode> documents, List<Integer> positions) {
    byte[] body = request.body();
    String text = new String(body == null ? new byte[0] : body, StandardCharsets.UTF_8);
    String trimmed = text.strip();
    if (type == null) {
      return parseHeaderAndValues(text, documents, positions);
    }
    boolean list = type.equals("list") || type.equals("array") || (type.equals("auto") && trimmed.startsWith("["));
    if (list) {
      JsonNode array = Json.parse(body);
      if (!array.isArray()) {
        throw importError("expecting a JSON array in the request");
      }
      int position = 1;
      for (JsonNode element : array) {
        documents.add(element);
        positions.add(position++);
      }
      return 0;
    }
    if (!type.equals("documents") && !type.equals("auto")) {
      throw importError("invalid value for 'type'");
    }
    int empty = 0;
    String[] lines = text.split("\r?\n", -1);
    for (int i = 0; i < lines.length; i++) {
      String line = lines[i].strip();
      if (line.isEmpty()) {
        if (i < lines.length - 1) {
          empty++;
        }
        continue;
      }
      documents.add(Json.parse(line.getBytes(StandardCharsets.UTF_8)));
      positions.add(i);
    }
    return empty;
  }

  private static int parseHeaderAndValues(String text, List<JsonNode> documents, List<Integer> positions) {
    String[] lines = text.split("\r?\n");
    JsonNode header = null;
    int empty = 0;
    for (int i = 0; i < lines.length; i++) {
      String line = lines[i].strip();
      if (line.isEmpty()) {
        empty++;
        continue;
      }
      JsonNode values = Json.parse(line.getBytes(StandardCharsets.UTF_8));
      if (!values.isArray()) {
        throw importError("no JSON array found in second line");
      }
      if (header == null) {
        header = values;
        continue;
      }
      if (values.size() != header.size()) {
        throw importError("wrong number of JSON values (got " + values.size() + ", expected " + header.size() + ")");
      }
      ObjectNode document = Json.object();
      for (int j = 0; j < header.size(); j++) {
        document.set(header.get(j).asText(), values.get(j));
      }
      documents.add(document);
      positions.add(i);
    }
    if (header == null) {
      throw importError("no JSON array found in first line");
    }
    return empty;
  }
}
