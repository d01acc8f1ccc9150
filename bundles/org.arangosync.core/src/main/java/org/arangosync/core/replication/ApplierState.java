package org.arangosync.core.replication;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Objects;
import org.arangosync.api.Tick;

/**
 * What an applier did and does, with the fields of ArangoDB's {@code applier-state}.
 *
 * <p>Every event counted here is also told to its {@link ApplierEvents} (by {@link #tellEventsTo}),
 * from the same method, so that counters kept elsewhere count exactly what these totals count.
 *
 * <p>Thread safety: the applier's thread updates it, request threads read it; every method holds
 * the object's lock, so a reader sees one consistent moment.
 */
public final class ApplierState {

  /** ArangoDB's phases. */
  public enum Phase {
    INACTIVE, INITIAL, RUNNING, SHUTDOWN;

    String json() {
      return name().toLowerCase(java.util.Locale.ROOT);
    }
  }

  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

  private String started = "";
  private boolean running;
  private Phase phase = Phase.INACTIVE;
  private Tick lastApplied = Tick.ZERO;
  private Tick lastProcessed = Tick.ZERO;
  private Tick lastAvailable = Tick.ZERO;
  private Tick safeResume = Tick.ZERO;
  /** Not in ArangoDB's state, nor saved: only for {@link #lagTicks()}. */
  private Tick readUpTo = Tick.ZERO;
  private String progressTime = now();
  private String progressMessage;
  private long failedConnects;
  private long totalRequests;
  private long totalFailedConnects;
  private long totalEvents;
  private long totalDocuments;
  private long totalRemovals;
  private long totalResyncs;
  private long totalOperationsExcluded;
  private double totalApplyTime;
  private long applyBatches;
  private double totalFetchTime;
  private long fetches;
  private int lastErrorNum;
  private String lastErrorTime;
  private String lastErrorMessage;
  private ApplierEvents events = ApplierEvents.NONE;

  /** ArangoDB's time format: seconds, UTC, {@code Z}. */
  static String now() {
    return Instant.now().truncatedTo(ChronoUnit.SECONDS).toString();
  }

  /** From now on, tells {@code listener} of every event it counts; set before the applier's first run, so that none is missed. */
  public synchronized void tellEventsTo(ApplierEvents listener) {
    events = Objects.requireNonNull(listener, "listener");
  }

  public synchronized void progress(String message) {
    progressMessage = message;
    progressTime = now();
  }

  /** Started: running, the given phase, counters of this run reset, the last error cleared. */
  public synchronized void started(Phase startPhase, String message) {
    started = now();
    running = true;
    phase = startPhase;
    failedConnects = 0;
    lastErrorNum = 0;
    lastErrorTime = null;
    lastErrorMessage = null;
    progress(message);
    events.started();
  }

  public synchronized void phase(Phase newPhase) {
    phase = newPhase;
  }

  /** Stopped: not running, inactive, with the reason as progress. */
  public synchronized void stopped(String message) {
    running = false;
    phase = Phase.INACTIVE;
    progress(message);
  }

  public synchronized void error(int errorNum, String message) {
    lastErrorNum = errorNum;
    lastErrorMessage = message;
    lastErrorTime = now();
    events.failed(errorNum);
  }

  public synchronized void fetched(double seconds) {
    totalRequests++;
    fetches++;
    totalFetchTime += seconds;
    failedConnects = 0;
    events.requested(false);
  }

  /** A request that failed: counted, and, when the leader could not be reached, a failed connect. */
  public synchronized long failedRequest(boolean connectFailure) {
    totalRequests++;
    if (connectFailure) {
      failedConnects++;
      totalFailedConnects++;
    }
    events.requested(connectFailure);
    return failedConnects;
  }

  public synchronized void applied(double seconds, long documents, long removals) {
    applyBatches++;
    totalApplyTime += seconds;
    totalDocuments += documents;
    totalRemovals += removals;
    events.documents(documents + removals);
  }

  public synchronized void events(long count, long excluded) {
    totalEvents += count;
    totalOperationsExcluded += excluded;
    events.events(count);
  }

  public synchronized void resynced() {
    totalResyncs++;
    events.resynced();
  }

  /**
   * The ticks after a batch. {@code readUpTo}: the leader tick up to which the log was read
   * completely, i.e. the leader scanned that far and said nothing more was waiting; while more is
   * waiting, no further than {@code processed}.
   */
  public synchronized void ticks(Tick applied, Tick processed, Tick available, Tick safe, Tick readUpTo) {
    lastApplied = applied;
    lastProcessed = processed;
    lastAvailable = available;
    safeResume = safe;
    this.readUpTo = readUpTo;
  }

  public synchronized Tick safeResumeTick() {
    return safeResume;
  }

