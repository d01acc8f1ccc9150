package org.arangosync.api.spi.transport;

import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Objects;
import java.util.zip.CRC32C;
import org.arangosync.api.Tick;
import org.arangosync.api.spi.store.ShardRef;

/**
 * One message on a channel: what it is ({@link MessageKind}), for which shard (none for the
 * structure and for control messages of a whole datacenter), the ticks it covers and its payload,
 * which the transport never looks into.
 *
 * <p>Binary form, format version {@value #FORMAT_VERSION} (big-endian): the magic bytes
 * {@code "ASE"}, the format version (1 byte), the kind code (1 byte), the channel name (2-byte
 * length, UTF-8), a shard flag (1 byte; when 1: database and collection as 2-byte length + UTF-8,
 * the shard index as 4 bytes), the first and last tick (8 bytes each, unsigned), the payload
 * (4-byte length, bytes), and a CRC-32C of everything before it (4 bytes). Invariant:
 * {@code decode(e.encode()).equals(e)} for every envelope; a changed byte anywhere fails the
 * checksum; a newer format version is refused with a message that says to upgrade, never guessed at.
 *
 * @param channel the channel it was sent on (a consumer checks it is the one it reads)
 * @param kind data, control or heartbeat
 * @param shard the shard it is about, or null
 * @param fromTick the first tick it covers ({@link Tick#ZERO} when none)
 * @param toTick the last tick it covers ({@link Tick#ZERO} when none); not before {@code fromTick}
 * @param payload the content, opaque to the transport
 */
public record Envelope(ChannelName channel, MessageKind kind, ShardRef shard, Tick fromTick, Tick toTick, byte[] payload) {

  /** The format this version writes, and the newest it reads. */
  public static final int FORMAT_VERSION = 1;

  private static final byte[] MAGIC = {'A', 'S', 'E'};
  private static final int MAX_NAME_BYTES = 0xFFFF;

  public Envelope {
    Objects.requireNonNull(channel, "channel");
    Objects.requireNonNull(kind, "kind");
    fromTick = fromTick == null ? Tick.ZERO : fromTick;
    toTick = toTick == null ? Tick.ZERO : toTick;
    if (fromTick.isAfter(toTick)) {
      throw new IllegalArgumentException("an envelope's ticks run forwards: from " + fromTick + " to " + toTick);
    }
    payload = payload == null ? new byte[0] : payload;
  }

  /** A heartbeat on {@code channel}: no shard, no ticks, no payload. */
  public static Envelope heartbeat(ChannelName channel) {
    return new Envelope(channel, MessageKind.HEARTBEAT, null, Tick.ZERO, Tick.ZERO, new byte[0]);
  }

  /** The binary form described in the class comment. */
  public byte[] encode() {
    byte[] name = channel.value().getBytes(StandardCharsets.UTF_8);
    byte[] database = shard == null ? new byte[0] : utf8(shard.database(), "database");
    byte[] collection = shard == null ? new byte[0] : utf8(shard.collection(), "collection");
    int size = MAGIC.length + 1 + 1 + 2 + name.length + 1 + (shard == null ? 0 : 2 + database.length + 2 + collection.length + 4)
        + 8 + 8 + 4 + payload.length + 4;
    ByteBuffer out = ByteBuffer.allocate(size);
    out.put(MAGIC).put((byte) FORMAT_VERSION).put((byte) kind.code());
    out.putShort((short) name.length).put(name);
    out.put((byte) (shard == null ? 0 : 1));
    if (shard != null) {
      out.putShort((short) database.length).put(database);
      out.putShort((short) collection.length).put(collection);
      out.putInt(shard.shardIndex());
    }
    out.putLong(fromTick.value()).putLong(toTick.value());
    out.putInt(payload.length).put(payload);
    CRC32C crc = new CRC32C();
    crc.update(out.array(), 0, out.position());
    out.putInt((int) crc.getValue());
    return out.array();
  }

  /**
   * Reads the binary form.
   *
   * @throws EnvelopeException naming what is wrong: not an envelope, a newer format, a checksum
   *     mismatch (corrupt in transit or at rest), or a truncated message
   */
  public static Envelope decode(byte[] bytes) {
    return decode(bytes, 0, bytes == null ? 0 : bytes.length);
  }

  /** Reads the binary form at {@code bytes[start .. start+length)} (e.g. one frame of a larger answer). */
  public static Envelope decode(byte[] bytes, int start, int length) {
    return decode(bytes, start, length, null);
  }

