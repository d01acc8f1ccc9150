package org.arangosync.minicluster;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;
import javax.net.ssl.SSLContext;
import org.arangosync.minicluster.internal.server.SingleServer;
import org.arangosync.minicluster.internal.storage.RocksEngine;

/**
 * An ArangoDB-API-compatible server for development, tests, benchmarks and the quickstart,
 * storing its data in RocksDB under a data directory (which survives restarts, {@code kill -9}
 * included).
 *
 * <p>Start one with {@link #builder()}. Authentication is on, as in ArangoDB: user {@code root}
 * with an empty password unless one is given, and superuser JWTs signed with the JWT secret.
 *
 * <p>Not finished: the cluster roles (agency, coordinators, DB-Servers). {@link Builder#single}
 * must be true for now; see the project's open issue on the mini cluster.
 */
public final class MiniCluster implements AutoCloseable {

  private final SingleServer single;

  private MiniCluster(SingleServer single) {
    this.single = single;
  }

  public static Builder builder() {
    return new Builder();
  }

  /** The endpoint clients talk to: the single server (or, later, the coordinator), e.g. {@code http://127.0.0.1:8529}. */
  public URI endpoint() {
    return URI.create(single.endpoint());
  }

  @Override
  public void close() {
    single.close();
  }

  /** Configures a {@link MiniCluster}. */
  public static final class Builder {
    private Path dataDir;
    private String host = "127.0.0.1";
    private int port;
    private boolean single;
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

    /** The port of the single server (or coordinator); 0, the default, picks a free one. */
    public Builder port(int port) {
      this.port = port;
      return this;
    }

    /** A single server instead of a cluster (needed for leader/follower replication). */
    public Builder single(boolean single) {
      this.single = single;
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
      if (!single) {
        throw new IllegalStateException("the cluster roles of the mini cluster are not finished yet; use single(true)");
      }
      return new MiniCluster(new SingleServer(dataDir, host, port, tls, jwtSecret, rootPassword,
          new RocksEngine.WalRetention(walRetentionAge, walRetentionBytes)));
    }
  }
}
