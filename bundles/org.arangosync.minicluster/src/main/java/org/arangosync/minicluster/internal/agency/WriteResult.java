package org.arangosync.minicluster.internal.agency;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * The answer to {@code POST /_api/agency/write}.
 *
 * <p>{@code results} holds one number per transaction, in request order: the commit index of an
 * applied transaction, or 0 for one that was not applied. The HTTP status follows ArangoDB's
 * {@code RestAgencyHandler::handleWrite}: 403 if any transaction wrote below {@code /.agency}, else
 * 412 if any precondition failed, else 200. A transaction that is dropped for another reason
 * (erasing a position past the end of an array) is reported as 0 without changing the status,
 * exactly as ArangoDB reports its {@code UNKNOWN_ERROR}.
 *
 * @param results one entry per transaction, to be sent as is
 * @param httpStatus 200, 403 or 412
 */
public record WriteResult(ArrayNode results, int httpStatus) {

  public WriteResult {
    if (results == null) {
      throw new IllegalArgumentException("results must not be null");
    }
    if (httpStatus != 200 && httpStatus != 403 && httpStatus != 412) {
      throw new IllegalArgumentException(
          "an agency write answers 200, 403 or 412, not " + httpStatus);
    }
  }

  /** Whether every transaction was applied (no result is 0). */
  public boolean allApplied() {
    for (int i = 0; i < results.size(); i++) {
      if (results.get(i).asLong() == 0) {
        return false;
      }
    }
    return true;
  }

  /** The response body, {@code {"results": [...]}}. */
  public ObjectNode body() {
    ObjectNode body = JsonNodeFactory.instance.objectNode();
    body.set("results", results.deepCopy());
    return body;
  }
}
