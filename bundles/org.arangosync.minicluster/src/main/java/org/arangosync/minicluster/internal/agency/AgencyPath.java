package org.arangosync.minicluster.internal.agency;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Agency keys as ArangoDB reads them.
 *
 * <p>A key is split at {@code /}; empty segments (leading, trailing or repeated slashes) are
 * dropped, so {@code "//a///b/"} and {@code "a/b"} name the same node and {@code ""}, {@code "/"}
 * and {@code "///"} name the root. This is {@code Store::split} and {@code Store::normalize} as
 * tested in ArangoDB's {@code tests/Agency/StoreTest.cpp} ({@code store_split},
 * {@code store_normalize}). Consequently a segment is never empty and never contains {@code /}.
 */
final class AgencyPath {

  /**
   * The order in which ArangoDB applies the operations of one transaction: by normalised key,
   * compared as {@code std::string} does (byte-wise UTF-8, which is code point order). See the
   * {@code std::sort} over {@code abskeys} in {@code Store::applies}.
   */
  static final Comparator<String> KEY_ORDER = AgencyPath::compareCodePoints;

  private AgencyPath() {}

  /** The segments of {@code key}; an empty list for the root. */
  static List<String> split(String key) {
    List<String> segments = new ArrayList<>();
    int start = 0;
    int length = key.length();
    while (start <= length) {
      int slash = key.indexOf('/', start);
      int end = slash < 0 ? length : slash;
      if (end > start) {
        segments.add(key.substring(start, end));
      }
      if (slash < 0) {
        break;
      }
      start = slash + 1;
    }
    return List.copyOf(segments);
  }

  /** The canonical form of {@code key}: {@code "/"} for the root, else {@code "/a/b"}. */
  static String normalize(String key) {
    return format(split(key));
  }

  /** The canonical form of a segment list. */
  static String format(List<String> segments) {
    if (segments.isEmpty()) {
      return "/";
    }
    StringBuilder text = new StringBuilder();
    for (String segment : segments) {
      text.append('/').append(segment);
    }
    return text.toString();
  }

  private static int compareCodePoints(String left, String right) {
    int i = 0;
    int j = 0;
    while (i < left.length() && j < right.length()) {
      int a = left.codePointAt(i);
      int b = right.codePointAt(j);
      if (a != b) {
        return Integer.compare(a, b);
      }
      i += Character.charCount(a);
      j += Character.charCount(b);
    }
    return Integer.compare(left.length() - i, right.length() - j);
  }
}
