package org.arangosync.minicluster.internal.server;

import java.io.IOException;
import javax.net.ssl.SSLContext;
import org.arangosync.minicluster.internal.http.ApiRequest;
import org.arangosync.minicluster.internal.http.ApiResponse;
import org.arangosync.minicluster.internal.http.ArangoError;
import org.arangosync.minicluster.internal.http.Authenticator;
import org.arangosync.minicluster.internal.http.HttpFrontend;
import org.arangosync.minicluster.internal.http.Json;
import org.arangosync.minicluster.internal.http.Router;
import org.arangosync.minicluster.internal.storage.Batches;
import org.arangosync.minicluster.internal.storage.DocumentBackend;
import org.arangosync.minicluster.internal.storage.Store;

/**
 * A server that holds data in its own {@link Store}: an ArangoDB single server (role SINGLE) or a
 * DB-Server of a cluster (role PRIMARY, whose collections are shards). Both serve the document,
 * collection, import and the full replication API (logger, WAL, batches, dump, keys) on one port.
 * While its {@link ServerMode} is read-only it refuses writes (see {@link ServerModeHandler}). The
 * server owns its store and closes it.
 */
public final class DataServer implements AutoCloseable {

  /** ArangoDB's role names. */
  public static final String SINGLE = "SINGLE";
  public static final String PRIMARY = "PRIMARY";

  private final String role;
  private final Store store;
  private final Batches batches;
  private final ReplicationHandler replication;
  private final HttpFrontend frontend;

  /**
   * @param mode the server mode this server serves at {@code /_admin/server/mode} and refuses
   *     writes by: its own for a single server, the cluster's for a DB-Server
   */
  public DataServer(String role, Store store, ServerMode mode, Authenticator authenticator, Authentication openAuth, String host,
      int port, SSLContext tls) throws IOException {
    this.role = role;
    this.store = store;
    this.batches = new Batches(store.engine(), store.ticks(), System::currentTimeMillis);
    DocumentBackend local = DocumentBackend.local(store);
    BasicHandlers basics = new BasicHandlers(this::endpoint);
    DocumentHandler documents = new DocumentHandler(local);
    ImportHandler imports = new ImportHandler(local);
    this.replication = new ReplicationHandler(store, batches);
    ServerModeHandler serverMode = new ServerModeHandler(mode);
    // Writes sent straight to this server (a client of a DB-Server's shards included) pass the same gate as the coordinator's.
    Router router = new Router().guardedBy(serverMode::refuseWrites);
    if (SINGLE.equals(role)) {
      // A DB-Server has no users of its own: they live in the cluster's _users collection.
      router.add("/_api/user", new UserHandler(local)::handle);
    }
    router
        .add("/_api/version", request -> Responses.version(request, role))
        .add("/_api/endpoint", basics::endpoints)
        .add("/_api/database", new DatabaseHandler(org.arangosync.minicluster.internal.storage.DatabaseCatalog.local(store))::handle)
        .add("/_api/collection", new CollectionHandler(org.arangosync.minicluster.internal.storage.CollectionCatalog.local(store,
            PRIMARY.equals(role)))::handle)
        .add("/_api/index", new IndexHandler(org.arangosync.minicluster.internal.storage.IndexCatalog.local(store))::handle)
        .add("/_api/document", documents::handle)
        .add("/_api/import", imports::handle)
        .add("/_api/transaction", new TransactionHandler(org.arangosync.minicluster.internal.storage.TransactionManager.local(store))::handle)
        .add("/_api/view", new ViewHandler(org.arangosync.minicluster.internal.storage.ViewCatalog.local(store))::handle)
        .add("/_api/replication", replication::replication)
        .add("/_api/wal", replication::wal)
        .add("/_open/auth", openAuth::openAuth)
        .add("/_admin/server/role", request -> Responses.role(request, role))
        .add("/_admin/server/mode", serverMode::handle)
        .add("/_admin/wal", request -> {
          // PUT /_admin/wal/flush, as ArangoDB: memtables to disk, so that WAL files can be archived and purged.
          if (!"flush".equals(request.segment(2))) {
            throw new ArangoError(404, 404, "unknown path '/_admin/wal/" + request.segment(2) + "'");
          }
          Responses.requireMethod(request, "PUT");
          store.engine().flush();
          com.fasterxml.jackson.databind.node.ObjectNode body = Json.object();
          body.put("error", false);
          body.put("code", 200);
          return ApiResponse.json(200, body);
        })
        .add("/_api/cluster", request -> {
          throw new ArangoError(501, ArangoError.CLUSTER_ONLY_ON_COORDINATOR, "this operation is only valid on a coordinator in a cluster");
        })
        .add("/_admin/cluster", request -> {
          throw new ArangoError(403, ArangoError.CLUSTER_ONLY_ON_COORDINATOR, "this operation is only valid on a coordinator in a cluster");
        });
    this.frontend = new HttpFrontend(role.toLowerCase(java.util.Locale.ROOT), host, port, tls, router, authenticator);
    try {
      frontend.start();
    } catch (IOException e) {
      batches.close();
      throw e;
    }
  }

  public String endpoint() {
    return frontend.endpoint();
  }

  public int port() {
    return frontend.port();
  }

  public Store store() {
    return store;
  }

  /** The replication API, for a coordinator that forwards {@code ?DBserver=} requests here. */
  public ApiResponse replication(ApiRequest request) {
    return replication.replication(request);
  }

  @Override
  public void close() {
    frontend.close();
    replication.close();
    batches.close();
    store.close();
  }
}
