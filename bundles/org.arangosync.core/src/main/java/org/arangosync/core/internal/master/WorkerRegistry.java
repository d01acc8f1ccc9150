package org.arangosync.core.internal.master;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.URI;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.arangosync.api.spi.state.StateStore;
import org.arangosync.metrics.Metrics;
import org.arangosync.metrics.SyncMetric;
import org.arangosync.api.spi.state.StateStoreException;
import org.arangosync.api.spi.state.Transaction;

/**
 * The sync workers of this datacenter, as they registered with {@code PUT /_api/worker}, kept in the
 * datacenter's state store under {@code workerRegistry/workers/<id>} =
 * {@code {id, endpoint, host, token, serverID, dbServerAffinity, expiresAt}}.
 *
 * <p>Invariants:
 * <ul>
 *   <li>Every entry is written with the registry's time to live, so a worker that stops renewing
 *       vanishes from the store by itself; {@link #list()} also hides an entry whose
 *       {@code expiresAt} has passed but which the store (whose time to live is whole seconds)
 *       has not dropped yet.
 *   <li>A worker registering again with the same endpoint keeps its id and serverID: tasks are
 *       assigned by id, and ArangoDB knows the worker's replication client by the serverID.
 *   <li>Every write is a compare-and-set on the entry's previous value (or its absence), so two
 *       masters handling the same worker never overwrite each other's update unseen.
 * </ul>
 */
public final class WorkerRegistry {

  static final String WORKERS_KEY = "workerRegistry/workers";

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String ID_ALPHABET = "abcdefghijklmnopqrstuvwxyz0123456789";
  private static final int ID_LENGTH = 20;
  /** A registration races another write of the same entry at most this often before it gives up. */
  private static final int ATTEMPTS = 10;

  /**
   * What a worker sends to register or renew.
   *
   * @param endpoint how the masters reach the worker, e.g. {@code https://10.0.0.7:8729}; identifies the worker
   * @param token the bearer token the masters present to the worker; may be empty
   * @param hostId the machine the worker runs on (JSON key {@code HostID}); empty to use the endpoint's host
   * @param dbServerAffinity the DB-Server the worker runs next to; may be empty
   */
  public record Registration(String endpoint, String token, String hostId, String dbServerAffinity) {
    public Registration {
      Objects.requireNonNull(endpoint, "endpoint");
      token = Objects.requireNonNullElse(token, "");
      hostId = Objects.requireNonNullElse(hostId, "");
      dbServerAffinity = Objects.requireNonNullElse(dbServerAffinity, "");
    }
  }

  /**
   * A registered worker.
   *
   * @param serverId the positive int64 by which ArangoDB knows the worker's replication client
   * @param expiresAt when the registration runs out unless renewed
   */
  public record Worker(String id, String endpoint, String host, String token, long serverId, String dbServerAffinity,
      Instant expiresAt) {}

  private final StateStore store;
  private final Duration ttl;
  private final Clock clock;
  private final SecureRandom random = new SecureRandom();

  /** @param ttl how long a registration lasts without renewal; at least one second (the agency's unit) */

  private final Metrics metrics;

  public WorkerRegistry(StateStore store, Duration ttl, Clock clock) {
    this(store, ttl, clock, Metrics.create());
  }

  /**
   * @param metrics where {@code arangosync_master_worker_registrations} (new workers),
   *     {@code arangosync_master_worker_storage{kind,op,result}} (saves and loads of the registry),
   *     as ArangoSync names them, and {@code arangosync_master_worker_heartbeats_total} (renewals)
   *     are counted
   */
  public WorkerRegistry(StateStore store, Duration ttl, Clock clock, Metrics metrics) {
    this.metrics = Objects.requireNonNull(metrics, "metrics");
    metrics.counter(SyncMetric.MASTER_WORKER_REGISTRATIONS); // shown from the start, at 0, as ArangoSync does
    metrics.counter(SyncMetric.MASTER_WORKER_HEARTBEATS);
    if (ttl.compareTo(Duration.ofSeconds(1)) < 0) {
      throw new IllegalArgumentException("a worker registration must last at least 1s (the agency counts whole seconds), got " + ttl);
    }
    this.store = Objects.requireNonNull(store, "store");
    this.ttl = ttl;
    this.clock = Objects.requireNonNull(clock, "clock");
  }

  /** How long a registration lasts without renewal. */
  public Duration ttl() {
    return ttl;
  }

  /** The message timeout in force, which every registration answer carries to the worker. */
  public Duration messageTimeout() {
    return MessageTimeoutRoutes.current(store);
  }

  /**
   * Registers a new worker or renews the worker already registered with the same endpoint.
   *
   * @throws IllegalArgumentException when the endpoint is not an absolute URL with a host
   * @throws StateStoreException when the store cannot be reached, or keeps changing under this registration
   */
  public Worker register(Registration registration) {
    String endpointHost = hostOf(registration.endpoint()); // checks the endpoint even when HostID names the host
    String host = registration.hostId().isEmpty() ? endpointHost : registration.hostId();
    for (int attempt = 0; attempt < ATTEMPTS; attempt++) {
      Optional<Stored> existing = stored().stream().filter(each -> each.worker().endpoint().equals(registration.endpoint())).findFirst();
      Worker worker = new Worker(existing.map(each -> each.worker().id()).orElseGet(() -> randomId(random)), registration.endpoint(),
          host, registration.token(), existing.map(each -> each.worker().serverId()).orElseGet(this::randomServerId),
          registration.dbServerAffinity(), clock.instant().plus(ttl));
      String key = keyOf(worker.id());
      Transaction.Builder write = Transaction.builder().set(key, toJson(worker).toString(), ttl);
      if (existing.isPresent()) {
        write.ifEquals(key, existing.get().json());
      } else {
        write.ifAbsent(key);
      }
      boolean written;
      try {
        written = store.write(write.build());
      } catch (RuntimeException e) {
        storage("", "save", "failure");
        throw e;
      }
      storage("", "save", written ? "success" : "conflict");
      if (written) {
        metrics.counter(existing.isEmpty() ? SyncMetric.MASTER_WORKER_REGISTRATIONS : SyncMetric.MASTER_WORKER_HEARTBEATS).inc();
        return worker;
      }
      // Renewed, removed or expired meanwhile (or a random id taken): look again.
    }
    throw new StateStoreException("the registration of worker " + registration.endpoint() + " kept changing under "
        + ATTEMPTS + " attempts to renew it; is the same worker registering from several places?", null);
  }

