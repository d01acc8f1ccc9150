package org.arangosync.minicluster.internal.storage;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.function.Predicate;
import org.arangosync.minicluster.internal.http.Json;
import org.rocksdb.LogFile;
import org.rocksdb.RocksDBException;
import org.rocksdb.TransactionLogIterator;
import org.rocksdb.WalFileType;
import org.rocksdb.WriteBatch;

/**
 * Reads replication markers back from RocksDB's own WAL, as ArangoDB's RocksDB engine does for
 * {@code /_api/wal/tail} and {@code logger-follow}.
 *
 * <p>Ticks are RocksDB sequence numbers. {@code from} is exclusive, {@code to} inclusive. The
 * chunk size is checked after a marker is appended, so a chunk holds at least one marker.
 */
public final class WalReader implements AutoCloseable {

  /** How many paused tails to keep; each is an open RocksDB log iterator. */
  private static final int MAX_CONTINUATIONS = 16;

  /** The two line formats: {@code /_api/wal/tail} and the legacy {@code logger-follow}. */
  public enum Format {
    WAL,
    LOGGER
  }

  /** What one tail call found. */
  public record Tail(byte[] body, int markers, long lastIncluded, long lastScanned, long lastTick, boolean fromPresent) {
    public boolean checkMore() {
      return lastIncluded > 0 && lastIncluded < lastTick;
    }
  }

  private final RocksEngine engine;

  /**
   * Log iterators of tails that stopped because their chunk was full, by the tick they stopped
   * at. RocksDB finds a sequence number by reading its WAL file from the start, so a client
   * catching up in chunks would otherwise pay for the whole file on every request; the next
   * request (whose {@code from} is that tick) continues the iterator instead.
   */
  private final java.util.LinkedHashMap<Long, Continuation> continuations = new java.util.LinkedHashMap<>();

  /**
   * A paused tail: the log iterator (already past {@code batch}) and the batch it stopped in,
   * which RocksDB hands out only once, so it is kept rather than fetched again.
   */
  private record Continuation(TransactionLogIterator iterator, WriteBatch batch, long sequence) implements AutoCloseable {
    @Override
    public void close() {
      if (batch != null) {
        batch.close();
      }
      iterator.close();
    }
  }

  public WalReader(RocksEngine engine) {
    this.engine = engine;
  }

  private Continuation takeContinuation(long from) {
    synchronized (continuations) {
      return continuations.remove(from);
    }
  }

  private void keepContinuation(long tick, Continuation continuation) {
    synchronized (continuations) {
      Continuation replaced = continuations.put(tick, continuation);
      if (replaced != null && replaced != continuation) {
        replaced.close();
      }
      while (continuations.size() > MAX_CONTINUATIONS) {
        Long oldest = continuations.keySet().iterator().next();
        continuations.remove(oldest).close();
      }
    }
  }

  @Override
  public void close() {
    synchronized (continuations) {
      continuations.values().forEach(Continuation::close);
      continuations.clear();
    }
  }

  /** The oldest tick still in the WAL (the first sequence of the oldest WAL file). */
  public long firstTick() {
    List<LogFile> files = engine.walFiles();
    return files.isEmpty() ? engine.latestSequence() + 1 : Math.max(1, files.get(0).startSequence());
  }

  public long lastTick() {
    return engine.latestSequence();
  }

  /** One entry per WAL file, as {@code logger-tick-ranges} reports them. */
  public List<ObjectNode> tickRanges() {
    List<LogFile> files = engine.walFiles();
    List<ObjectNode> ranges = new java.util.ArrayList<>();
    long latest = engine.latestSequence();
    for (int i = 0; i < files.size(); i++) {
      LogFile file = files.get(i);
      ObjectNode range = Json.object();
      boolean archived = file.type() == WalFileType.kArchivedLogFile;
      String name = file.pathName().substring(file.pathName().lastIndexOf('/') + 1);
      range.put("datafile", (archived ? "/archive/" : "/") + name);
      range.put("status", archived ? "collected" : "open");
      range.put("tickMin", Long.toUnsignedString(Math.max(1, file.startSequence())));
      long max = i + 1 < files.size() ? files.get(i + 1).startSequence() - 1 : latest;
      range.put("tickMax", Long.toUnsignedString(Math.max(max, file.startSequence())));
      ranges.add(range);
    }
    return ranges;
  }