  public synchronized Tick lastAppliedTick() {
    return lastApplied;
  }

  /**
   * How far behind the leader it is, in ticks, for metrics: the leader's last tick it saw minus the
   * furthest of the last tick it applied, the last it processed (markers the configuration excludes
   * and aborted transactions leave nothing to apply) and the tick up to which it read the log
   * completely; never negative. Unlike ArangoDB's {@code ticksBehind} (which leaves out the last),
   * it reaches 0 when the leader's newest markers are not for this applier (another database, a
   * collection the leader leaves out of the log it serves), so that a lag that stays above 0 means
   * work left.
   */
  public synchronized long lagTicks() {
    long done = Math.max(Math.max(lastApplied.value(), lastProcessed.value()), readUpTo.value());
    return Math.max(0, lastAvailable.value() - done);
  }

  public synchronized boolean running() {
    return running;
  }

  public synchronized Phase phase() {
    return phase;
  }

  public synchronized int lastErrorNum() {
    return lastErrorNum;
  }

  public synchronized long totalDocuments() {
    return totalDocuments;
  }

  /** Forgets the ticks (DELETE applier-state). */
  public synchronized void forget() {
    ticks(Tick.ZERO, Tick.ZERO, Tick.ZERO, Tick.ZERO, Tick.ZERO);
  }

  /**
   * {@code applier-state}'s {@code state} object, field by field as ArangoDB writes it: ticks are
   * strings or null when 0, {@code ticksBehind} only while tailing, {@code progress.message}
   * only when there is one, {@code lastError} with {@code errorNum} only when there is no error.
   */
  public synchronized ObjectNode toJson() {
    ObjectNode state = NODES.objectNode();
    state.put("started", started);
    state.put("running", running);
    state.put("phase", phase.json());
    state.set("lastAppliedContinuousTick", tick(lastApplied));
    state.set("lastProcessedContinuousTick", tick(lastProcessed));
    state.set("lastAvailableContinuousTick", tick(lastAvailable));
    state.set("safeResumeTick", tick(safeResume));
    if (running && phase == Phase.RUNNING) {
      long behind = lastAvailable.value() - Math.max(lastApplied.value(), lastProcessed.value());
      state.put("ticksBehind", Math.max(0, behind));
    }
    ObjectNode progress = state.putObject("progress");
    progress.put("time", progressTime);
    if (progressMessage != null && !progressMessage.isEmpty()) {
      progress.put("message", progressMessage);
    }
    progress.put("failedConnects", failedConnects);
    state.put("totalRequests", totalRequests);
    state.put("totalFailedConnects", totalFailedConnects);
    state.put("totalEvents", totalEvents);
    state.put("totalDocuments", totalDocuments);
    state.put("totalRemovals", totalRemovals);
    state.put("totalResyncs", totalResyncs);
    state.put("totalOperationsExcluded", totalOperationsExcluded);
    putSeconds(state, "totalApplyTime", totalApplyTime);
    putSeconds(state, "averageApplyTime", applyBatches == 0 ? 0 : totalApplyTime / applyBatches);
    putSeconds(state, "totalFetchTime", totalFetchTime);
    putSeconds(state, "averageFetchTime", fetches == 0 ? 0 : totalFetchTime / fetches);
    ObjectNode lastError = state.putObject("lastError");
    lastError.put("errorNum", lastErrorNum);
    if (lastErrorNum != 0) {
      lastError.put("time", lastErrorTime);
      lastError.put("errorMessage", lastErrorMessage);
    }
    state.put("time", now());
    return state;
  }

  /** What survives a restart: where to resume. */
  public synchronized ObjectNode progressToJson() {
    ObjectNode json = NODES.objectNode();
    json.put("lastAppliedContinuousTick", lastApplied.toString());
    json.put("lastProcessedContinuousTick", lastProcessed.toString());
    json.put("safeResumeTick", safeResume.toString());
    return json;
  }

  /** Reads what {@link #progressToJson()} wrote. */
  public synchronized void restore(JsonNode json) {
    lastApplied = Tick.parse(json.path("lastAppliedContinuousTick").asText("0"));
    lastProcessed = Tick.parse(json.path("lastProcessedContinuousTick").asText("0"));
    safeResume = Tick.parse(json.path("safeResumeTick").asText("0"));
  }

  private static JsonNode tick(Tick tick) {
    return tick.equals(Tick.ZERO) ? NODES.nullNode() : NODES.textNode(tick.toString());
  }

  /** Whole numbers as integers (ArangoDB prints {@code 0}, not {@code 0.0}). */
  private static void putSeconds(ObjectNode node, String field, double seconds) {
    if (seconds == Math.rint(seconds)) {
      node.put(field, (long) seconds);
    } else {
      node.put(field, seconds);
    }
  }
}
