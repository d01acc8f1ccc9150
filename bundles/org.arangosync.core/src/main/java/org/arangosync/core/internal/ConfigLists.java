package org.arangosync.core.internal;

import java.util.ArrayList;
import java.util.List;

/**
 * List attributes of a configuration: a Felix {@code .cfg} file gives a list as one value with
 * commas, ConfigurationAdmin as separate values; both come out as one list of trimmed, non-empty items.
 */
public final class ConfigLists {

  private ConfigLists() {}

  public static List<String> split(String[] values) {
    List<String> all = new ArrayList<>();
    for (String value : values) {
      for (String each : value.split(",")) {
        if (!each.isBlank()) {
          all.add(each.strip());
        }
      }
    }
    return all;
  }
}