  /**
   * The markers after {@code from} up to {@code to} that {@code include} accepts, until about
   * {@code chunkSize} bytes are collected.
   */
  public Tail tail(long from, long to, long chunkSize, Predicate<ObjectNode> include, Format format) {
    long lastTick = engine.latestSequence();
    long first = firstTick();
    boolean fromPresent = from + 1 >= first || from >= lastTick;
    Collector collector = new Collector(from, to, chunkSize, include, format);
    if (Long.compareUnsigned(from, lastTick) < 0 && Long.compareUnsigned(from, to) < 0) {
      Continuation paused = takeContinuation(from);
      TransactionLogIterator batches = paused == null ? null : paused.iterator();
      WriteBatch current = paused == null ? null : paused.batch();
      long currentSequence = paused == null ? 0 : paused.sequence();
      boolean keep = false;
      try {
        if (batches == null) {
          batches = engine.updatesSince(Math.max(from + 1, first));
        }
        while (!collector.done) {
          if (current == null) {
            if (!batches.isValid()) {
              break;
            }
            TransactionLogIterator.BatchResult result = batches.getBatch();
            current = result.writeBatch();
            currentSequence = result.sequenceNumber();
            batches.next();
          }
          collector.sequence = currentSequence;
          current.iterate(collector);
          if (collector.done) {
            break; // keep this batch: its later operations come next time
          }
          current.close();
          current = null;
        }
        keep = collector.chunkFull;
      } catch (RocksDBException e) {
        // The WAL moved on between listing and reading (files purged): the start is gone.
        fromPresent = false;
      } finally {
        if (keep) {
          keepContinuation(collector.lastIncluded, new Continuation(batches, current, currentSequence));
        } else {
          if (current != null) {
            current.close();
          }
          if (batches != null) {
            batches.close();
          }
        }
      }
    }
    long lastScanned = collector.lastScanned == 0 ? (Long.compareUnsigned(lastTick, to) < 0 ? lastTick : to) : collector.lastScanned;
    return new Tail(collector.out.toByteArray(), collector.count, collector.lastIncluded, lastScanned, lastTick, fromPresent);
  }

  /** Turns write batch entries into marker lines; one sequence number per put, merge or delete. */
  private static final class Collector extends WriteBatch.Handler {
    private final long from;
    private final long to;
    private final long chunkSize;
    private final Predicate<ObjectNode> include;
    private final Format format;
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    long sequence;
    private ObjectNode pending;
    long lastIncluded;
    long lastScanned;
    int count;
    boolean done;
    boolean chunkFull;

    Collector(long from, long to, long chunkSize, Predicate<ObjectNode> include, Format format) {
      this.from = from;
      this.to = to;
      this.chunkSize = chunkSize;
      this.include = include;
      this.format = format;
    }

    @Override
    public boolean shouldContinue() {
      return !done;
    }

    private void operation(byte[] value) {
      long tick = sequence++;
      ObjectNode header = pending;
      pending = null;
      if (tick <= from) {
        return;
      }
      if (Long.compareUnsigned(tick, to) > 0) {
        done = true;
        return;
      }
      lastScanned = tick;
      if (header == null || !include.test(header)) {
        return;
      }
      byte[] line = format == Format.WAL ? walLine(tick, header, value) : loggerLine(tick, header, value);
      out.write(line, 0, line.length);
      out.write('\n');
      lastIncluded = tick;
      count++;
      if (out.size() >= chunkSize) {
        done = true;
        chunkFull = true;
      }
    }

    private byte[] lastBlob;
    private ObjectNode lastHeader;

    @Override
    public void logData(byte[] blob) {
      // The documents of one request share their header byte for byte: parse it once.
      if (!java.util.Arrays.equals(blob, lastBlob)) {
        lastHeader = Markers.read(blob);
        lastBlob = blob;
      }
      pending = lastHeader;
    }

    @Override
    public void put(int family, byte[] key, byte[] value) {
      operation(value);
    }

    @Override
    public void put(byte[] key, byte[] value) {
      operation(value);
    }

    @Override
    public void merge(int family, byte[] key, byte[] value) {
      operation(null);
    }