  /** The workers whose registration has not run out, by id. */
  public List<Worker> list() {
    Instant now = clock.instant();
    return stored().stream().map(Stored::worker).filter(worker -> worker.expiresAt().isAfter(now))
        .sorted(Comparator.comparing(Worker::id)).toList();
  }

  /** The worker of this id, unless unknown or run out. */
  public Optional<Worker> get(String id) {
    Instant now = clock.instant();
    return store.read(keyOf(id)).map(json -> fromJson(StoredJson.parse(json, "the worker registry")))
        .filter(worker -> worker.expiresAt().isAfter(now));
  }

  /** Unregisters the worker of this id; false when there is none. Its tasks move on the next {@link TaskRegistry#assign}. */
  public boolean remove(String id) {
    String key = keyOf(id);
    return store.write(Transaction.builder().delete(key).ifPresent(key).build());
  }

  /** A worker's entry with the exact JSON the store holds, for compare-and-set. */
  private record Stored(Worker worker, String json) {}

  private void storage(String kind, String op, String result) {
    metrics.counter(SyncMetric.MASTER_WORKER_STORAGE, kind, op, result).inc();
  }

  private List<Stored> stored() {
    Optional<String> read;
    try {
      read = store.read(WORKERS_KEY);
    } catch (RuntimeException e) {
      storage("", "load", "failure");
      throw e;
    }
    storage(read.isEmpty() ? "empty" : "", "load", "success");
    JsonNode all = StoredJson.parse(read.orElse("{}"), "the worker registry");
    List<Stored> workers = new ArrayList<>();
    for (Iterator<Map.Entry<String, JsonNode>> it = all.fields(); it.hasNext();) {
      JsonNode value = it.next().getValue();
      if (value.isObject()) {
        workers.add(new Stored(fromJson(value), value.toString()));
      }
    }
    return workers;
  }

  private static String keyOf(String id) {
    if (!isId(id)) {
      // Ids become store keys: a slash or dot would address another key.
      throw new IllegalArgumentException("'" + id + "' is not a worker id (20 characters a-z, 0-9)");
    }
    return WORKERS_KEY + "/" + id;
  }

  /** Whether {@code id} can be a worker's or task's id (and so a store key of its own). */
  static boolean isId(String id) {
    return !id.isEmpty() && id.chars().allMatch(c -> ID_ALPHABET.indexOf(c) >= 0);
  }

  /** A fresh id of 20 characters a-z, 0-9, as ArangoSync's ids look; also used for tasks. */
  static String randomId(SecureRandom random) {
    StringBuilder id = new StringBuilder(ID_LENGTH);
    for (int i = 0; i < ID_LENGTH; i++) {
      id.append(ID_ALPHABET.charAt(random.nextInt(ID_ALPHABET.length())));
    }
    return id.toString();
  }

  /**
   * Random rather than counted: workers of both datacenters read from the same source cluster,
   * and ArangoDB must not mistake one worker's replication client for another's.
   */
  private long randomServerId() {
    long id;
    do {
      id = random.nextLong() & Long.MAX_VALUE;
    } while (id == 0);
    return id;
  }

  /** The host a worker's endpoint names: what its TLS certificate is issued for. */
  static String hostOf(String endpoint) {
    URI uri;
    try {
      uri = URI.create(endpoint.strip());
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("endpoint '" + endpoint + "' is not a URL: " + e.getMessage(), e);
    }
    if (uri.getHost() == null) {
      throw new IllegalArgumentException("endpoint '" + endpoint + "' is not a URL with a host, e.g. https://10.0.0.7:8729");
    }
    String host = uri.getHost();
    return host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
  }

  private static ObjectNode toJson(Worker worker) {
    return JSON.createObjectNode().put("id", worker.id()).put("endpoint", worker.endpoint()).put("host", worker.host())
        .put("token", worker.token()).put("serverID", worker.serverId()).put("dbServerAffinity", worker.dbServerAffinity())
        .put("expiresAt", rfc3339Nano(worker.expiresAt()));
  }

  private static Worker fromJson(JsonNode json) {
    return new Worker(json.path("id").asText(), json.path("endpoint").asText(), json.path("host").asText(),
        json.path("token").asText(), json.path("serverID").asLong(), json.path("dbServerAffinity").asText(),
        json.hasNonNull("expiresAt") ? Instant.parse(json.get("expiresAt").asText()) : Instant.EPOCH);
  }


  /** Go's {@code time.RFC3339Nano}: UTC, fraction of a second without trailing zeros (none for whole seconds). */
  static String rfc3339Nano(Instant instant) {
    String seconds = DateTimeFormatter.ISO_INSTANT.format(instant.truncatedTo(java.time.temporal.ChronoUnit.SECONDS));
    if (instant.getNano() == 0) {
      return seconds;
    }
    String fraction = String.format("%09d", instant.getNano()).replaceFirst("0+$", "");
    return seconds.substring(0, seconds.length() - 1) + "." + fraction + "Z";
  }
}
