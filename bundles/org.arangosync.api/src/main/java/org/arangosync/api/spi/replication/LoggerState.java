package org.arangosync.api.spi.replication;

import java.util.List;
import java.util.Objects;
import org.arangosync.api.Tick;

/**
 * The state of a leader's replication logger, as {@code logger-state} reports it.
 *
 * @param running always true on RocksDB
 * @param lastLogTick the last committed operation in the WAL
 * @param lastUncommittedLogTick the same as {@code lastLogTick} on RocksDB
 * @param totalEvents log events since the server started
 * @param time the server's time, {@code YYYY-MM-DDTHH:MM:SSZ}
 * @param server the leader's identity
 * @param clients the followers that tailed recently
 */
public record LoggerState(boolean running, Tick lastLogTick, Tick lastUncommittedLogTick, long totalEvents, String time,
    ServerInfo server, List<Client> clients) {

  public LoggerState {
    Objects.requireNonNull(lastLogTick, "lastLogTick");
    Objects.requireNonNull(lastUncommittedLogTick, "lastUncommittedLogTick");
    Objects.requireNonNull(server, "server");
    clients = List.copyOf(clients);
  }

  /**
   * A server as replication names it.
   *
   * @param engine the storage engine, null where the answer does not name it
   */
  public record ServerInfo(String version, String serverId, String engine) {}

  /**
   * A follower that tailed the log.
   *
   * @param syncerId null where the server does not report it (before 3.5)
   * @param clientInfo null where not reported
   * @param expires null where not reported
   */
  public record Client(String serverId, String syncerId, String clientInfo, String time, String expires, Tick lastServedTick) {}
}
