package org.arangosync.minicluster;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import javax.net.ssl.SSLContext;
import org.arangosync.minicluster.internal.cluster.LocalCluster;
import org.arangosync.minicluster.internal.server.SingleServer;
import org.arangosync.minicluster.internal.storage.RocksEngine;

/**
 * An ArangoDB-API-compatible server for development, tests, benchmarks and the quickstart,
 * storing its data in RocksDB under a data directory (which survives restarts, {@code kill -9}
 * included).
 *
 * <p>Start one with {@link #builder()}: a cluster (one agent, one coordinator, N DB-Servers, each
 * on its own port, the coordinator on the given port and the others on the following ones) or a
 * single server. Authentication is on, as in ArangoDB: user {@code root} with an empty password
 * unless one is given, and superuser JWTs signed with the JWT secret.
 *
 * <p>It serves ArangoDB's server mode ({@code GET/PUT /_admin/server/mode}): while read-only, writes
 * of data and structure are refused with 403/1004 on every server, reads and replication go on. A
 * cluster keeps the mode in its agency ({@code /arango/Readonly}, surviving restarts); a single
 * server keeps it in memory, as ArangoDB's does.
 */
public final class MiniCluster implements AutoCloseable {

  /**
   * One server of the mini cluster.
   *
   * @param role AGENT, COORDINATOR, DBSERVER or SINGLE, as {@code /_admin/cluster/health} names roles
   */
  public record Server(String id, String role, URI endpoint) {}

  private final SingleServer single;
  private final LocalCluster cluster;

  private MiniCluster(SingleServer single, LocalCluster cluster) {
    this.single = single;
    this.cluster = cluster;
  }

  public static Builder builder() {
    return new Builder();
  }

  /** The endpoint clients talk to: the (first) coordinator, or the single server; e.g. {@code http://127.0.0.1:8529}. */
  public URI endpoint() {
    return URI.create(single != null ? single.endpoint() : cluster.coordinatorEndpoint());
  }

  /** Whether this is a single server rather than a cluster. */
  public boolean isSingle() {
    return single != null;
  }

  /** Every server with its role and endpoint (a single server is one entry). */
  public List<Server> servers() {
    List<Server> servers = new ArrayList<>();
    if (single != null) {
      servers.add(new Server("SNGL", "SINGLE", URI.create(single.endpoint())));
    } else {
      cluster.servers().forEach(server -> servers.add(new Server(server.id(), server.role(), URI.create(server.endpoint()))));
    }
    return servers;
  }

  @Override
  public void close() {
    if (single != null) {
      single.close();
    } else {
      cluster.close();
    }
  }

  /** Configures a {@link MiniCluster}. */
  public static final class Builder {
    private Path dataDir;
    private String host = "127.0.0.1";
    private int port;
    private boolean single;
    private int dbServers = 2;
    private int coordinators = 1;
    private String jwtSecret;
    private String rootPassword = "";
    private SSLContext tls;
    private Duration walRetentionAge = RocksEngine.WalRetention.DEFAULT.age();
    private long walRetentionBytes = RocksEngine.WalRetention.DEFAULT.sizeBytes();

    private Builder() {}

    /** Where the data lives; required. */
    public Builder dataDir(Path dataDir) {
      this.dataDir = dataDir;
      return this;
    }

    /** The address to listen on; default 127.0.0.1. */
    public Builder host(String host) {
      this.host = host;
      return this;
    }

    /**
     * The port of the single server or the coordinator; a cluster's agent and DB-Servers take the
     * following ports. 0, the default, picks free ports for all.
     */
    public Builder port(int port) {
      this.port = port;
      return this;
    }

    /** A single server instead of a cluster (needed for leader/follower replication). */
    public Builder single(boolean single) {
      this.single = single;
      return this;
    }

    /** The number of DB-Servers of a cluster (default 2). */
    public Builder dbServers(int dbServers) {
      if (dbServers < 1) {
        throw new IllegalArgumentException("a cluster needs at least one DB-Server, got " + dbServers);
      }
      this.dbServers = dbServers;
      return this;
    }

    /** The number of coordinators of a cluster (default 1); they take ports from {@link #port} on. */
    public Builder coordinators(int coordinators) {
      if (coordinators < 1) {
        throw new IllegalArgumentException("a cluster needs at least one coordinator, got " + coordinators);
      }
      this.coordinators = coordinators;
      return this;
    }

    /** The JWT secret that signs superuser tokens; a random one when not set. */
    public Builder jwtSecret(String jwtSecret) {
      this.jwtSecret = jwtSecret;
      return this;
    }

    /** The password of user root when it is first created; default empty, as in ArangoDB. */
    public Builder rootPassword(String rootPassword) {
      this.rootPassword = Objects.requireNonNull(rootPassword);
      return this;
    }

    /** Serve HTTPS with this context instead of HTTP. */
    public Builder tls(SSLContext tls) {
      this.tls = tls;
      return this;
    }

    /** How long and how much WAL to keep for tailing clients (default 1 hour, 1 GiB). */
    public Builder walRetention(Duration age, long bytes) {
      this.walRetentionAge = age;
      this.walRetentionBytes = bytes;
      return this;
    }

    public MiniCluster start() throws IOException {
      if (dataDir == null) {
        throw new IllegalStateException("a mini cluster needs a data directory: call dataDir(path)");
      }
      RocksEngine.WalRetention retention = new RocksEngine.WalRetention(walRetentionAge, walRetentionBytes);
      if (single) {
        return new MiniCluster(new SingleServer(dataDir, host, port, tls, jwtSecret, rootPassword, retention), null);
      }
      return new MiniCluster(null, new LocalCluster(dataDir, host, port, coordinators, dbServers, tls, jwtSecret, rootPassword, retention));
    }
  }
}