  /**
   * Reads the binary form at {@code bytes[start .. start+length)}, reusing the channel name and
   * shard of {@code previous} (the envelope read before on the same channel, or null) when they
   * are the same: a stream of small messages then costs no name parsing per message.
   */
  public static Envelope decode(byte[] bytes, int start, int length, Envelope previous) {
    if (bytes == null || length < MAGIC.length + 1 || bytes[start] != MAGIC[0] || bytes[start + 1] != MAGIC[1]
        || bytes[start + 2] != MAGIC[2]) {
      throw new EnvelopeException("not an arangosync message envelope (" + length + " bytes without the ASE header)");
    }
    int version = bytes[start + 3] & 0xFF;
    if (version > FORMAT_VERSION) {
      throw new EnvelopeException("message envelope format " + version + " is newer than this arangosync reads (" + FORMAT_VERSION
          + "); upgrade the receiving side to the sender's version");
    }
    if (version < 1) {
      throw new EnvelopeException("message envelope format " + version + " does not exist");
    }
    if (length < 8) {
      throw new EnvelopeException("message envelope truncated: " + length + " bytes");
    }
    CRC32C crc = new CRC32C();
    crc.update(bytes, start, length - 4);
    int expected = ByteBuffer.wrap(bytes, start + length - 4, 4).getInt();
    if ((int) crc.getValue() != expected) {
      throw new EnvelopeException("message envelope corrupt: checksum mismatch over " + length + " bytes");
    }
    ByteBuffer in = ByteBuffer.wrap(bytes, start + 4, length - 8);
    try {
      int kindCode = in.get() & 0xFF;
      MessageKind kind = MessageKind.of(kindCode);
      if (kind == null) {
        throw new EnvelopeException("message envelope of unknown kind " + kindCode + "; upgrade the receiving side");
      }
      ChannelName channel;
      if (previous != null && sameText(in, previous.channel.value())) {
        skipText(in);
        channel = previous.channel;
      } else {
        channel = new ChannelName(string(in));
      }
      ShardRef shard = null;
      if (in.get() == 1) {
        ShardRef before = previous == null ? null : previous.shard;
        if (before != null && sameText(in, before.database())) {
          int mark = in.position();
          skipText(in);
          if (sameText(in, before.collection())) {
            skipText(in);
            int index = in.getInt();
            shard = index == before.shardIndex() ? before : new ShardRef(before.database(), before.collection(), index);
          } else {
            in.position(mark);
          }
        }
        if (shard == null) {
          String database = string(in);
          String collection = string(in);
          shard = new ShardRef(database, collection, in.getInt());
        }
      }
      Tick from = new Tick(in.getLong());
      Tick to = new Tick(in.getLong());
      int payloadLength = in.getInt();
      if (payloadLength < 0 || payloadLength != in.remaining()) {
        throw new EnvelopeException("message envelope corrupt: payload length " + payloadLength + ", " + in.remaining() + " bytes left");
      }
      byte[] payload = new byte[payloadLength];
      in.get(payload);
      return new Envelope(channel, kind, shard, from, to, payload);
    } catch (BufferUnderflowException | IllegalArgumentException e) {
      throw new EnvelopeException("message envelope corrupt: " + (e.getMessage() == null ? "truncated" : e.getMessage()));
    }
  }

  private static byte[] utf8(String text, String what) {
    byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
    if (bytes.length > MAX_NAME_BYTES) {
      throw new IllegalArgumentException("a " + what + " name of " + bytes.length + " bytes does not fit an envelope");
    }
    return bytes;
  }

  /**
   * Whether the length-prefixed text at the buffer's position is {@code text}, compared byte by
   * char without decoding (non-ASCII text never counts as the same: it is decoded instead). The
   * position does not move.
   */
  private static boolean sameText(ByteBuffer in, String text) {
    int at = in.position();
    int length = in.getShort(at) & 0xFFFF;
    if (length != text.length() || at + 2 + length > in.limit()) {
      return false;
    }
    for (int i = 0; i < length; i++) {
      int b = in.get(at + 2 + i);
      if (b < 0 || b != text.charAt(i)) {
        return false;
      }
    }
    return true;
  }

  private static void skipText(ByteBuffer in) {
    int length = in.getShort() & 0xFFFF;
    in.position(in.position() + length);
  }

  private static String string(ByteBuffer in) {
    int length = in.getShort() & 0xFFFF;
    byte[] bytes = new byte[length];
    in.get(bytes);
    return new String(bytes, StandardCharsets.UTF_8);
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof Envelope that && channel.equals(that.channel) && kind == that.kind && Objects.equals(shard, that.shard)
        && fromTick.equals(that.fromTick) && toTick.equals(that.toTick) && Arrays.equals(payload, that.payload);
  }

  @Override
  public int hashCode() {
    return Objects.hash(channel, kind, shard, fromTick, toTick, Arrays.hashCode(payload));
  }

  @Override
  public String toString() {
    return kind + " on " + channel + (shard == null ? "" : " for " + shard) + " ticks " + fromTick + ".." + toTick + ", "
        + payload.length + " bytes";
  }
}
