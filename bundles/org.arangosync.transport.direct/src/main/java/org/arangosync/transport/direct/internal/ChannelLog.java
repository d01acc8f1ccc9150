package org.arangosync.transport.direct.internal;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import org.arangosync.api.spi.transport.ChannelName;
import org.arangosync.api.spi.transport.TransportException;

/**
 * The messages of one channel that the producing worker keeps until the consumer commits them.
 *
 * <p>Invariants: offsets are 1, 2, 3, ... with no gaps; every message after the committed offset
 * can be read, in order, as often as a consumer asks (a consumer that restarts reads them again);
 * messages take at most {@code memoryLimit} bytes of heap, the rest is written to spill files in
 * {@code spillDirectory}, and once those hold {@code diskLimit} bytes, {@link #append} waits for
 * the consumer to commit (backpressure; a single message larger than the limits is still taken
 * when nothing else waits on disk, so that no message can block a channel for good). A spill file
 * is deleted once every message in it is committed.
 */
final class ChannelLog implements AutoCloseable {

  /** Spill files roll over at this size, so that committed space is given back while a channel streams. */
  private static final long SEGMENT_BYTES = 64L << 20;

  private final ChannelName channel;
  private final Path spillDirectory;
  private final long memoryLimit;
  private final long diskLimit;

  private final ReentrantLock lock = new ReentrantLock();
  private final Condition appended = lock.newCondition();
  private final Condition freed = lock.newCondition();

  /** Entries of offsets committed+1 .. last, from index {@code head}. */
  private final ArrayList<Entry> entries = new ArrayList<>();
  private int head;
  private long committed;
  private long last;
  private long memoryBytes;
  private long diskBytes;
  private Segment writing;
  private int segmentNumber;
  private boolean closed;

  ChannelLog(ChannelName channel, Path spillDirectory, long memoryLimit, long diskLimit) {
    this.channel = channel;
    this.spillDirectory = spillDirectory;
    this.memoryLimit = memoryLimit;
    this.diskLimit = diskLimit;
  }

  ChannelName channel() {
    return channel;
  }

  /**
   * Appends {@code messages} in order and returns the offset of the last one.
   *
   * @throws TransportException when the channel stayed full for {@code maxWait} (a prefix may have
   *     been appended) or is closed
   */
  long append(List<byte[]> messages, Duration maxWait) throws InterruptedException {
    long deadline = System.nanoTime() + maxWait.toNanos();
    lock.lock();
    try {
      for (byte[] message : messages) {
        while (true) {
          if (closed) {
            throw new TransportException("channel " + channel + " is closed");
          }
          if (memoryBytes + message.length <= memoryLimit) {
            entries.add(new Entry(++last, message, null, 0, message.length));
            memoryBytes += message.length;
            break;
          }
          if (diskBytes == 0 || diskBytes + message.length <= diskLimit) {
            spill(message);
            break;
          }
          long remaining = deadline - System.nanoTime();
          if (remaining <= 0) {
            throw new TransportException("channel " + channel + " is full (" + memoryBytes + " bytes in memory, " + diskBytes
                + " on disk, up to offset " + last + ", committed " + committed + "): its consumer has not committed for "
                + maxWait.toSeconds() + " s; is the other datacenter reading it?");
          }
          freed.awaitNanos(remaining);
        }
        appended.signalAll();
      }
      return last;
    } finally {
      lock.unlock();
    }
  }

  /**
   * Up to {@code maxMessages} messages after {@code after} (at most about {@code maxBytes}, at
   * least one), waiting up to {@code maxWait} for the first. Messages at or before the committed
   * offset are gone: reading starts after it.
   */
  List<Stored> read(long after, int maxMessages, long maxBytes, Duration maxWait) throws InterruptedException {
    long deadline = System.nanoTime() + maxWait.toNanos();
    lock.lock();
    try {
      long from = Math.max(after, committed);
      while (last <= from && !closed) {
        long remaining = deadline - System.nanoTime();
        if (remaining <= 0) {
          return List.of();
        }
        appended.awaitNanos(remaining);
        from = Math.max(after, committed);
      }
      List<Stored> result = new ArrayList<>();
      long bytes = 0;
      for (long offset = from + 1; offset <= last && result.size() < maxMessages; offset++) {
        Entry entry = entries.get(head + (int) (offset - committed - 1));
        if (!result.isEmpty() && bytes + entry.length > maxBytes) {
          break;
        }
        result.add(new Stored(offset, entry.bytes != null ? entry.bytes : entry.segment.read(entry.position, entry.length)));
        bytes += entry.length;
      }
      return result;
    } finally {
      lock.unlock();
    }
  }

