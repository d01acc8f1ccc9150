package org.arangosync.minicluster.internal.server;

import java.io.IOException;
import java.nio.file.Path;
import javax.net.ssl.SSLContext;
import org.arangosync.minicluster.internal.storage.DocumentBackend;
import org.arangosync.minicluster.internal.storage.RocksEngine;
import org.arangosync.minicluster.internal.storage.Store;

/** An ArangoDB single server: a {@link DataServer} in role SINGLE whose store also keeps its users. */
public final class SingleServer implements AutoCloseable {

  private final DataServer server;

  public SingleServer(Path dataDirectory, String host, int port, SSLContext tls, String jwtSecret, String rootPassword,
      RocksEngine.WalRetention retention) throws IOException {
    Store store = new Store(dataDirectory, retention);
    try {
      Authentication authentication = new Authentication(DocumentBackend.local(store), jwtSecret);
      authentication.ensureRoot(rootPassword);
      // In memory, as ArangoDB's single server keeps its mode: a restart comes back read-write.
      server = new DataServer(DataServer.SINGLE, store, ServerMode.inMemory(), authentication, authentication, host, port, tls);
    } catch (IOException | RuntimeException e) {
      store.close();
      throw e;
    }
  }

  public String endpoint() {
    return server.endpoint();
  }

  public Store store() {
    return server.store();
  }

  @Override
  public void close() {
    server.close();
  }
}
