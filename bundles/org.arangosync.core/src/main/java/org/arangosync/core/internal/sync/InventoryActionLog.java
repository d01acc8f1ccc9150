package org.arangosync.core.internal.sync;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

/**
 * Runs the applier's actions one at a time and records one line per action taken ("created
 * collection db1/c2 (3 shards)") or warning. The first action that fails stops the run with an
 * {@link InventoryApplyException} naming it ("could not create collection db1/c2 (3 shards): ..").
 */
final class InventoryActionLog {

  /** An action's verb, as the failure message ("could not drop") and the line ("dropped") say it. */
  enum Verb {
    CREATE("create", "created"),
    DROP("drop", "dropped"),
    CHANGE("change", "changed");

    private final String present;
    private final String past;

    Verb(String present, String past) {
      this.present = present;
      this.past = past;
    }
  }

  private final List<String> lines = new ArrayList<>();

  /**
   * Runs one action and records "{verb in the past} {what}".
   *
   * @param what the object and details, e.g. "collection db1/c2 (3 shards)"
   */
  void run(Verb verb, String what, Runnable action) {
    try {
      action.run();
    } catch (RuntimeException e) {
      throw new InventoryApplyException("could not " + verb.present + " " + what + ": " + e.getMessage(), e, lines);
    }
    lines.add(verb.past + " " + what);
  }

  /** Reads from the target; a failure is reported like a failed action, naming what was read. */
  <T> T read(String what, Supplier<T> query) {
    try {
      return query.get();
    } catch (RuntimeException e) {
      throw new InventoryApplyException("could not read " + what + ": " + e.getMessage(), e, lines);
    }
  }

  /** Records a difference the applier leaves alone on purpose. */
  void warn(String line) {
    lines.add("warning: " + line);
  }

  List<String> lines() {
    return List.copyOf(lines);
  }
}
