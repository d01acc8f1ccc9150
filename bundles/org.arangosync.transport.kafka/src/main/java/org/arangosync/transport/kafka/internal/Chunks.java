package org.arangosync.transport.kafka.internal;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;

/**
 * Messages larger than a Kafka record may be are sent as consecutive chunk records of one channel,
 * each with the header {@value #HEADER} = (index, count) as two big-endian ints. A channel's
 * records are written by one producer in order, so a message's chunks are consecutive among that
 * channel's records; other channels' records may sit between them in the partition.
 */
final class Chunks {

  static final String HEADER = "arangosync.chunk";

  private Chunks() {}

  /** {@code message} in pieces of at most {@code chunkBytes}. */
  static List<byte[]> split(byte[] message, int chunkBytes) {
    List<byte[]> chunks = new ArrayList<>();
    for (int from = 0; from < message.length; from += chunkBytes) {
      chunks.add(Arrays.copyOfRange(message, from, Math.min(message.length, from + chunkBytes)));
    }
    return chunks;
  }

  static byte[] header(int index, int count) {
    return ByteBuffer.allocate(8).putInt(index).putInt(count).array();
  }

  /** (index, count) of a chunk record, or null for a record that holds a whole message. */
  static int[] position(Headers headers) {
    Header header = headers.lastHeader(HEADER);
    if (header == null) {
      return null;
    }
    ByteBuffer value = ByteBuffer.wrap(header.value());
    return new int[] {value.getInt(), value.getInt()};
  }

  /**
   * Puts one channel's chunks back together. A sequence that breaks off (a producer that failed
   * half-way through a message and sent it again, or a reader that started inside a message) is
   * dropped: the whole message follows again or was committed before.
   */
  static final class Assembly {

    private final List<byte[]> parts = new ArrayList<>();
    private int expectedCount;
    private int size;

    /** Adds chunk {@code index} of {@code count}; returns the whole message after its last chunk, else null. */
    byte[] add(int index, int count, byte[] chunk) {
      if (index == 0) {
        reset();
        expectedCount = count;
      } else if (index != parts.size() || count != expectedCount) {
        reset();
        return null;
      }
      parts.add(chunk);
      size += chunk.length;
      if (parts.size() < expectedCount) {
        return null;
      }
      byte[] whole = new byte[size];
      int at = 0;
      for (byte[] part : parts) {
        System.arraycopy(part, 0, whole, at, part.length);
        at += part.length;
      }
      reset();
      return whole;
    }

    /** Whether a message is half read. */
    boolean inProgress() {
      return !parts.isEmpty();
    }

    void reset() {
      parts.clear();
      expectedCount = 0;
      size = 0;
    }
  }
}
