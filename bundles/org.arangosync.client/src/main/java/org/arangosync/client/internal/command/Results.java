package org.arangosync.client.internal.command;

import com.fasterxml.jackson.annotation.JsonAutoDetect.Visibility;
import com.fasterxml.jackson.annotation.PropertyAccessor;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * Writes the result an administration command {@link org.arangosync.command.ReportsResult reports}:
 * what it got from the masters (the client's records, e.g. {@link org.arangosync.client.SyncInfo})
 * or a small record saying what it did, as compact JSON.
 *
 * <p>Invariant: a record is written as exactly its components, in declaration order, each under the
 * name the master's JSON uses where the component maps one with {@code @JsonProperty} (e.g. {@code
 * status_message}, {@code cluster_id}), else under the component's name. Derived methods such as
 * {@code SyncInfo.isTarget()} are not written, so the JSON holds what the master said and nothing a
 * script could mistake for it.
 */
final class Results {

  /**
   * Fields, not getters: Jackson would otherwise also write every {@code isXxx()} of a record (e.g.
   * {@code "target"} from {@code isTarget()}). The @JsonProperty of a record component also names its field.
   */
  private static final ObjectMapper JSON = new ObjectMapper()
      .setVisibility(PropertyAccessor.GETTER, Visibility.NONE)
      .setVisibility(PropertyAccessor.IS_GETTER, Visibility.NONE)
      .setVisibility(PropertyAccessor.FIELD, Visibility.ANY);

  private Results() {}

  /** {@code result} (records, lists, maps, strings, numbers, booleans) as compact JSON text. */
  static String json(Object result) {
    try {
      return JSON.writeValueAsString(result);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("a command's result is plain data and always serializes: " + e.getOriginalMessage(), e);
    }
  }
}
