package org.arangosync.core.internal.master;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import org.arangosync.api.spi.state.StateStoreException;

/** Values read from the state store, which are JSON texts; one that is not is a broken store, named by what it held. */
final class StoredJson {

  private static final ObjectMapper JSON = new ObjectMapper();

  private StoredJson() {}

  /** @param what what the value is, e.g. "the task registry" */
  static JsonNode parse(String json, String what) {
    try {
      return JSON.readTree(json);
    } catch (IOException e) {
      throw new StateStoreException(what + " in the state store is not JSON: " + e.getMessage(), e);
    }
  }
}
