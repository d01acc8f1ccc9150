package org.arangosync.minicluster.internal.agency;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The key/value store of a single ArangoDB agent: the logic behind {@code POST /_api/agency/read},
 * {@code POST /_api/agency/write} and {@code GET /_api/agency/config}, without Raft.
 *
 * <p>Sources relied on: the agency HTTP documentation ({@code Documentation/Books/HTTP/Agency/
 * README.md} in arangodb/arangodb), {@code arangod/Agency/Store.cpp}, {@code Node.cpp},
 * {@code State.cpp}, {@code Agent.cpp} and {@code RestAgencyHandler.cpp} (3.7 to 3.11), the
 * agency tests ({@code tests/Agency/StoreTest.cpp}, a port of {@code agency-test.js}) and the
 * agency client of arangodb/go-driver ({@code agency/agency_impl.go}), which ArangoSync and
 * kube-arangodb use.
 *
 * <h2>Reads</h2>
 *
 * A read body is an array of queries, each an array of keys; the answer has one entry per query,
 * taken from one consistent state. An entry is the cross-section of the tree with the keys,
 * nested from the root: {@code [["/a/b"]]} answers {@code [{"a":{"b":...}}]}. For a key that does
 * not exist, the part of its path that does exist appears, its last node as an empty object
 * ({@code /a/b/d} with only {@code /a/b} answers {@code {"a":{"b":{}}}}, a key below nothing
 * answers {@code {}}); see {@link #read}.
 *
 * <h2>Writes</h2>
 *
 * A write body is an array of transactions {@code [operations, preconditions?, clientId?]},
 * applied in order, each on the state the previous one left. A transaction whose preconditions all
 * hold is applied completely and gets the next commit index; otherwise nothing of it is applied and
 * its result is 0. Operations and preconditions are described in {@link Operation} and {@link
 * Precondition}; malformed requests in {@link Transaction}.
 *
 * <h2>Time to live</h2>
 *
 * {@code {"op":"set","new":v,"ttl":s}} gives the node {@code s} whole seconds to live, measured on
 * the injected {@link Clock}. An expired node is gone for every read, precondition and operation;
 * expiry is applied lazily at the start of every call and by {@link #purgeExpired}. Unlike
 * ArangoDB, which removes expired keys by writing a {@code delete} transaction into its log,
 * expiry here consumes no commit index.
 *
 * <h2>Durability</h2>
 *
 * The tree, its expiry instants and the commit index are saved to the state file (see {@link
 * StateFile}) before {@link #write} returns, whenever the request applied at least one
 * transaction; the constructor loads them. If saving fails, the write is not acknowledged and the
 * store keeps its previous state.
 *
 * <h2>Thread safety</h2>
 *
 * Safe for concurrent use. All calls are serialised by one lock, so every read sees the effect of
 * whole write requests and concurrent writes get distinct, increasing commit indexes. The tree is
 * immutable, so a read renders its answer from a snapshot after releasing the lock.
 */
public final class AgencyStore {

  private static final JsonNodeFactory JSON = JsonNodeFactory.instance;
  private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(AgencyStore.class);

  /**
   * The term reported by {@link #config}: a single agent is elected, unopposed, in the first term
   * and never holds another election.
   */
  static final long TERM = 1;

  private final StateFile stateFile;
  private final Clock clock;
  private final ReentrantLock lock = new ReentrantLock();

  /** Guarded by {@link #lock}; never {@code null}. */
  private Node root;
  /** Guarded by {@link #lock}; the index of the last applied transaction, 0 before the first. */
  private long commitIndex;

  /**
   * Opens the store kept in {@code stateFile}, loading what was saved there; a missing file means
   * an empty store with commit index 0.
   *
   * @throws IOException if the state file exists but cannot be read or is not a state file
   */
  public AgencyStore(Path stateFile, Clock clock) throws IOException {
    this.stateFile = new StateFile(Objects.requireNonNull(stateFile, "stateFile"));
    this.clock = Objects.requireNonNull(clock, "clock");
    Optional<StateFile.Snapshot> saved = this.stateFile.load();
    this.root = saved.map(StateFile.Snapshot::root).orElse(Node.EMPTY);
    this.commitIndex = saved.map(StateFile.Snapshot::commitIndex).orElse(0L);
  }

  /**
   * Answers a read body, e.g. {@code [["/arango/Plan", "/arango/Current/Foo"], ["/x"]]}.
   *
   * <p>Keys are normalised like write keys. Keys whose node exists are copied whole; for a key
   * whose node does not exist, its longest existing prefix is marked by an empty object (ArangoDB's
   * single-key path in {@code Store::read} and the examples of the agency documentation; a present
   * value at the same place wins over the marker). Children whose name starts with {@code .} are
   * hidden unless one of the query's keys contains {@code "/."}, as in ArangoDB. An empty query
   * {@code []} answers {@code {}}.
   *
   * @throws AgencyException 400 if the body is not an array of arrays of strings; ArangoDB answers
   *     such bodies inconsistently (an empty 200, or 418 for a single bad query)
   */
  public ArrayNode read(JsonNode queries) {
    List<List<String>> parsed = parseQueries(queries);
    Node snapshot;
    lock.lock();
    try {
      expire(clock.instant());
      snapshot = root;
    } finally {
      lock.unlock();
    }
    ArrayNode answer = JSON.arrayNode();
    for (List<String> query : parsed) {
      answer.add(crossSection(snapshot, query));
    }
    return answer;
  }

  /**
   * Applies a write body and saves the result before returning it.
   *
   * @throws AgencyException 400 for a malformed body, 501 for {@code observe}/{@code unobserve};
   *     in both cases nothing was applied. 500 if the new state could not be saved; then nothing
   *     was applied either
   */
  public WriteResult write(JsonNode transactions) {
    List<Transaction> parsed = Transaction.parseAll(transactions);
    lock.lock();
    try {
      Instant now = clock.instant();
      expire(now);
      Node tree = root;
      long index = commitIndex;
      ArrayNode results = JSON.arrayNode();
      boolean forbidden = false;
      boolean preconditionFailed = false;
      for (Transaction transaction : parsed) {
        if (transaction.forbidden()) {
          forbidden = true;
          results.add(0);
        } else if (!transaction.preconditionsHold(tree)) {
          preconditionFailed = true;
          results.add(0);
        } else {
          try {
            tree = transaction.applyTo(tree, now);
            index++;
            results.add(index);
          } catch (OperationFailedException e) {
            // The transaction is dropped as a whole; `tree` still holds the state before it.
            // ArangoDB, too, only logs the reason and answers 0.
            LOG.debug("agency transaction not applied: {}", e.getMessage());
            results.add(0);
          }
        }
      }
      if (index != commitIndex) {
        save(tree, index);
        root = tree;
        commitIndex = index;
      }
      int status = forbidden ? 403 : preconditionFailed ? 412 : 200;
      return new WriteResult(results, status);
    } finally {
      lock.unlock();
    }
  }

  /**
   * The body of {@code GET /_api/agency/config} for this agent, reduced to what a single agent
   * can state truthfully. ArangoDB ({@code RestAgencyHandler::handleConfig},
   * {@code config_t::toBuilder}) answers {@code term}, {@code leaderId}, {@code commitIndex}
   * ({@code lastCommitted} in early 3.x releases, also given here), {@code lastAcked},
   * {@code configuration} (with {@code pool}, {@code active}, {@code id}, {@code agency size},
   * {@code pool size}, {@code endpoint} and timing and supervision settings), {@code engine} and
   * {@code version}; timing, supervision, acknowledgement and engine details are left out because
   * this agent has none of them.
   */
  public ObjectNode config(String agentId, String endpoint) {
    Objects.requireNonNull(agentId, "agentId");
    Objects.requireNonNull(endpoint, "endpoint");
    long index = commitIndex();
    ObjectNode config = JSON.objectNode();
    config.put("term", TERM);
    config.put("leaderId", agentId);
    config.put("commitIndex", index);
    config.put("lastCommitted", index);
    ObjectNode configuration = config.putObject("configuration");
    configuration.putObject("pool").put(agentId, endpoint);
    configuration.putArray("active").add(agentId);
    configuration.put("id", agentId);
    configuration.put("agency size", 1);
    configuration.put("pool size", 1);
    configuration.put("endpoint", endpoint);
    return config;
  }

  /** The index of the last applied transaction; 0 before the first. */
  public long commitIndex() {
    lock.lock();
    try {
      return commitIndex;
    } finally {
      lock.unlock();
    }
  }

  /**
   * Removes the keys whose time to live has passed. Reads and writes do this themselves; a
   * periodic call only frees their memory earlier. Nothing is saved: the expiry instants are
   * saved with the keys, so a reload expires them again.
   */
  public void purgeExpired() {
    lock.lock();
    try {
      expire(clock.instant());
    } finally {
      lock.unlock();
    }
  }

  /** Drops the nodes expired at {@code now}. Caller holds the lock. */
  private void expire(Instant now) {
    Node purged = root.purge(now);
    root = purged == null ? Node.EMPTY : purged;
  }

  private void save(Node tree, long index) {
    try {
      stateFile.save(tree, index);
    } catch (IOException e) {
      throw new AgencyException(
          500,
          AgencyException.INTERNAL,
          "cannot persist the agency state, the write was not applied: " + e.getMessage(),
          e);
    }
  }

  private static List<List<String>> parseQueries(JsonNode queries) {
    if (queries == null || !queries.isArray()) {
      throw badRead("Read queries to stores must be arrays");
    }
    List<List<String>> parsed = new ArrayList<>(queries.size());
    for (int i = 0; i < queries.size(); i++) {
      JsonNode query = queries.get(i);
      if (!query.isArray()) {
        throw badRead("query #" + i + " must be an array of keys, e.g. [\"/arango/Plan\"]");
      }
      List<String> keys = new ArrayList<>(query.size());
      for (JsonNode key : query) {
        if (!key.isTextual()) {
          throw badRead("query #" + i + " holds a key that is not a string: " + key);
        }
        keys.add(key.textValue());
      }
      parsed.add(keys);
    }
    return parsed;
  }

  /** One query's answer; see {@link #read}. */
  private static JsonNode crossSection(Node tree, List<String> keys) {
    boolean showHidden = keys.stream().anyMatch(key -> key.contains("/."));
    List<List<String>> present = new ArrayList<>();
    JsonNode answer = JSON.objectNode();
    // Markers first, so that a value copied later to the same place replaces its marker.
    for (String key : keys) {
      List<String> path = AgencyPath.split(key);
      int existing = tree.existingPrefixLength(path);
      if (existing == path.size()) {
        present.add(path);
      } else {
        ensureObjects(answer, path.subList(0, existing));
      }
    }
    for (List<String> path : present) {
      JsonNode value = tree.get(path).render(showHidden);
      if (path.isEmpty()) {
        answer = value;
      } else {
        int last = path.size() - 1;
        ensureObjects(answer, path.subList(0, last)).set(path.get(last), value);
      }
    }
    return answer;
  }

  /**
   * The object at {@code path} in {@code answer}, creating empty objects on the way. Every
   * prefix of an existing key is an inner node, which renders as an object, so nothing on the way
   * is ever a value.
   */
  private static ObjectNode ensureObjects(JsonNode answer, List<String> path) {
    ObjectNode current = (ObjectNode) answer;
    for (String segment : path) {
      JsonNode next = current.get(segment);
      if (next == null) {
        next = current.putObject(segment);
      }
      current = (ObjectNode) next;
    }
    return current;
  }

  private static AgencyException badRead(String message) {
    return new AgencyException(400, AgencyException.BAD_PARAMETER, message);
  }
}
