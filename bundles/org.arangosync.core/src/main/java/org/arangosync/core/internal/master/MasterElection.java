package org.arangosync.core.internal.master;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.arangosync.api.spi.state.LeaderLease;
import org.arangosync.api.spi.state.StateStore;
import org.arangosync.api.spi.state.StateStoreException;
import org.arangosync.api.spi.state.Transaction;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One sync master's part in the election of its datacenter's leader, in the datacenter's state
 * store (the agency, below {@code /arangodb/arangosync}) as ArangoSync keeps it:
 * {@value #LEADER_KEY} holds the leader's id with a time to live, and every master announces itself
 * under {@code masters/<id>} = {@code {"endpoint", "endpoints"}} with the same time to live.
 *
 * <p>A loop renews both every third of the time to live. A master that cannot reach the store
 * stops calling itself leader at once (the lease may run out while it cannot see it), so two
 * masters never both act as leader for longer than one round.
 *
 * <p>Invariant: {@link #isLeader()} is true only after a round in which the store confirmed this
 * master's lease, and no later than one round after the lease was lost.
 */
public final class MasterElection implements AutoCloseable {

  static final String LEADER_KEY = "leader";
  static final String MASTERS_KEY = "masters";

  private static final Logger LOG = LoggerFactory.getLogger(MasterElection.class);
  private static final ObjectMapper JSON = new ObjectMapper();

  /**
   * A master as it announced itself.
   *
   * @param endpoint how the other masters and the workers of this datacenter reach it ({@code --server.endpoint})
   * @param endpoints how the other datacenter reaches it ({@code --master.endpoint}); may be empty
   */
  public record Master(String id, String endpoint, List<String> endpoints, boolean leader) {}

  private final StateStore store;
  private final String id;
  private final String announcement;
  private final Duration timeToLive;
  private final LeaderLease lease;
  private final List<Consumer<Boolean>> listeners = new CopyOnWriteArrayList<>();
  private final CountDownLatch stop = new CountDownLatch(1);
  private volatile boolean leader;
  private Thread loop;

  public MasterElection(StateStore store, String id, String endpoint, List<String> endpoints, Duration timeToLive) {
    this.store = store;
    this.id = id;
    this.timeToLive = timeToLive;
    this.lease = new LeaderLease(store, LEADER_KEY, id, timeToLive);
    ObjectNode announced = JSON.createObjectNode().put("endpoint", endpoint);
    endpoints.forEach(announced.putArray("endpoints")::add);
    this.announcement = announced.toString();
  }

  /** The datacenter's state store this master keeps its lease in (and the masters their state). */
  public StateStore store() {
    return store;
  }

  public String id() {
    return id;
  }

  /** Calls {@code listener} with true when this master becomes leader and with false when it stops being it. */
  public void onLeadershipChange(Consumer<Boolean> listener) {
    listeners.add(listener);
  }

  /** Starts the election loop on a thread of its own. */
  public synchronized void start() {
    if (loop != null) {
      throw new IllegalStateException("master " + id + " already takes part in the election");
    }
    loop = new Thread(this::run, "arangosync-master-election-" + id);
    loop.setDaemon(true);
    loop.start();
  }

  private void run() {
    long pause = Math.max(1, timeToLive.toMillis() / 3);
    do {
      round();
    } while (!awaitStop(pause));
  }

  /** One round: announce this master, take or renew the lease. Package-visible for tests that drive rounds. */
  void round() {
    boolean nowLeader;
    try {
      store.write(Transaction.builder().set(MASTERS_KEY + "/" + id, announcement, timeToLive).build());
      nowLeader = lease.acquireOrRenew();
    } catch (StateStoreException e) {
      if (leader) {
        LOG.warn("master {}: the state store does not answer ({}); no longer acting as leader", id, e.getMessage());
      }
      nowLeader = false;
    }
    if (nowLeader != leader) {
      leader = nowLeader;
      LOG.info("master {} {} the leader", id, nowLeader ? "is now" : "is no longer");
      for (Consumer<Boolean> listener : listeners) {
        listener.accept(nowLeader);
      }
    }
  }

  private boolean awaitStop(long millis) {
    try {
      return stop.await(millis, TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return true;
    }
  }

  public boolean isLeader() {
    return leader;
  }

  /** The masters that announced themselves within the time to live, the leader marked. */
  public List<Master> masters() {
    Optional<String> leaderId = lease.holder();
    List<Master> masters = new ArrayList<>();
    JsonNode all = StoredJson.parse(store.read(MASTERS_KEY).orElse("{}"), "the masters' entries");
    for (Iterator<Map.Entry<String, JsonNode>> it = all.fields(); it.hasNext();) {
      Map.Entry<String, JsonNode> entry = it.next();
      List<String> endpoints = new ArrayList<>();
      entry.getValue().path("endpoints").forEach(endpoint -> endpoints.add(endpoint.asText()));
      masters.add(new Master(entry.getKey(), entry.getValue().path("endpoint").asText(), endpoints,
          leaderId.map(entry.getKey()::equals).orElse(false)));
    }
    masters.sort(java.util.Comparator.comparing(Master::id));
    return masters;
  }

  /** The leader as the store knows it now, if there is one that announced itself. */
  public Optional<Master> leader() {
    return masters().stream().filter(Master::leader).findFirst();
  }


  /** Leaves the election: stops the loop, gives the lease up and withdraws the announcement, so a standby takes over at once. */
  @Override
  public void close() {
    stop.countDown();
    Thread running;
    synchronized (this) {
      running = loop;
    }
    if (running != null) {
      org.arangosync.core.internal.Stopping.join(running, Duration.ofSeconds(5));
    }
    boolean wasLeader = leader;
    leader = false;
    // Bounded: with the agency down, the store retries for a minute; the keys run out by themselves.
    boolean withdrawn = org.arangosync.core.internal.Stopping.runBounded("master " + id + " leaving", () -> {
      try {
        lease.release();
        store.write(Transaction.builder().delete(MASTERS_KEY + "/" + id).build());
      } catch (StateStoreException e) {
        LOG.warn("master {}: could not withdraw from the election ({}); its keys run out after {}", id, e.getMessage(), timeToLive);
      }
    }, Duration.ofSeconds(5));
    if (!withdrawn) {
      LOG.warn("master {}: the state store did not answer while leaving the election; its keys run out after {}", id, timeToLive);
    }
    if (wasLeader) {
      listeners.forEach(listener -> listener.accept(false));
    }
  }
}
