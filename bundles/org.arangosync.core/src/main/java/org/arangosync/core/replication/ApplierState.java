package org.arangosync.core.replication;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import org.arangosync.api.Tick;

/**
 * What an applier did and does, with the fields of ArangoDB's {@code applier-state}.
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

  /** ArangoDB's time format: seconds, UTC, {@code Z}. */
  static String now() {
    return Instant.now().truncatedTo(ChronoUnit.SECONDS).toString();
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
  }

  public synchronized void fetched(double seconds) {
    totalRequests++;
    fetches++;
    totalFetchTime += seconds;
    failedConnects = 0;
  }

  /** A request that failed: counted, and, when the leader could not be reached, a failed connect. */
  public synchronized long failedRequest(boolean connectFailure) {
    totalRequests++;
    if (connectFailure) {
      failedConnects++;
      totalFailedConnects++;
    }
    return failedConnects;
  }

  public synchronized void applied(double seconds, long documents, long removals) {
    applyBatches++;
    totalApplyTime += seconds;
    totalDocuments += documents;
    totalRemovals += removals;
  }

  public synchronized void events(long events, long excluded) {
    totalEvents += events;
    totalOperationsExcluded += excluded;
  }

  public synchronized void resynced() {
    totalResyncs++;
  }

  public synchronized void ticks(Tick applied, Tick processed, Tick available, Tick safe) {
    lastApplied = applied;
    lastProcessed = processed;
    lastAvailable = available;
    safeResume = safe;
  }

  public synchronized Tick safeResumeTick() {
    return safeResume;
  }

  public synchronized Tick lastAppliedTick() {
    return lastApplied;
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
    ticks(Tick.ZERO, Tick.ZERO, Tick.ZERO, Tick.ZERO);
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
