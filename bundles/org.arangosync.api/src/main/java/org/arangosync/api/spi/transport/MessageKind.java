package org.arangosync.api.spi.transport;

/** What a message carries; its code is its byte in the envelope's binary form and never changes. */
public enum MessageKind {
  /** Changes of a shard or of the structure, source to target. */
  DATA(1),
  /** Requests and acknowledgements, target to source (e.g. "resend from tick"). */
  CONTROL(2),
  /** Proof of life on an otherwise idle channel; the message timeout counts from the last one. */
  HEARTBEAT(3);

  private final int code;

  MessageKind(int code) {
    this.code = code;
  }

  public int code() {
    return code;
  }

  /** The kind of a code, or null for a code this version does not know. */
  public static MessageKind of(int code) {
    for (MessageKind kind : values()) {
      if (kind.code == code) {
        return kind;
      }
    }
    return null;
  }
}
