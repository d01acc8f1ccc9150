package org.arangosync.core.internal.sync;

import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import org.arangosync.api.SyncStatus;
import org.arangosync.api.Tick;
import org.arangosync.api.spi.store.Change;
import org.arangosync.api.spi.store.ClusterStore;
import org.arangosync.api.spi.store.KeyChunk;
import org.arangosync.api.spi.store.KeyRevision;
import org.arangosync.api.spi.store.ShardRef;
import org.arangosync.api.spi.store.Snapshot;
import org.arangosync.command.GoDurations;
import org.arangosync.core.internal.sync.ShardMessage.Changes;
import org.arangosync.core.internal.sync.ShardMessage.Documents;
import org.arangosync.core.internal.sync.ShardMessage.Fetch;
import org.arangosync.core.internal.sync.ShardMessage.Heartbeat;
import org.arangosync.core.internal.sync.ShardMessage.Keys;
import org.arangosync.core.internal.sync.ShardMessage.KeysDone;
import org.arangosync.core.internal.sync.ShardMessage.Plan;
import org.arangosync.core.internal.sync.ShardMessage.Resume;
import org.arangosync.core.internal.sync.ShardMessage.Resync;
import org.arangosync.core.internal.sync.ShardMessage.Sync;
import org.arangosync.core.internal.sync.ShardMessage.Synced;
import org.arangosync.metrics.SyncMetric;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The target end of one shard's synchronisation (the {@code receive-shard} task): it resumes from
 * the tick saved in the target's state store, or synchronises the shard incrementally against a
 * snapshot of the source (only documents that differ move, see {@link ShardMessage}), then applies
 * the source's WAL changes as they come. Writes made in the target are overwritten.
 *
 * <p>Invariants: changes are applied in the source's tick order, idempotently (a change applied
 * twice has the effect of once, and one at or before the applied tick is not applied again); the
 * saved tick never passes a change that is not applied, so a session in which a message of the
 * source never arrived ends there and a new one resumes from the saved tick; a
 * session that hears nothing at all from the source for the message timeout marks the shard
 * {@code failed} and synchronises it again; a failure to apply goes back to the first message not
 * committed and tries again after {@code retryWait}. {@link #stop()} ends {@link #run()} within
 * about one poll interval.
 */
final class ShardReceiver implements Runnable {

  private static final Logger LOG = LoggerFactory.getLogger(ShardReceiver.class);
  private static final SecureRandom RANDOM = new SecureRandom();

  /**
   * The target's view of the shard, as {@code get status -v} shows it.
   *
   * @param delay how far the target is behind the source (zero when it has everything)
   * @param lastMessageMillis when the last message (heartbeats included) came, epoch millis
   * @param lastDataChangeMillis when the last change was applied, epoch millis (0: none yet)
   * @param documentsDone during the initial synchronisation: documents compared or fetched
   * @param documentsTotal during the initial synchronisation: about how many documents the source has
   */
  record Status(SyncStatus status, String message, Duration delay, long lastMessageMillis, long lastDataChangeMillis,
      long documentsDone, long documentsTotal, Tick applied) {}

  private enum Phase { REQUESTED, COMPARING, RUNNING }

  private final ShardRef shard;
  private final ClusterStore target;
  private final ShardLink link;
  private final ShardProgress progress;
  private final ShardSyncSettings settings;
  /** Read at every check, so that {@code set message timeout} reaches a running task. */
  private final Supplier<Duration> messageTimeout;
  private final StopSignal stopped = new StopSignal();

  private volatile Status status = new Status(SyncStatus.INITIALIZING, "starting", Duration.ZERO, 0, 0, 0, 0, Tick.ZERO);
  private final AtomicLong initialSyncs = new AtomicLong();
  private final AtomicLong fetchedDocuments = new AtomicLong();
  private final AtomicLong removedDocuments = new AtomicLong();
  /** The newest source position this session was told of (a change's tick, a heartbeat's position, the snapshot's tick). */
  private volatile long sourcePosition;

  private long session;
  private Phase phase;
  /** Whether the current session asked to resume (rather than synchronise). */
  private boolean resuming;
  private Tick applied = Tick.ZERO;
  private Duration delay = Duration.ZERO;
  private long lastDataChangeMillis;
  // The current initial synchronisation.
  private Snapshot targetSnapshot;
  private List<KeyChunk> targetChunks = List.of();
  private Plan plan;
  private TargetKeys targetKeys;
  private boolean keysDone;
  private int pendingFetches;
  private long documentsDone;

  /** @param messageTimeout the message timeout in force now (it changes while the task runs) */
  ShardReceiver(ShardRef shard, ClusterStore target, ShardLink link, ShardProgress progress, ShardSyncSettings settings,
      Supplier<Duration> messageTimeout) {
    this.shard = shard;
    this.target = target;
    this.link = link;
    this.progress = progress;
    this.settings = settings;
    this.messageTimeout = messageTimeout;
  }

  /** With the fixed message timeout of {@code settings}. */
  ShardReceiver(ShardRef shard, ClusterStore target, ShardLink link, ShardProgress progress, ShardSyncSettings settings) {
    this(shard, target, link, progress, settings, settings::messageTimeout);
  }

  Status status() {
    return status;
  }

  /** How many initial synchronisations ran (the first one and every resynchronisation). */
  long initialSyncs() {
    return initialSyncs.get();
  }

  /** Documents fetched from the source by initial synchronisations. */
  long fetchedDocuments() {
    return fetchedDocuments.get();
  }

  /** Documents removed from the target by initial synchronisations (the source lacked them). */
  long removedDocuments() {
    return removedDocuments.get();
  }

  void stop() {
    stopped.stop();
  }

  /**
   * Gives the shard's lag gauges (seconds, ticks, applied tick) a reader of this receiver; they
   * are removed with the link's {@link ShardMetrics}.
   */
  void observeLag() {
    ShardMetrics metrics = link.metrics();
    metrics.gauge(SyncMetric.WORKER_SHARD_LAG_SECONDS, () -> status.delay().toMillis() / 1000.0);
    metrics.gauge(SyncMetric.WORKER_SHARD_LAG_TICKS, () -> Math.max(0, sourcePosition - status.applied().value()));
    metrics.gauge(SyncMetric.WORKER_SHARD_APPLIED_TICK, () -> status.applied().value());
  }

  private boolean isStopped() {
    return stopped.isStopped();
  }

  @Override
  public void run() {
    boolean resync = false;
    try {
      while (!isStopped()) {
        try {
          if (session == 0) {
            startSession(resync);
            resync = false;
          }
          receive();
          Duration timeout = messageTimeout.get();
          if (link.quietMillis() > timeout.toMillis()) {
            String message = "no message from the source for " + Duration.ofMillis(link.quietMillis()).toSeconds()
                + "s (message timeout " + GoDurations.format(timeout) + "): synchronising the shard again";
            LOG.warn("receive-shard {}: {}", shard, message);
            link.metrics().messageTimeout();
            link.metrics().resync(ShardMetrics.ResyncReason.MESSAGE_TIMEOUT);
            setStatus(SyncStatus.FAILED, message);
            session = 0;
            resync = true;
            continue;
          }
          link.heartbeatIfQuiet(session, applied);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          return;
        } catch (RuntimeException e) {
          LOG.warn("receive-shard {}: {}; trying again in {}", shard, e.getMessage(), settings.retryWait());
          link.metrics().retry();
          setStatus(SyncStatus.FAILED, String.valueOf(e.getMessage()));
          link.rewind();
          if (phase != Phase.RUNNING) {
            // An initial synchronisation cannot continue halfway through: start it over.
            session = 0;
          }
          if (stopped.pause(settings.retryWait())) {
            return;
          }
        }
      }
    } finally {
      releaseTargetSnapshot();
    }
  }


  private void startSession(boolean resync) throws InterruptedException {
    releaseTargetSnapshot();
    long next;
    do {
      next = RANDOM.nextLong() & Long.MAX_VALUE;
    } while (next == 0);
    Optional<Tick> saved = resync ? Optional.empty() : progress.load();
    link.resetQuiet();
    sourcePosition = 0; // a new session hears its positions afresh (the source's leader may have changed)
    if (saved.isPresent()) {
      session = next;
      phase = Phase.REQUESTED;
      resuming = true;
      applied = saved.get();
      link.send(new Resume(session, applied));
      waiting("resuming after tick " + applied);
      return;
    }
    progress.clear();
    initialSyncs.incrementAndGet();
    link.metrics().initialSync();
    targetSnapshot = target.snapshot(target.locate(shard), settings.snapshotTtl());
    targetChunks = target.keyChunks(targetSnapshot, settings.chunkSize());
    session = next;
    phase = Phase.REQUESTED;
    resuming = false;
    plan = null;
    keysDone = false;
    pendingFetches = 0;
    documentsDone = 0;
    link.send(new Sync(session, targetChunks));
    waiting("asked the source for a snapshot (" + targetChunks.size() + " key ranges here)");
  }

  private void releaseTargetSnapshot() {
    if (targetSnapshot != null) {
      try {
        target.release(targetSnapshot);
      } catch (RuntimeException e) {
        LOG.debug("receive-shard {}: releasing the snapshot failed ({}); it expires by itself", shard, e.getMessage());
      }
      targetSnapshot = null;
      targetKeys = null;
    }
  }

  /** Handles what came; commits up to the last message handled, also when a later one fails. */
  private void receive() throws InterruptedException {
    List<ShardLink.Received> received = link.poll(Duration.ofMillis(200));
    long handled = -1;
    Tick appliedBefore = applied;
    try {
      for (ShardLink.Received each : received) {
        if (each.message().session() == session) {
          if (each.gapBefore()) {
            lost(each);
          } else {
            notePosition(each.message());
            handle(each.message());
          }
        }
        handled = each.offset();
        if (session == 0) {
          break; // the source asked to start over: later messages belong to the old session
        }
      }
    } finally {
      if (!applied.equals(appliedBefore) && phase == Phase.RUNNING) {
        progress.save(applied);
      }
      if (handled >= 0) {
        link.commit(handled);
      }
    }
  }

  /**
   * A message of this session never came (another reader of the data channel took it, or its
   * producer started afresh): this session cannot go on without a hole. A new one resumes from the
   * saved tick, which never passes a change not applied, or starts the initial synchronisation over.
   */
  private void lost(ShardLink.Received first) {
    LOG.warn("receive-shard {}: a message of the source before its message {} ({}) never came: {}", shard, first.seq(),
        first.message().getClass().getSimpleName(), resuming || phase == Phase.RUNNING ? "resuming after tick " + applied
            : "starting the initial synchronisation over");
    link.metrics().retry();
    session = 0;
  }

  /** Keeps the newest source position a message of the current session tells of, for the lag in ticks. */
  private void notePosition(ShardMessage message) {
    long position = 0;
    if (message instanceof Changes changes && !changes.changes().isEmpty()) {
      position = changes.changes().get(changes.changes().size() - 1).tick().value();
    } else if (message instanceof Heartbeat heartbeat) {
      position = heartbeat.position().value();
    } else if (message instanceof Plan received) {
      position = received.tick().value();
    }
    if (position > sourcePosition) {
      sourcePosition = position;
    }
  }

  private void handle(ShardMessage message) throws InterruptedException {
    if (message instanceof Plan received) {
      plan = received;
      phase = Phase.COMPARING;
      Set<Integer> equal = new HashSet<>(received.equalTargetChunks());
      List<KeyChunk> differing = new ArrayList<>();
      for (KeyChunk chunk : targetChunks) {
        if (!equal.contains(chunk.index())) {
          differing.add(chunk);
        }
      }
      targetKeys = new TargetKeys(differing);
      documentsDone = Math.min(received.documents(), (long) equal.size() * settings.chunkSize());
      setStatus(SyncStatus.INITIAL_SYNC, "comparing " + received.sourceChunks() + " key ranges (" + equal.size() + " equal)");
    } else if (message instanceof Keys keys && phase == Phase.COMPARING) {
      compare(keys);
    } else if (message instanceof KeysDone && phase == Phase.COMPARING) {
      List<Change> removals = new ArrayList<>();
      while (targetKeys.peek() != null) {
        removals.add(removal(targetKeys.next().key()));
      }
      remove(removals);
      keysDone = true;
      finishInitialSyncIfDone();
    } else if (message instanceof Documents documents && phase == Phase.COMPARING) {
      link.metrics().documentsReceived(documents.documents().size());
      apply(documents.documents());
      fetchedDocuments.addAndGet(documents.documents().size());
      documentsDone += documents.documents().size();
      if (documents.last()) {
        pendingFetches--;
      }
      setStatus(SyncStatus.INITIAL_SYNC, "copying documents that differ");
      finishInitialSyncIfDone();
    } else if (message instanceof Changes changes) {
      if (phase == Phase.COMPARING) {
        return; // cannot happen in order; ignore rather than apply before the snapshot is complete
      }
      link.metrics().documentsReceived(changes.changes().size());
      // Changes sent again (the source retried a round) are applied already: applying them again
      // would take their documents back in time until the later changes come again.
      List<Change> newer = new ArrayList<>(changes.changes().size());
      for (Change change : changes.changes()) {
        if (change.tick().isAfter(applied)) {
          newer.add(change);
        }
      }
      apply(newer);
      if (!newer.isEmpty()) {
        applied = newer.get(newer.size() - 1).tick();
      }
      phase = Phase.RUNNING;
      lastDataChangeMillis = System.currentTimeMillis();
      delay = Duration.ofMillis(Math.max(0, lastDataChangeMillis - changes.sentAt()));
      setStatus(SyncStatus.RUNNING, "");
    } else if (message instanceof Heartbeat heartbeat) {
      if (phase == Phase.REQUESTED && resuming) {
        phase = Phase.RUNNING; // the source tails for this session: the resume was accepted
      }
      if (phase == Phase.RUNNING) {
        if (heartbeat.position().isAfter(applied)) {
          applied = heartbeat.position(); // everything before it was sent, and so applied before this heartbeat
        }
        delay = Duration.ZERO;
        setStatus(SyncStatus.RUNNING, "");
      }
    } else if (message instanceof Resync resync) {
      LOG.info("receive-shard {}: the source asks to synchronise again: {}", shard, resync.reason());
      link.metrics().resync(ShardMetrics.ResyncReason.SOURCE);
      session = 0;
    }
  }

  /** Merges the source's keys of one chunk with the target's (both in key order). */
  private void compare(Keys keys) throws InterruptedException {
    List<Change> removals = new ArrayList<>();
    List<Integer> fetch = new ArrayList<>();
    List<KeyRevision> sourceKeys = keys.keys();
    for (int position = 0; position < sourceKeys.size(); position++) {
      KeyRevision wanted = sourceKeys.get(position);
      while (targetKeys.peek() != null && targetKeys.peek().key().compareTo(wanted.key()) < 0) {
        removals.add(removal(targetKeys.next().key()));
      }
      KeyRevision mine = targetKeys.peek();
      if (mine != null && mine.key().equals(wanted.key())) {
        targetKeys.next();
        if (!mine.revision().equals(wanted.revision())) {
          fetch.add(position);
        }
      } else {
        fetch.add(position);
      }
    }
    remove(removals);
    documentsDone += sourceKeys.size() - fetch.size();
    if (!fetch.isEmpty()) {
      link.send(new Fetch(session, keys.chunk(), fetch));
      pendingFetches++;
    }
    setStatus(SyncStatus.INITIAL_SYNC, "comparing key ranges");
  }

  private static Change removal(String key) {
    return new Change(Tick.ZERO, Change.REMOVE, "0", key, null, null);
  }

  /** Writes documents or changes into the target shard, counting them. */
  private void apply(List<Change> changes) {
    if (changes.isEmpty()) {
      return;
    }
    target.apply(shard.database(), shard.collection(), changes);
    long bytes = 0;
    for (Change change : changes) {
      bytes += change.data() == null ? 0 : change.data().length;
    }
    link.metrics().documentsApplied(changes.size(), bytes);
  }

  private void remove(List<Change> removals) {
    if (!removals.isEmpty()) {
      apply(removals);
      removedDocuments.addAndGet(removals.size());
    }
  }

  private void finishInitialSyncIfDone() throws InterruptedException {
    if (!keysDone || pendingFetches > 0) {
      return;
    }
    releaseTargetSnapshot();
    applied = plan.tick();
    progress.save(applied);
    phase = Phase.RUNNING;
    link.send(new Synced(session));
    LOG.info("receive-shard {}: initial synchronisation done at tick {} ({} documents fetched, {} removed)", shard, applied,
        fetchedDocuments.get(), removedDocuments.get());
    delay = Duration.ZERO;
    setStatus(SyncStatus.RUNNING, "");
  }

  /**
   * The status while a new session waits for the source's first answer: still {@code failed} when
   * the last session ended in failure (a shard whose source is silent stays visibly failed, rather
   * than flickering back to initializing at every attempt), else {@code initializing}.
   */
  private void waiting(String message) {
    if (status.status() == SyncStatus.FAILED) {
      String failure = status.message();
      int again = failure.indexOf("; now ");
      setStatus(SyncStatus.FAILED, (again < 0 ? failure : failure.substring(0, again)) + "; now " + message);
    } else {
      setStatus(SyncStatus.INITIALIZING, message);
    }
  }

  private void setStatus(SyncStatus value, String message) {
    long total = plan == null ? 0 : plan.documents();
    boolean initial = value == SyncStatus.INITIAL_SYNC;
    status = new Status(value, message, delay, System.currentTimeMillis() - link.quietMillis(), lastDataChangeMillis,
        initial ? Math.min(documentsDone, total) : 0, initial ? total : 0, applied);
  }

  /** The target's keys of the chunks no source chunk equals, in key order, one chunk in memory at a time. */
  private final class TargetKeys {
    private final List<KeyChunk> chunks;
    private int nextChunk;
    private List<KeyRevision> keys = List.of();
    private int index;

    TargetKeys(List<KeyChunk> chunks) {
      this.chunks = chunks;
    }

    KeyRevision peek() {
      while (index >= keys.size()) {
        if (nextChunk >= chunks.size()) {
          return null;
        }
        keys = target.chunkKeys(targetSnapshot, chunks.get(nextChunk++), settings.chunkSize());
        index = 0;
      }
      return keys.get(index);
    }

    KeyRevision next() {
      KeyRevision key = peek();
      index++;
      return key;
    }
  }
}
