package org.arangosync.transport.kafka.internal;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The transport topics as an operator gives them: {@code --mq.transport-topic} (repeatable) and
 * {@code --mq.transport-topicsfile} (one name per line, {@code #} comments and blank lines
 * ignored). The list must not change while synchronization runs: channels are placed on the
 * topics' partitions by hash.
 */
final class TransportTopics {

  /** Kafka's rule for topic names. */
  private static final Pattern LEGAL = Pattern.compile("[a-zA-Z0-9._-]{1,249}");

  private TransportTopics() {}

  /**
   * The topics named by both options, in order, without repeats.
   *
   * @throws IllegalArgumentException naming the bad name, the unreadable file, or an empty list
   */
  static List<String> of(List<String> topics, String topicsFile) {
    Set<String> all = new LinkedHashSet<>();
    for (String topic : topics) {
      all.add(checked(topic.strip(), "--mq.transport-topic"));
    }
    if (topicsFile != null && !topicsFile.isBlank()) {
      List<String> lines;
      try {
        lines = Files.readAllLines(Path.of(topicsFile));
      } catch (IOException e) {
        throw new IllegalArgumentException("cannot read the transport topics file " + topicsFile + " (--mq.transport-topicsfile): "
            + e, e);
      }
      for (int i = 0; i < lines.size(); i++) {
        String line = lines.get(i).strip();
        if (!line.isEmpty() && !line.startsWith("#")) {
          all.add(checked(line, topicsFile + " line " + (i + 1)));
        }
      }
    }
    if (all.isEmpty()) {
      throw new IllegalArgumentException("no transport topics: name them with --mq.transport-topic (repeatable) or "
          + "--mq.transport-topicsfile=<file with one topic per line>; 10-20 topics will do");
    }
    return new ArrayList<>(all);
  }

  private static String checked(String topic, String source) {
    if (!LEGAL.matcher(topic).matches() || topic.equals(".") || topic.equals("..")) {
      throw new IllegalArgumentException("'" + topic + "' (" + source + ") is not a Kafka topic name: use 1-249 of "
          + "a-z A-Z 0-9 . _ -");
    }
    return topic;
  }
}
