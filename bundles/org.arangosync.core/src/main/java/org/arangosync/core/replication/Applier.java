package org.arangosync.core.replication;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.arangosync.api.Tick;
import org.arangosync.api.spi.replication.LeaderBatch;
import org.arangosync.api.spi.replication.LogMarker;
import org.arangosync.api.spi.replication.LoggerState;
import org.arangosync.api.spi.replication.ReplicationConnector;
import org.arangosync.api.spi.replication.ReplicationEndpoint;
import org.arangosync.api.spi.replication.ReplicationException;
import org.arangosync.api.spi.replication.ReplicationLeader;
import org.arangosync.api.spi.replication.TailBatch;
import org.arangosync.api.spi.replication.TailRequest;
import org.arangosync.api.spi.store.Change;
import org.arangosync.api.spi.store.ClusterStore;
import org.arangosync.api.spi.store.CollectionInfo;
import org.arangosync.certificates.SecureFiles;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One replication applier: it pulls a leader's write-ahead log and applies it to a follower, as
 * ArangoDB's applier does, from outside the follower. Per database, or server-wide ({@code global}:
 * every database, tailed from {@code _system}).
 *
 * <p>Behaviour (ArangoDB's, see {@code ../shared/reference/arangodb-replication-api.md} §2.2 and §4):
 * the reference tailing loop; at once again while the leader says {@code checkmore}, else an idle
 * wait between {@code idleMinWaitTime} and {@code idleMaxWaitTime} (doubling while nothing comes,
 * when {@code adaptivePolling}); markers of a transaction are held until its commit and dropped on
 * abort; a leader that cannot be reached is retried every {@code connectionRetryWaitTime}, and
 * after {@code maxConnectRetries} failures in a row the applier stops with errorNum 1400 naming
 * the URL; a 503 is retried without counting; a start tick the leader no longer has stops it with
 * 1414, unless {@code autoResync} allows a new initial sync ({@code autoResyncRetries} times).
 *
 * <p>Invariants: {@code safeResumeTick} never passes the start of a transaction that is still open,
 * so resuming from it (after a stop or a restart of this process) applies every committed change;
 * applying is idempotent (a document is written whole by key, removing a missing key is a no-op),
 * so changes seen twice have the effect of once. Configuration and progress are kept in
 * {@code stateDirectory} (configuration with the password: mode 0600) and survive a restart.
 *
 * <p>Thread safety: control methods are synchronized; the work runs on one thread of its own,
 * which {@link #stop()} ends promptly (every wait is a wait on the stop signal).
 */
public final class Applier implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(Applier.class);
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Duration BATCH_TTL = Duration.ofMinutes(10);
  /** Documents per write request during the initial sync. */
  private static final int SYNC_APPLY_BATCH = 10_000;
  /** Write requests of the initial sync that may run while the dump reads on. */
  private static final int SYNC_WRITES_IN_FLIGHT = 2;

  /** The file-name id of the global applier. */
  static final String GLOBAL_ID = "global";

  private final String database;
  private final boolean global;
  private final ReplicationConnector connector;
  private final ReplicationEndpoint follower;
  private final Path configFile;
  private final Path progressFile;
  private final ApplierState state = new ApplierState();
  private ApplierConfiguration configuration = ApplierConfiguration.defaults();
  private LoggerState.ServerInfo followerServer;
  private Thread worker;
  private volatile CountDownLatch stopSignal = new CountDownLatch(0);

  /**
   * @param database the database it replicates ({@code _system} for the global applier)
   * @param global whether it is the server-wide applier
   * @param follower where it writes (the follower server; its database field is not used)
   * @param stateDirectory where configuration and progress are kept
   */
  public Applier(String database, boolean global, ReplicationConnector connector, ReplicationEndpoint follower, Path stateDirectory) {
    this.database = global ? "_system" : database;
    this.global = global;
    this.connector = connector;
    this.follower = follower;
    String id = global ? GLOBAL_ID : databaseId(database);
    this.configFile = stateDirectory.resolve("applier-" + id + ".config.json");
    this.progressFile = stateDirectory.resolve("applier-" + id + ".progress.json");
    load();
    state.progress("applier initially created for database '" + this.database + "'");
  }

  private void load() {
    try {
      if (Files.exists(configFile)) {
        configuration = ApplierConfiguration.fromPrivateJson(JSON.readTree(configFile.toFile()));
      }
      if (Files.exists(progressFile)) {
        state.restore(JSON.readTree(progressFile.toFile()));
      }
    } catch (IOException | ReplicationError e) {
      throw new IllegalStateException("cannot read the applier's saved state in " + configFile.getParent() + ": " + e.getMessage()
          + "; move the files applier-*.json away to start afresh", e);
    }
  }

  /** The file-name id of a database's applier: reversible, safe in a file name. */
  static String databaseId(String database) {
    return "db-" + java.net.URLEncoder.encode(database, java.nio.charset.StandardCharsets.UTF_8);
  }

  public String database() {
    return database;
  }

  public boolean global() {
    return global;
  }

  // ------------------------------------------------------------------------------------ control

  public synchronized ApplierConfiguration configuration() {
    return configuration;
  }

  /**
   * {@code PUT applier-config}: merges {@code body} into the configuration and saves it.
   *
   * @throws ReplicationError 1411 while running, 1410 for a bad configuration
   */
  public synchronized ApplierConfiguration configure(JsonNode body) {
    if (state.running()) {
      throw new ReplicationError(400, ReplicationError.RUNNING, "cannot perform operation while applier is running");
    }
    ApplierConfiguration merged = configuration.merge(body, database);
    save(configFile, merged.toPrivateJson());
    configuration = merged;
    return merged;
  }

  /** {@code GET applier-state}: {@code {state, server, endpoint, database}}. */
  public synchronized ObjectNode stateJson() {
    ObjectNode body = JSON.createObjectNode();
    body.set("state", state.toJson());
    ObjectNode server = body.putObject("server");
    LoggerState.ServerInfo info = followerServer();
    server.put("version", info.version());
    server.put("serverId", info.serverId());
    if (configuration.endpoint() != null) {
      body.put("endpoint", configuration.endpoint());
    }
    body.put("database", configuration.database() != null ? configuration.database() : database);
    return body;
  }

  public ApplierState state() {
    return state;
  }

  /**
   * {@code PUT applier-start}: tails from {@code from}, or from the saved safe resume tick, or from
   * the start of the leader's log. Already running: nothing changes.
   *
   * @throws ReplicationError 400/1410 when no endpoint is configured
   */
  public synchronized void start(Tick from) {
    requireConfigured();
    if (state.running()) {
      return;
    }
    Tick start = from != null ? from : state.safeResumeTick();
    launch(false, start);
  }

  /**
   * {@code PUT make-follower}: configures, copies everything (initial sync), then tails from the
   * sync's tick. Returns once the initial sync is done; tailing goes on in the background.
   */
  public ObjectNode makeFollower(JsonNode body) {
    stop();
    synchronized (this) {
      configure(body);
      state.forget();
      saveProgress();
    }
    launch(true, Tick.ZERO);
    awaitPhaseAfterInitial();
    synchronized (this) {
      if (state.lastErrorNum() != 0 && !state.running()) {
        ObjectNode error = state.toJson();
        int status = state.lastErrorNum() == ReplicationError.INVALID_APPLIER_CONFIGURATION ? 400 : 500;
        throw new ReplicationError(status, state.lastErrorNum(), error.path("lastError").path("errorMessage").asText());
      }
      return stateJson();
    }
  }

  private void awaitPhaseAfterInitial() {
    CountDownLatch stopped = stopSignal;
    try {
      while (state.running() && state.phase() != ApplierState.Phase.RUNNING) {
        if (stopped.await(20, TimeUnit.MILLISECONDS)) {
          return;
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /**
   * {@code PUT sync}: a one-shot initial sync with the given settings, without tailing.
   *
   * @return {@code {collections:[{id,name}], lastLogTick}}
   */
  public ObjectNode syncOnce(JsonNode body) {
    ApplierConfiguration settings;
    synchronized (this) {
      if (state.running()) {
        throw new ReplicationError(400, ReplicationError.RUNNING, "cannot perform operation while applier is running");
      }
      settings = configuration.merge(body, database);
    }
    try (ReplicationLeader leader = connector.leader(leaderEndpoint(settings, settings.duration("initialSyncMaxWaitTime")));
        ClusterStore target = connector.store(follower)) {
      InitialSync sync = new InitialSync(settings, leader, target, null);
      Tick tick = sync.run();
      ObjectNode answer = JSON.createObjectNode();
      answer.set("collections", sync.collections);
      answer.put("lastLogTick", tick.toString());
      return answer;
    } catch (ReplicationException e) {
      throw new ReplicationError(500, e.errorNum(), e.getMessage());
    }
  }

  /** {@code PUT applier-stop}: stops and waits for the work to end. */
  public void stop() {
    Thread running;
    synchronized (this) {
      stopSignal.countDown();
      running = worker;
    }
    if (running != null && running != Thread.currentThread()) {
      try {
        running.join(TimeUnit.SECONDS.toMillis(60));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }

  /** {@code DELETE applier-state}: forgets where it was. */
  public synchronized void forget() {
    if (state.running()) {
      throw new ReplicationError(400, ReplicationError.RUNNING, "cannot perform operation while applier is running");
    }
    state.forget();
    try {
      Files.deleteIfExists(progressFile);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot delete " + progressFile, e);
    }
  }

  @Override
  public void close() {
    stop();
  }

  private void requireConfigured() {
    if (!configuration.isConfigured()) {
      throw ApplierConfiguration.invalid("no endpoint configured: set the leader's endpoint with applier-config first");
    }
  }

  private synchronized void launch(boolean initialSync, Tick from) {
    requireConfigured();
    stopSignal = new CountDownLatch(1);
    CountDownLatch signal = stopSignal;
    ApplierConfiguration settings = configuration;
    state.started(initialSync ? ApplierState.Phase.INITIAL : ApplierState.Phase.RUNNING,
        initialSync ? "starting initial synchronization" : "fetching leader state information");
    Thread thread = new Thread(() -> work(settings, initialSync, from, signal), "arangosync-applier-" + (global ? "global" : database));
    thread.setDaemon(true);
    worker = thread;
    thread.start();
  }

  // --------------------------------------------------------------------------------------- work

  private void work(ApplierConfiguration settings, boolean initialSync, Tick from, CountDownLatch stop) {
    try (ReplicationLeader leader = connector.leader(leaderEndpoint(settings)); ClusterStore target = connector.store(follower)) {
      new Tailing(settings, leader, target, stop).run(initialSync, from);
    } catch (ReplicationError e) {
      LOG.warn("applier of {} stops: {} (errorNum {})", database, e.getMessage(), e.errorNum());
      state.error(e.errorNum(), e.getMessage());
    } catch (RuntimeException e) {
      LOG.error("applier of {} failed", database, e);
      state.error(ReplicationError.LEADER_ERROR, String.valueOf(e.getMessage()));
    } finally {
      synchronized (this) {
        state.stopped("applier shut down");
        saveProgress();
        if (worker == Thread.currentThread()) {
          worker = null;
        }
      }
    }
  }

  private ReplicationEndpoint leaderEndpoint(ApplierConfiguration settings) {
    return leaderEndpoint(settings, settings.duration("requestTimeout"));
  }

  private ReplicationEndpoint leaderEndpoint(ApplierConfiguration settings, Duration requestTimeout) {
    return new ReplicationEndpoint(URI.create(settings.endpoint()), settings.database(), settings.username(),
        settings.username() == null ? null : (settings.password() == null ? "" : settings.password()), settings.jwtSecret(),
        follower.trustedCertificates(), requestTimeout, settings.duration("connectTimeout"));
  }

  private LoggerState.ServerInfo followerServer() {
    if (followerServer == null) {
      try (ReplicationLeader self = connector.leader(follower)) {
        followerServer = self.loggerState().server();
      } catch (ReplicationException e) {
        return new LoggerState.ServerInfo(null, null, null);
      }
    }
    return followerServer;
  }

  private void saveProgress() {
    save(progressFile, state.progressToJson());
  }

  private static void save(Path file, ObjectNode json) {
    try {
      Files.createDirectories(file.getParent());
      SecureFiles.writeAll(List.of(SecureFiles.secret(file, JSON.writerWithDefaultPrettyPrinter().writeValueAsString(json))));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot save the applier's state to " + file, e);
    }
  }

  private static java.util.concurrent.ThreadFactory daemon(String name) {
    return task -> {
      Thread thread = new Thread(task, name);
      thread.setDaemon(true);
      return thread;
    };
  }

  /** The value of a finished background step; its failure rethrown as it was thrown there. */
  private static <T> T result(Future<T> future) {
    try {
      return future.get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new ReplicationError(500, ReplicationError.APPLIER_STOPPED, "the applier was stopped");
    } catch (ExecutionException e) {
      if (e.getCause() instanceof RuntimeException runtime) {
        throw runtime;
      }
      throw new IllegalStateException(e.getCause());
    }
  }

  /** Ends an initial sync early because the applier was asked to stop; not an error. */
  private static final class StopRequested extends RuntimeException {
    private static final long serialVersionUID = 1L;

    StopRequested() {
      super("the applier was asked to stop", null, false, false);
    }
  }

  /** Where a collection of the leader lives, by its globally unique id. */
  private record Collection(String database, String name, boolean system) {}

  /** Shared by the initial sync and tailing: the leader's collections and indexes by id. */
  private final class Catalog {
    final Map<String, Collection> collections = new HashMap<>();
    final Map<String, String> indexNames = new HashMap<>();
    /** Views by globally unique id (and by name, for views whose markers name them so). */
    final Map<String, Collection> views = new HashMap<>();
    /** The leader's view definitions per database, from the inventory, for the initial sync. */
    final List<Map.Entry<String, JsonNode>> viewDefinitions = new ArrayList<>();

    void view(String db, JsonNode definition) {
      String name = definition.path("name").asText();
      views.put(definition.path("globallyUniqueId").asText(name), new Collection(db, name, false));
    }

    void collection(String db, JsonNode parameters) {
      String guid = parameters.path("globallyUniqueId").asText(parameters.path("name").asText());
      String name = parameters.path("name").asText();
      collections.put(guid, new Collection(db, name, name.startsWith("_") || parameters.path("isSystem").asBoolean()));
    }

    void index(String guid, JsonNode index) {
      String id = index.path("id").asText();
      String bare = id.contains("/") ? id.substring(id.indexOf('/') + 1) : id;
      indexNames.put(guid + "/" + bare, index.path("name").asText(bare));
    }

    /**
     * Refuses (1410) a {@code restrictCollections} that names a collection the leader does not
     * have: a misspelt name would otherwise silently replicate nothing (include) or everything (exclude).
     */
    void requireRestrictedCollections(ApplierConfiguration settings) {
      List<String> unknown = new ArrayList<>(settings.restrictCollections());
      collections.values().forEach(collection -> unknown.remove(collection.name()));
      if (!unknown.isEmpty()) {
        throw ApplierConfiguration.invalid("restrictCollections names collection(s) " + unknown + " that the leader at "
            + settings.endpoint() + " does not have; check the names");
      }
    }

    /** Reads an inventory (per database or global) into the catalog; calls {@code each} per collection. */
    void read(JsonNode inventory, java.util.function.BiConsumer<String, JsonNode> each) {
      if (global) {
        inventory.path("databases").fields().forEachRemaining(db -> readCollections(db.getKey(), db.getValue(), each));
      } else {
        readCollections(database, inventory, each);
      }
    }

    private void readCollections(String db, JsonNode part, java.util.function.BiConsumer<String, JsonNode> each) {
      for (JsonNode definition : part.path("views")) {
        view(db, definition);
        viewDefinitions.add(Map.entry(db, definition));
      }
      for (JsonNode collection : part.path("collections")) {
        JsonNode parameters = collection.path("parameters");
        collection(db, parameters);
        String guid = parameters.path("globallyUniqueId").asText(parameters.path("name").asText());
        for (JsonNode index : collection.path("indexes")) {
          index(guid, index);
        }
        if (each != null) {
          each.accept(db, collection);
        }
      }
    }
  }

  /**
   * System collections this applier does not copy: statistics and (unless asked) Foxx queues, as
   * ArangoDB; and {@code _users} unless the applier writes to the follower as superuser (with its
   * JWT secret). An applier outside the follower logs in to it, and replacing the follower's users
   * with the leader's would lock a user-authenticated applier out in the middle of a sync.
   */
  private boolean neverReplicated(String name, ApplierConfiguration settings) {
    return name.startsWith("_statistics") || (name.equals("_users") && follower.jwtSecret() == null)
        || ((name.equals("_jobs") || name.equals("_queues")) && !settings.flag("includeFoxxQueues"));
  }

  /** A full initial sync: structure and documents of every replicated collection, as of one snapshot. */
  private final class InitialSync {
    private final ApplierConfiguration settings;
    private final ReplicationLeader leader;
    private final ClusterStore target;
    final Catalog catalog = new Catalog();
    final ArrayNode collections = JSON.createArrayNode();

    /** Checked between writes: a stop does not wait for a large collection to be copied. Null: cannot be stopped. */
    private final CountDownLatch stop;

    InitialSync(ApplierConfiguration settings, ReplicationLeader leader, ClusterStore target, CountDownLatch stop) {
      this.settings = settings;
      this.leader = leader;
      this.target = target;
      this.stop = stop;
    }

    /** @return the tick the snapshot was taken at: tailing continues after it */
    Tick run() {
      LeaderBatch batch = leader.createBatch(BATCH_TTL);
      try {
        JsonNode inventory = JSON.readTree(leader.inventory(batch, global, settings.flag("includeSystem")));
        Tick tick = batch.lastTick().equals(Tick.ZERO) ? Tick.parse(inventory.path("state").path("lastLogTick").asText("0"))
            : batch.lastTick();
        List<Map.Entry<String, JsonNode>> wanted = new ArrayList<>();
        catalog.read(inventory, (db, collection) -> wanted.add(Map.entry(db, collection)));
        catalog.requireRestrictedCollections(settings);
        for (Map.Entry<String, JsonNode> entry : wanted) {
          JsonNode parameters = entry.getValue().path("parameters");
          String name = parameters.path("name").asText();
          boolean system = name.startsWith("_");
          if (neverReplicated(name, settings) || !settings.replicates(name, system)) {
            continue;
          }
          state.progress("copying collection '" + name + "'" + (global ? " of database '" + entry.getKey() + "'" : ""));
          copy(batch, entry.getKey(), entry.getValue(), system);
          ObjectNode listed = collections.addObject();
          listed.put("id", parameters.path("cid").asText(parameters.path("id").asText()));
          listed.put("name", name);
          leader.extendBatch(batch, BATCH_TTL);
        }
        // Views last: their links name collections that must exist by now. Recreated whole; views are derived data.
        for (Map.Entry<String, JsonNode> view : catalog.viewDefinitions) {
          state.progress("creating view '" + view.getValue().path("name").asText() + "'");
          target.dropView(view.getKey(), view.getValue().path("name").asText());
          target.createView(view.getKey(), view.getValue().toString());
        }
        return tick;
      } catch (IOException e) {
        throw new ReplicationException("the leader's inventory is not JSON: " + e.getMessage(), 200, ReplicationError.INVALID_RESPONSE, e);
      } finally {
        leader.deleteBatch(batch);
        if (leaderStore != null) {
          leaderStore.close();
          leaderStore = null;
        }
      }
    }

    private void copy(LeaderBatch batch, String db, JsonNode collection, boolean system) {
      JsonNode parameters = collection.path("parameters");
      String name = parameters.path("name").asText();
      if (global && !db.equals("_system")) {
        target.createDatabase(db);
      }
      if (!system && settings.flag("incremental") && followerHas(db, name)) {
        copyIncrementally(db, name, collection);
        return;
      }
      if (system) {
        // System collections exist on every server; they are emptied, never dropped.
        target.truncateCollection(db, name);
      } else {
        target.dropCollection(db, name);
        List<String> indexes = new ArrayList<>();
        collection.path("indexes").forEach(index -> indexes.add(index.toString()));
        target.createCollection(new CollectionInfo(db, name, parameters.path("id").asText(), parameters.path("globallyUniqueId").asText(),
            parameters.path("type").asInt(2), false, 1, List.of("_key"), parameters.toString(), indexes));
      }
      // The dump reads the next chunk while earlier ones are written: the wall time is the slower of the two, not their sum.
      ExecutorService writer = Executors.newSingleThreadExecutor(daemon("arangosync-applier-sync-" + name));
      Deque<Future<Double>> writes = new ArrayDeque<>();
      List<Change> pending = new ArrayList<>();
      long[] waitedNanos = {0};
      long started = System.nanoTime();
      try {
        long documents = leader.dump(batch, db, name, settings.chunkSize(), change -> {
          pending.add(change);
          if (pending.size() >= SYNC_APPLY_BATCH) {
            if (stop != null && stop.getCount() == 0) {
              throw new StopRequested();
            }
            waitedNanos[0] += submit(writer, writes, db, name, List.copyOf(pending));
            pending.clear();
          }
        });
        if (!pending.isEmpty()) {
          waitedNanos[0] += submit(writer, writes, db, name, List.copyOf(pending));
        }
        double applySeconds = 0;
        long drainStart = System.nanoTime();
        while (!writes.isEmpty()) {
          applySeconds += result(writes.removeFirst());
        }
        waitedNanos[0] += System.nanoTime() - drainStart;
        applySeconds += appliedSeconds;
        appliedSeconds = 0;
        state.fetched((System.nanoTime() - started - waitedNanos[0]) / 1e9);
        state.applied(applySeconds, documents, 0);
      } finally {
        writer.shutdownNow();
      }
    }

    /** A store over the leader for its key ranges, opened on first use by an incremental copy. */
    private ClusterStore leaderStore;

    /** Whether the follower has the collection already (then an incremental copy can compare it). */
    private boolean followerHas(String db, String name) {
      String path = "/_api/collection/" + java.net.URLEncoder.encode(name, java.nio.charset.StandardCharsets.UTF_8);
      return connector.call(follower.inDatabase(db), "GET", path, null).status() == 200;
    }

    /** Only what differs: see {@link IncrementalCopy}; indexes are made where missing. */
    private void copyIncrementally(String db, String name, JsonNode collection) {
      for (JsonNode index : collection.path("indexes")) {
        target.createIndex(db, name, index.toString());
      }
      if (leaderStore == null) {
        leaderStore = connector.store(leaderEndpoint(settings));
      }
      long started = System.nanoTime();
      IncrementalCopy.Result result = IncrementalCopy.copy(leaderStore, ReplicationEndpoint.httpUrl(URI.create(settings.endpoint())), target,
          ReplicationEndpoint.httpUrl(follower.endpoint()), db, name, BATCH_TTL);
      state.applied((System.nanoTime() - started) / 1e9, result.written(), result.removed());
    }

    /** Seconds spent in writes that finished while waiting for room; summed into the next {@code applied}. */
    private double appliedSeconds;

    /** Queues one write; waits (and returns the nanoseconds waited) while too many are in flight. */
    private long submit(ExecutorService writer, Deque<Future<Double>> writes, String db, String name, List<Change> changes) {
      long waited = 0;
      while (writes.size() >= SYNC_WRITES_IN_FLIGHT) {
        long start = System.nanoTime();
        appliedSeconds += result(writes.removeFirst());
        waited += System.nanoTime() - start;
      }
      writes.addLast(writer.submit(() -> {
        long start = System.nanoTime();
        target.apply(db, name, changes);
        return (System.nanoTime() - start) / 1e9;
      }));
      return waited;
    }

  }

  /** The tailing loop of one run. */
  private final class Tailing {
    private final ApplierConfiguration settings;
    private final ReplicationLeader leader;
    private final ClusterStore target;
    private final CountDownLatch stop;
    private Catalog catalog = new Catalog();
    /** Open transactions: tid → their markers so far, in order; iteration order = order of start. */
    private final Map<String, List<LogMarker>> open = new LinkedHashMap<>();
    private final Map<String, Tick> openedAt = new HashMap<>();
    private Tick lastApplied;
    private Tick lastProcessed;
    private Tick lastAvailable = Tick.ZERO;
    /** The leader tick up to which the log was read completely: see {@link ApplierState#ticks}. */
    private Tick readUpTo = Tick.ZERO;
    private long resyncs;
    /** Documents and removals written by {@link #flush} (aborted transactions never get there). */
    private long writtenDocuments;
    private long writtenRemovals;

    Tailing(ApplierConfiguration settings, ReplicationLeader leader, ClusterStore target, CountDownLatch stop) {
      this.settings = settings;
      this.leader = leader;
      this.target = target;
      this.stop = stop;
      this.lastApplied = state.lastAppliedTick();
      this.lastProcessed = state.safeResumeTick();
    }

    void run(boolean initialSync, Tick start) {
      ExecutorService fetcher = Executors.newSingleThreadExecutor(daemon("arangosync-applier-fetch-" + (global ? "global" : database)));
      try {
        tail(initialSync, start, fetcher);
      } finally {
        fetcher.shutdownNow();
      }
    }

    /** One tail request and how long it took. */
    private record Fetched(TailBatch batch, double seconds) {}

    private Fetched fetch(Tick from, Tick lastScanned, String serverId) {
      long started = System.nanoTime();
      TailBatch batch = leader.tail(new TailRequest(from, lastScanned, settings.chunkSize(), global, settings.flag("includeSystem"), serverId));
      return new Fetched(batch, (System.nanoTime() - started) / 1e9);
    }

    /**
     * The loop. While the leader says more is waiting, the next batch is fetched in the background
     * while this one is applied: the next position depends only on the answer's headers, so the
     * fetch need not wait for the writes.
     */
    private void tail(boolean initialSync, Tick start, ExecutorService fetcher) {
      Tick from = start;
      if (initialSync) {
        from = resync(false);
        if (from == null) {
          return;
        }
      } else {
        learnCatalog();
      }
      String serverId = followerServer().serverId();
      Tick lastScanned = Tick.ZERO;
      Duration idle = settings.duration("idleMinWaitTime");
      state.phase(ApplierState.Phase.RUNNING);
      Future<Fetched> prefetched = null;
      while (stop.getCount() > 0) {
        state.progress("fetching leader log from tick " + from + ", last scanned tick " + lastScanned + ", open transactions: "
            + open.size() + ", chunk size " + settings.chunkSize());
        Fetched fetched;
        try {
          fetched = prefetched != null ? result(prefetched) : fetch(from, lastScanned, serverId);
          state.fetched(fetched.seconds());
        } catch (ReplicationException e) {
          if (!retryAfter(e)) {
            return;
          }
          continue;
        } finally {
          prefetched = null;
        }
        TailBatch batch = fetched.batch();
        if (!batch.fromPresent() && settings.flag("requireFromPresent")) {
          if (settings.flag("autoResync") && resyncs < settings.count("autoResyncRetries")) {
            resyncs++;
            state.resynced();
            Tick tick = resync(true);
            if (tick == null) {
              return;
            }
            from = tick;
            lastScanned = Tick.ZERO;
            continue;
          }
          fail(ReplicationError.START_TICK_NOT_PRESENT, "required tick value '" + from + "' is not present (anymore?) on leader at "
              + settings.endpoint() + ". Last tick available on leader is '" + batch.lastTick() + "'. It may be required to do a full "
              + "resync and increase the number of historic logfiles/WAL file timeout on the leader.");
          return;
        }
        // The reference loop's next position: after the last marker, or past what was scanned and filtered.
        Tick next = from;
        if (batch.lastIncluded().equals(Tick.ZERO) && batch.lastScanned().isAfter(from)) {
          next = new Tick(batch.lastScanned().value() - 1);
        } else if (batch.lastIncluded().isAfter(from)) {
          next = batch.lastIncluded();
        }
        boolean more = batch.checkMore() && batch.lastIncluded().isAfter(Tick.ZERO);
        if (more) {
          Tick nextFrom = next;
          Tick nextScanned = batch.lastScanned();
          prefetched = fetcher.submit(() -> fetch(nextFrom, nextScanned, serverId));
        }
        lastAvailable = batch.lastTick();
        try {
          apply(batch.markers());
        } catch (RuntimeException e) {
          if (prefetched != null) {
            prefetched.cancel(true);
          }
          fail(ReplicationError.LEADER_ERROR, "applying the leader's changes to the follower failed: " + e.getMessage());
          return;
        }
        from = next;
        lastScanned = batch.lastScanned();
        // With more waiting, markers between the last included and the last scanned may still come.
        readUpTo = !more && lastScanned.isAfter(lastProcessed) ? lastScanned : lastProcessed;
        record();
        if (more) {
          idle = settings.duration("idleMinWaitTime");
          continue;
        }
        boolean received = !batch.markers().isEmpty();
        Duration max = settings.duration("idleMaxWaitTime");
        idle = !settings.flag("adaptivePolling") || received ? settings.duration("idleMinWaitTime")
            : (idle.multipliedBy(2).compareTo(max) > 0 ? max : idle.multipliedBy(2));
        if (await(idle)) {
          return;
        }
      }
      if (prefetched != null) {
        prefetched.cancel(true);
      }
    }

    /** A failed request: retried (true) after the wait, or the applier stops (false). */
    private boolean retryAfter(ReplicationException e) {
      boolean connectFailure = e.httpStatus() == 0;
      long failures = state.failedRequest(connectFailure);
      if (e.httpStatus() == 503) {
        state.progress("leader answered 503 (busy or not the leader right now); retrying");
        return !await(settings.duration("connectionRetryWaitTime"));
      }
      if (!connectFailure) {
        fail(e.errorNum() != 0 ? e.errorNum() : ReplicationError.LEADER_ERROR, e.getMessage());
        return false;
      }
      if (failures > settings.count("maxConnectRetries")) {
        fail(ReplicationError.NO_RESPONSE, e.getMessage());
        return false;
      }
      state.progress("could not connect to leader at " + settings.endpoint() + ", retrying in " + settings.duration("connectionRetryWaitTime")
          .toMillis() / 1000.0 + " s (" + failures + " failed connects in a row)");
      return !await(settings.duration("connectionRetryWaitTime"));
    }

    private void fail(int errorNum, String message) {
      LOG.warn("applier of {} stops: {} (errorNum {})", global ? "all databases" : "database " + database, message, errorNum);
      state.error(errorNum, message);
    }

    /** Waits, or returns true at once when asked to stop. */
    private boolean await(Duration wait) {
      try {
        return stop.await(Math.max(1, wait.toMillis()), TimeUnit.MILLISECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return true;
      }
    }

    /** Learns the leader's collections (names by id) from a short-lived snapshot. */
    private void learnCatalog() {
      while (stop.getCount() > 0) {
        try {
          LeaderBatch batch = leader.createBatch(Duration.ofMinutes(1));
          try {
            catalog = new Catalog();
            catalog.read(JSON.readTree(leader.inventory(batch, global, true)), null);
            catalog.requireRestrictedCollections(settings);
            return;
          } finally {
            leader.deleteBatch(batch);
          }
        } catch (ReplicationException e) {
          if (!retryAfter(e)) {
            stop.countDown();
          }
        } catch (IOException e) {
          fail(ReplicationError.INVALID_RESPONSE, "the leader's inventory is not JSON: " + e.getMessage());
          stop.countDown();
        }
      }
    }

    /** A full initial sync; the tick to tail from, or null when the applier must stop. */
    private Tick resync(boolean automatic) {
      state.phase(ApplierState.Phase.INITIAL);
      state.progress(automatic ? "start tick is gone from the leader's log: resynchronizing (autoResync)" : "starting initial synchronization");
      open.clear();
      openedAt.clear();
      while (stop.getCount() > 0) {
        // A connection of its own: initialSyncMaxWaitTime, not requestTimeout, bounds each answer of the initial sync.
        try (ReplicationLeader initialLeader = connector.leader(leaderEndpoint(settings, settings.duration("initialSyncMaxWaitTime")))) {
          InitialSync sync = new InitialSync(settings, initialLeader, target, stop);
          Tick tick = sync.run();
          catalog = sync.catalog;
          lastApplied = tick;
          lastProcessed = tick;
          record();
          state.phase(ApplierState.Phase.RUNNING);
          return tick;
        } catch (ReplicationException e) {
          if (!retryAfter(e)) {
            return null;
          }
        } catch (StopRequested e) {
          return null;
        } catch (ReplicationError e) {
          fail(e.errorNum(), e.getMessage());
          return null;
        } catch (RuntimeException e) {
          fail(ReplicationError.LEADER_ERROR, "initial synchronization failed: " + e.getMessage());
          return null;
        }
      }
      return null;
    }

    private void apply(List<LogMarker> markers) {
      if (markers.isEmpty()) {
        return;
      }
      long started = System.nanoTime();
      long excluded = 0;
      long documentsBefore = writtenDocuments;
      long removalsBefore = writtenRemovals;
      List<LogMarker> run = new ArrayList<>();
      boolean verbose = settings.flag("verbose");
      for (LogMarker marker : markers) {
        lastProcessed = marker.tick();
        if (verbose) {
          // ArangoDB's verbose: a log line for every operation, for hunting replication problems.
          LOG.info("applier of {}: marker type {} at tick {}, database {}, collection {}, transaction {}",
              global ? "all databases" : "database " + database, marker.type(), marker.tick(), marker.database(), marker.collectionGuid(),
              marker.transactionId());
        }
        switch (marker.type()) {
          case LogMarker.TRANSACTION_START:
            flush(run);
            open.put(marker.transactionId(), new ArrayList<>());
            openedAt.put(marker.transactionId(), marker.tick());
            break;
          case LogMarker.TRANSACTION_ABORT:
            open.remove(marker.transactionId());
            openedAt.remove(marker.transactionId());
            break;
          case LogMarker.TRANSACTION_COMMIT: {
            flush(run);
            List<LogMarker> transaction = open.remove(marker.transactionId());
            openedAt.remove(marker.transactionId());
            if (transaction != null) {
              flush(transaction);
            }
            lastApplied = marker.tick();
            break;
          }
          case LogMarker.DOCUMENT:
          case LogMarker.REMOVE: {
            Collection collection = catalog.collections.get(marker.collectionGuid());
            if (collection == null || neverReplicated(collection.name(), settings)
                || !settings.replicates(collection.name(), collection.system())) {
              excluded++;
              break;
            }
            if (marker.inTransaction()) {
              open.computeIfAbsent(marker.transactionId(), tid -> {
                openedAt.put(tid, marker.tick());
                return new ArrayList<>();
              }).add(marker);
            } else {
              if (!run.isEmpty() && !sameCollection(run.get(0), marker)) {
                flush(run);
              }
              run.add(marker);
            }
            break;
          }
          default:
            flush(run);
            boolean[] applied = {true};
            tolerant("applying marker type " + marker.type() + " at tick " + marker.tick(), () -> applied[0] = structure(marker));
            if (!applied[0]) {
              excluded++;
            }
            lastApplied = marker.tick();
        }
      }
      flush(run);
      state.events(markers.size(), excluded);
      state.applied((System.nanoTime() - started) / 1e9, writtenDocuments - documentsBefore, writtenRemovals - removalsBefore);
    }

    private boolean sameCollection(LogMarker a, LogMarker b) {
      return java.util.Objects.equals(a.collectionGuid(), b.collectionGuid()) && java.util.Objects.equals(a.database(), b.database());
    }

    /** Writes a run of document markers (consecutive ones of one collection together) and empties it. */
    private void flush(List<LogMarker> markers) {
      int start = 0;
      while (start < markers.size()) {
        int end = start + 1;
        while (end < markers.size() && sameCollection(markers.get(start), markers.get(end))) {
          end++;
        }
        Collection collection = catalog.collections.get(markers.get(start).collectionGuid());
        List<Change> changes = new ArrayList<>();
        for (LogMarker marker : markers.subList(start, end)) {
          changes.add(new Change(marker.tick(), marker.type(), "0", marker.key(), marker.revision(), marker.data()));
          if (marker.type() == LogMarker.DOCUMENT) {
            writtenDocuments++;
          } else {
            writtenRemovals++;
          }
        }
        write(collection, changes);
        lastApplied = markers.get(end - 1).tick();
        start = end;
      }
      markers.clear();
    }

    /** Errors ignored so far in this run, up to {@code ignoreErrors}. */
    private long ignoredErrors;

    /**
     * Writes changes of one collection. When the follower refuses them and {@code ignoreErrors}
     * allows more, they are written one by one so that exactly the refused ones are skipped.
     */
    private void write(Collection collection, List<Change> changes) {
      try {
        target.apply(collection.database(), collection.name(), changes);
      } catch (RuntimeException e) {
        if (ignoredErrors >= settings.count("ignoreErrors")) {
          throw e;
        }
        for (Change change : changes) {
          tolerant("writing " + collection.name() + "/" + change.key(), () -> target.apply(collection.database(), collection.name(),
              List.of(change)));
        }
      }
    }

    /** Runs {@code operation}; a failure is ignored (and logged) while {@code ignoreErrors} allows, else rethrown. */
    private void tolerant(String what, Runnable operation) {
      try {
        operation.run();
      } catch (RuntimeException e) {
        if (ignoredErrors >= settings.count("ignoreErrors")) {
          throw e;
        }
        ignoredErrors++;
        LOG.warn("applier of {}: ignoring error {} of at most {} while {}: {}", global ? "all databases" : "database " + database,
            ignoredErrors, settings.count("ignoreErrors"), what, e.getMessage());
      }
    }

    /** Applies one structure marker; false when the configuration excludes it. */
    private boolean structure(LogMarker marker) {
      JsonNode data = data(marker);
      String db = marker.database() != null ? marker.database() : database;
      switch (marker.type()) {
        case LogMarker.DATABASE_CREATE:
          if (!global) {
            return false;
          }
          target.createDatabase(data.path("name").asText(db));
          return true;
        case LogMarker.DATABASE_DROP:
          if (!global || db.equals("_system")) {
            return false;
          }
          target.dropDatabase(db);
          return true;
        case LogMarker.COLLECTION_CREATE: {
          String name = data.path("name").asText();
          catalog.collection(db, data);
          if (settings.flag("skipCreateDrop") || neverReplicated(name, settings) || !settings.replicates(name, name.startsWith("_"))) {
            return false;
          }
          target.createCollection(new CollectionInfo(db, name, data.path("id").asText(), marker.collectionGuid(), data.path("type").asInt(2),
              name.startsWith("_"), 1, List.of("_key"), data.toString(), List.of()));
          return true;
        }
        case LogMarker.VIEW_CREATE:
          catalog.view(db, data);
          target.createView(db, data.toString());
          return true;
        case LogMarker.VIEW_DROP: {
          Collection view = catalog.views.remove(marker.collectionGuid());
          if (view == null) {
            return false;
          }
          target.dropView(view.database(), view.name());
          return true;
        }
        case LogMarker.VIEW_CHANGE: {
          // The marker carries the new definition; a view is derived data, so it is made again from it.
          Collection view = catalog.views.get(marker.collectionGuid());
          String name = data.path("name").asText(view == null ? null : view.name());
          if (name == null) {
            return false;
          }
          ObjectNode definition = ((ObjectNode) data.deepCopy()).put("name", name);
          target.dropView(db, view == null ? name : view.name());
          target.createView(db, definition.toString());
          catalog.view(db, definition.put("globallyUniqueId", marker.collectionGuid()));
          return true;
        }
        default:
          break;
      }
      Collection collection = catalog.collections.get(marker.collectionGuid());
      if (collection == null || neverReplicated(collection.name(), settings) || !settings.replicates(collection.name(), collection.system())) {
        return false;
      }
      switch (marker.type()) {
        case LogMarker.COLLECTION_DROP:
          catalog.collections.remove(marker.collectionGuid());
          if (settings.flag("skipCreateDrop")) {
            return false;
          }
          target.dropCollection(collection.database(), collection.name());
          return true;
        case LogMarker.COLLECTION_RENAME: {
          String newName = data.path("name").asText();
          target.renameCollection(collection.database(), collection.name(), newName);
          catalog.collections.put(marker.collectionGuid(), new Collection(collection.database(), newName, collection.system()));
          return true;
        }
        case LogMarker.COLLECTION_CHANGE:
          target.alterCollection(collection.database(), collection.name(), data.toString());
          return true;
        case LogMarker.COLLECTION_TRUNCATE:
          target.truncateCollection(collection.database(), collection.name());
          return true;
        case LogMarker.INDEX_CREATE:
          catalog.index(marker.collectionGuid(), data);
          target.createIndex(collection.database(), collection.name(), data.toString());
          return true;
        case LogMarker.INDEX_DROP: {
          String id = data.path("id").asText();
          String name = catalog.indexNames.remove(marker.collectionGuid() + "/" + id);
          target.dropIndex(collection.database(), collection.name(), name != null ? name : id);
          return true;
        }
        default:
          // Markers this applier does not know: counted as excluded.
          LOG.debug("applier of {}: marker type {} at tick {} not applied", database, marker.type(), marker.tick());
          return false;
      }
    }

    private JsonNode data(LogMarker marker) {
      if (marker.data() == null) {
        return JSON.createObjectNode();
      }
      try {
        return JSON.readTree(marker.data());
      } catch (IOException e) {
        throw new ReplicationException("marker at tick " + marker.tick() + " has data that is not JSON", 200,
            ReplicationError.INVALID_RESPONSE, e);
      }
    }

    /** Publishes the ticks and saves where to resume: before the oldest open transaction, else after the last processed marker. */
    private void record() {
      Tick safe = lastProcessed;
      for (Tick opened : openedAt.values()) {
        Tick before = new Tick(opened.value() - 1);
        if (before.compareTo(safe) < 0) {
          safe = before;
        }
      }
      state.ticks(lastApplied, lastProcessed, lastAvailable.compareTo(lastProcessed) < 0 ? lastProcessed : lastAvailable, safe, readUpTo);
      saveProgress();
    }
  }
}
