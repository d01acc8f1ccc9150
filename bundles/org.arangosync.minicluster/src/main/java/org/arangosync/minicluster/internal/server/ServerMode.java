package org.arangosync.minicluster.internal.server;

import java.util.concurrent.atomic.AtomicBoolean;

/**
 * ArangoDB's server mode as {@code /_admin/server/mode} reads and sets it: {@code default}
 * (read-write) or {@code readonly}. While read-only, {@link ServerModeHandler#refuseWrites} refuses
 * every write of user data and structure with 403/1004; reads, replication and administration go on.
 *
 * <p>Implementations are thread-safe: every request of every server that shares a mode reads it,
 * and a change is seen by the next request that starts after {@link #setReadOnly} returned.
 */
public interface ServerMode {

  boolean readOnly();

  void setReadOnly(boolean readOnly);

  /**
   * A mode held in memory by one server, as ArangoDB's single server holds it: a restart comes back
   * read-write.
   */
  static ServerMode inMemory() {
    AtomicBoolean readOnly = new AtomicBoolean();
    return new ServerMode() {
      @Override
      public boolean readOnly() {
        return readOnly.get();
      }

      @Override
      public void setReadOnly(boolean value) {
        readOnly.set(value);
      }
    };
  }
}
