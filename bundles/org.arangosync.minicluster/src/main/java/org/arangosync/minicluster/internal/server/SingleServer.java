package org.arangosync.minicluster.internal.server;

import java.io.IOException;
import java.nio.file.Path;
import javax.net.ssl.SSLContext;
import org.arangosync.minicluster.internal.http.ApiResponse;
import org.arangosync.minicluster.internal.http.ArangoError;
import org.arangosync.minicluster.internal.http.HttpFrontend;
import org.arangosync.minicluster.internal.http.Json;
import org.arangosync.minicluster.internal.http.Router;
import org.arangosync.minicluster.internal.storage.Batches;
import org.arangosync.minicluster.internal.storage.DocumentBackend;
import org.arangosync.minicluster.internal.storage.RocksEngine;
import org.arangosync.minicluster.internal.storage.Store;

/**
 * An ArangoDB single server: the document, collection, database and import API and the full
 * replication API (logger, WAL, batches, dump, keys) over one {@link Store}, on one port.
 */
public final class SingleServer implements AutoCloseable {

  private final Store store;
  private final Batches batches;
  private final HttpFrontend frontend;
  private final String scheme;
  private final String host;

  public SingleServer(Path dataDirectory, String host, int port, SSLContext tls, String jwtSecret, String rootPassword,
      RocksEngine.WalRetention retention) throws IOException {
    this.store = new Store(dataDirectory, retention);
    this.host = host;
    this.scheme = tls == null ? "http" : "https";
    this.batches = new Batches(store.engine(), store.ticks(), System::currentTimeMillis);
    DocumentBackend local = DocumentBackend.local(store);
    Authentication authentication = new Authentication(local, jwtSecret);
    authentication.ensureRoot(rootPassword);
    BasicHandlers basics = new BasicHandlers(store, "SINGLE", this::endpoint);
    CollectionHandlers collections = new CollectionHandlers(store, false);
    DocumentHandler documents = new DocumentHandler(local);
    ImportHandler imports = new ImportHandler(local);
    ReplicationHandler replication = new ReplicationHandler(store, batches);
    Router router = new Router()
        .add("/_api/version", basics::version)
        .add("/_api/endpoint", basics::endpoints)
        .add("/_api/database", basics::database)
        .add("/_api/collection", collections::collection)
        .add("/_api/index", collections::index)
        .add("/_api/document", documents::handle)
        .add("/_api/import", imports::handle)
        .add("/_api/replication", replication::replication)
        .add("/_api/wal", replication::wal)
        .add("/_open/auth", authentication::openAuth)
        .add("/_admin/server/role", request -> {
          var body = Json.object();
          body.put("error", false);
          body.put("code", 200);
          body.put("role", "SINGLE");
          body.put("mode", "default");
          return ApiResponse.json(200, body);
        })
        .add("/_api/cluster", request -> {
          throw new ArangoError(501, ArangoError.CLUSTER_ONLY_ON_COORDINATOR, "this operation is only valid on a coordinator in a cluster");
        })
        .add("/_admin/cluster", request -> {
          throw new ArangoError(403, ArangoError.CLUSTER_ONLY_ON_COORDINATOR, "this operation is only valid on a coordinator in a cluster");
        });
    this.frontend = new HttpFrontend("single", host, port, tls, router, authentication);
    try {
      frontend.start();
    } catch (IOException e) {
      batches.close();
      store.close();
      throw e;
    }
  }

  public String endpoint() {
    return scheme + "://" + host + ":" + frontend.port();
  }

  public int port() {
    return frontend.port();
  }

  public Store store() {
    return store;
  }

  @Override
  public void close() {
    frontend.close();
    batches.close();
    store.close();
  }
}