    @Override
    public void merge(byte[] key, byte[] value) {
      operation(null);
    }

    @Override
    public void delete(int family, byte[] key) {
      operation(null);
    }

    @Override
    public void delete(byte[] key) {
      operation(null);
    }

    @Override
    public void singleDelete(int family, byte[] key) {
      operation(null);
    }

    @Override
    public void singleDelete(byte[] key) {
      operation(null);
    }

    @Override
    public void deleteRange(int family, byte[] begin, byte[] end) {
      operation(null);
    }

    @Override
    public void deleteRange(byte[] begin, byte[] end) {
      operation(null);
    }

    @Override
    public void putBlobIndex(int family, byte[] key, byte[] value) {
      operation(null);
    }

    @Override
    public void markBeginPrepare() {}

    @Override
    public void markEndPrepare(byte[] xid) {}

    @Override
    public void markNoop(boolean emptyBatch) {}

    @Override
    public void markRollback(byte[] xid) {}

    @Override
    public void markCommit(byte[] xid) {}

    @Override
    public void markCommitWithTimestamp(byte[] xid, byte[] timestamp) {}
  }

  /** {@code {"tick":"..","type":..,"db":"..","tid":"..","cuid":"..","data":{..}}}. */
  static byte[] walLine(long tick, ObjectNode header, byte[] value) {
    int type = header.get("type").asInt();
    if (type == Markers.DOCUMENT_UPSERT && value != null) {
      // The hot path: splice the stored document instead of parsing and re-serialising it.
      StringBuilder prefix = new StringBuilder(96);
      prefix.append("{\"tick\":\"").append(Long.toUnsignedString(tick)).append("\",\"type\":2300,\"db\":")
          .append(quote(header.get("db").asText())).append(",\"tid\":\"").append(header.path("tid").asText("0"))
          .append("\",\"cuid\":").append(quote(header.get("cuid").asText())).append(",\"data\":");
      byte[] head = prefix.toString().getBytes(StandardCharsets.UTF_8);
      byte[] document = StoredDocument.withId(value, idPrefix(header));
      byte[] line = new byte[head.length + document.length + 1];
      System.arraycopy(head, 0, line, 0, head.length);
      System.arraycopy(document, 0, line, head.length, document.length);
      line[line.length - 1] = '}';
      return line;
    }
    ObjectNode line = Json.object();
    line.put("tick", Long.toUnsignedString(tick));
    line.put("type", type);
    line.put("db", header.get("db").asText());
    copy(header, line, "tid");
    copy(header, line, "cuid");
    copy(header, line, "data");
    return Json.bytes(line);
  }

  /** {@code {"tick","type","database":<db id>,"tid","cid","cname","data"}} as logger-follow shows them. */
  static byte[] loggerLine(long tick, ObjectNode header, byte[] value) {
    int type = header.get("type").asInt();
    ObjectNode line = Json.object();
    line.put("tick", Long.toUnsignedString(tick));
    line.put("type", type);
    line.put("database", header.get("dbId").asText());
    copy(header, line, "tid");
    if (type == Markers.COLLECTION_DROP) {
      copy(header, line, "cuid");
    }
    copy(header, line, "cid");
    if (type >= 2300) {
      copy(header, line, "cname");
    }
    if (type == Markers.DOCUMENT_UPSERT && value != null) {
      line.set("data", Json.parse(StoredDocument.withId(value, idPrefix(header))));
    } else if (type == Markers.COLLECTION_DROP) {
      ObjectNode data = line.putObject("data");
      data.put("id", header.path("cid").asText());
      data.put("name", "");
    } else {
      copy(header, line, "data");
    }
    return Json.bytes(line);
  }

  /** The collection name that a document's _id carries: the cluster collection's for a shard. */
  private static String idPrefix(ObjectNode header) {
    JsonNode prefix = header.get("idp");
    return prefix != null ? prefix.asText() : header.get("cname").asText();
  }

  private static void copy(ObjectNode from, ObjectNode to, String field) {
    JsonNode value = from.get(field);
    if (value != null) {
      to.set(field, value);
    }
  }

  private static String quote(String text) {
    return Json.NODES.textNode(text).toString();
  }
}