  /**
   * Forgets every message up to and including {@code offset}; committing an offset at or before
   * the committed one changes nothing.
   *
   * @throws IllegalArgumentException for an offset past the last message
   */
  void commit(long offset) {
    lock.lock();
    try {
      if (offset > last) {
        throw new IllegalArgumentException("offset " + offset + " is past the last message of channel " + channel + " (" + last + ")");
      }
      while (committed < offset) {
        Entry entry = entries.get(head);
        entries.set(head++, null);
        committed++;
        if (entry.bytes != null) {
          memoryBytes -= entry.length;
        } else {
          diskBytes -= entry.length;
          entry.segment.release(writing);
        }
      }
      if (head > 1024 && head > entries.size() / 2) {
        entries.subList(0, head).clear();
        head = 0;
      }
      freed.signalAll();
    } finally {
      lock.unlock();
    }
  }

  long committed() {
    lock.lock();
    try {
      return committed;
    } finally {
      lock.unlock();
    }
  }

  long last() {
    lock.lock();
    try {
      return last;
    } finally {
      lock.unlock();
    }
  }

  /** Wakes every waiting reader and writer and deletes the spill files. */
  @Override
  public void close() {
    lock.lock();
    try {
      closed = true;
      appended.signalAll();
      freed.signalAll();
      for (int i = head; i < entries.size(); i++) {
        Entry entry = entries.get(i);
        if (entry.segment != null) {
          entry.segment.delete();
        }
      }
      if (writing != null) {
        writing.delete();
      }
      entries.clear();
      head = 0;
    } finally {
      lock.unlock();
    }
  }

  private void spill(byte[] message) {
    try {
      if (writing == null || writing.size >= SEGMENT_BYTES) {
        Segment previous = writing;
        Files.createDirectories(spillDirectory);
        writing = new Segment(spillDirectory.resolve(channel.value() + "-" + (++segmentNumber) + ".spill"));
        if (previous != null && previous.live == 0) {
          previous.delete();
        }
      }
      long position = writing.append(message);
      entries.add(new Entry(++last, null, writing, position, message.length));
      diskBytes += message.length;
    } catch (IOException e) {
      throw new TransportException("channel " + channel + ": cannot spill to " + spillDirectory + ": " + e.getMessage(), e);
    }
  }

  /** A message ready to send, with its offset. */
  record Stored(long offset, byte[] bytes) {}

  /** A message in memory ({@code bytes}) or in a spill segment ({@code segment}, {@code position}). */
  private record Entry(long offset, byte[] bytes, Segment segment, long position, int length) {}

  /** One spill file: appended to while it is the newest, deleted when its last message is committed. */
  private static final class Segment {
    private final Path file;
    private final FileChannel channel;
    private long size;
    private int live;

    Segment(Path file) throws IOException {
      this.file = file;
      this.channel = FileChannel.open(file, StandardOpenOption.CREATE_NEW, StandardOpenOption.READ, StandardOpenOption.WRITE);
    }

    long append(byte[] message) throws IOException {
      long position = size;
      ByteBuffer buffer = ByteBuffer.wrap(message);
      while (buffer.hasRemaining()) {
        channel.write(buffer, size + buffer.position());
      }
      size += message.length;
      live++;
      return position;
    }

    byte[] read(long position, int length) {
      ByteBuffer buffer = ByteBuffer.allocate(length);
      try {
        while (buffer.hasRemaining()) {
          if (channel.read(buffer, position + buffer.position()) < 0) {
            throw new IOException("unexpected end of " + file);
          }
        }
      } catch (IOException e) {
        throw new UncheckedIOException("cannot read the spilled message at " + position + " of " + file, e);
      }
      return buffer.array();
    }

    /** One message less; the file goes when none is left and it is no longer written to. */
    void release(Segment writing) {
      live--;
      if (live == 0 && this != writing) {
        delete();
      }
    }

    void delete() {
      try {
        channel.close();
        Files.deleteIfExists(file);
      } catch (IOException e) {
        // A leftover spill file is harmless; the directory is emptied at the next start.
      }
    }
  }
}
