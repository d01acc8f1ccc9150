package org.arangosync.core.internal.sync;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.arangosync.api.SyncStatus;
import org.arangosync.api.Tick;
import org.arangosync.api.spi.store.Change;
import org.arangosync.api.spi.store.ClusterStore;
import org.arangosync.api.spi.store.KeyChunk;
import org.arangosync.api.spi.store.ShardLocation;
import org.arangosync.api.spi.store.ShardRef;
import org.arangosync.api.spi.store.Snapshot;
import org.arangosync.api.spi.store.TailResult;
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
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The source end of one shard's synchronisation (the {@code send-shard} task): it answers the
 * target's requests (see {@link ShardMessage} for the protocol) from a snapshot of the shard on its
 * leader DB-Server, then follows the shard's WAL and sends every document change.
 *
 * <p>Invariants: changes are sent in tick order, and a {@link Resume} from tick t sends every change
 * after t that the WAL holds, or a {@link Resync} when it no longer holds t — never a silent gap.
 * A failure (the DB-Server, the transport) is retried after {@code retryWait}, from where the
 * changes sent so far end; a failure during an initial synchronisation ends that session with a
 * {@link Resync}, so the target starts over. {@link #stop()} ends {@link #run()} within about one
 * poll interval.
 */
final class ShardSender implements Runnable {

  private static final Logger LOG = LoggerFactory.getLogger(ShardSender.class);

  /**
   * What the sender does now, for the source's status of the shard.
   *
   * @param lastSent the tick of the last change the target was sent (or, right after the initial
   *     synchronisation or a resume, the tick the target has everything up to)
   * @param caughtUpAtMillis when the latest WAL round started that found no more changes to send
   *     (epoch millis, 0 while not tailing): every change committed before then is sent
   */
  record Status(SyncStatus status, String message, Tick position, Tick lastSent, long caughtUpAtMillis) {
    Status(SyncStatus status, String message, Tick position) {
      this(status, message, position, Tick.ZERO, 0);
    }
  }

  private final ShardRef shard;
  private final ClusterStore source;
  private final ShardLink link;
  private final ShardSyncSettings settings;
  private final StopSignal stopped = new StopSignal();
  private volatile Status status = new Status(SyncStatus.INITIALIZING, "waiting for the target's first request", Tick.ZERO);
  /** Where a failed tail continues: the session and the tick up to which changes were sent. */
  private Resume resumePoint;
  /** A session whose initial synchronisation failed here and that the target must be told to restart. */
  private Long failedSession;

  ShardSender(ShardRef shard, ClusterStore source, ShardLink link, ShardSyncSettings settings) {
    this.shard = shard;
    this.source = source;
    this.link = link;
    this.settings = settings;
  }

  Status status() {
    return status;
  }

  void stop() {
    stopped.stop();
  }

  private boolean isStopped() {
    return stopped.isStopped();
  }

  @Override
  public void run() {
    ShardMessage request = null;
    while (!isStopped()) {
      try {
        if (failedSession != null) {
          link.send(new Resync(failedSession, "the source failed during the initial synchronisation: " + status.message()));
          failedSession = null;
        }
        if (request == null) {
          request = awaitRequest(0);
        }
        if (request instanceof Sync sync) {
          request = initialSync(sync);
        } else if (request instanceof Resume resume) {
          request = tail(resume);
        } else {
          request = null;
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      } catch (RuntimeException e) {
        LOG.warn("send-shard {}: {}; trying again in {}", shard, e.getMessage(), settings.retryWait());
        link.metrics().retry();
        status = new Status(SyncStatus.FAILED, String.valueOf(e.getMessage()), status.position());
        if (request instanceof Sync sync) {
          failedSession = sync.session();
          request = null;
        } else if (resumePoint != null) {
          request = resumePoint;
        }
        if (stopped.pause(settings.retryWait())) {
          return;
        }
      }
    }
  }


  /**
   * The target's next request (the newest {@link Sync} or {@link Resume} of another session than
   * {@code currentSession}), or null when stopped. Heartbeats go out meanwhile.
   */
  private ShardMessage awaitRequest(long currentSession) throws InterruptedException {
    while (!isStopped()) {
      ShardMessage request = nextRequest(currentSession, pollWait());
      if (request != null) {
        return request;
      }
      link.heartbeatIfQuiet(currentSession, status.position());
    }
    return null;
  }

  private Duration pollWait() {
    Duration wait = settings.heartbeatInterval().dividedBy(2);
    return wait.compareTo(Duration.ofMillis(500)) > 0 ? Duration.ofMillis(500) : wait;
  }

  /**
   * Reads the control channel once: the newest new request, if any. A heartbeat of a session this
   * sender does not serve means the target waits for a sender that is gone (a restart lost its
   * state): it is told to start over.
   */
  private ShardMessage nextRequest(long currentSession, Duration wait) throws InterruptedException {
    ShardMessage request = null;
    for (ShardLink.Received received : link.poll(wait)) {
      ShardMessage message = received.message();
      if ((message instanceof Sync || message instanceof Resume) && message.session() != currentSession) {
        request = message;
      } else if (message instanceof Heartbeat && message.session() != currentSession && request == null) {
        link.send(new Resync(message.session(), "the source does not know this session (it restarted)"));
      }
      link.commit(received.offset());
    }
    return request;
  }

  // ------------------------------------------------------------------------------ initial sync

  private ShardMessage initialSync(Sync sync) throws InterruptedException {
    long session = sync.session();
    resumePoint = null;
    status = new Status(SyncStatus.INITIAL_SYNC, "taking a snapshot", Tick.ZERO);
    ShardLocation location = source.locate(shard);
    Snapshot snapshot = source.snapshot(location, settings.snapshotTtl());
    try {
      List<KeyChunk> chunks = source.keyChunks(snapshot, settings.chunkSize());
      Map<String, Integer> targetChunks = new HashMap<>();
      for (KeyChunk chunk : sync.targetChunks()) {
        targetChunks.put(signature(chunk), chunk.index());
      }
      List<Integer> equalTargetChunks = new ArrayList<>();
      boolean[] equal = new boolean[chunks.size()];
      for (KeyChunk chunk : chunks) {
        Integer target = targetChunks.get(signature(chunk));
        if (target != null) {
          equalTargetChunks.add(target);
          equal[chunk.index()] = true;
        }
      }
      long documents = chunks.isEmpty() ? 0
          : (long) (chunks.size() - 1) * settings.chunkSize()
              + source.chunkKeys(snapshot, chunks.get(chunks.size() - 1), settings.chunkSize()).size();
      status = new Status(SyncStatus.INITIAL_SYNC, "comparing " + chunks.size() + " key ranges", snapshot.tick());
      link.send(new Plan(session, snapshot.tick(), documents, chunks.size(), equalTargetChunks));
      long extendedAt = System.currentTimeMillis();
      for (KeyChunk chunk : chunks) {
        if (!equal[chunk.index()]) {
          link.send(new Keys(session, chunk.index(), source.chunkKeys(snapshot, chunk, settings.chunkSize())));
        }
        if (isStopped()) {
          return null;
        }
      }
      link.send(new KeysDone(session));
      while (!isStopped()) {
        for (ShardLink.Received received : link.poll(pollWait())) {
          ShardMessage message = received.message();
          if (received.gapBefore() && message.session() == session) {
            // A fetch the target sent never came: it would wait for its documents for ever.
            link.commit(received.offset());
            LOG.warn("send-shard {}: a request of the target before its message {} never came; it synchronises again", shard,
                received.seq());
            link.send(new Resync(session, "a request of the target never reached the source"));
            return awaitRequest(session);
          }
          if (message instanceof Fetch fetch && fetch.session() == session) {
            sendDocuments(session, fetch, source.chunkDocuments(snapshot, chunks.get(fetch.chunk()), settings.chunkSize(),
                fetch.positions()));
          } else if (message instanceof Synced && message.session() == session) {
            link.commit(received.offset());
            return new Resume(session, snapshot.tick());
          } else if ((message instanceof Sync || message instanceof Resume) && message.session() != session) {
            link.commit(received.offset());
            return message;
          }
          link.commit(received.offset());
        }
        link.heartbeatIfQuiet(session, snapshot.tick());
        if (System.currentTimeMillis() - extendedAt > settings.snapshotTtl().toMillis() / 3) {
          source.extend(snapshot, settings.snapshotTtl());
          extendedAt = System.currentTimeMillis();
        }
      }
      return null;
    } finally {
      try {
        source.release(snapshot);
      } catch (RuntimeException e) {
        LOG.debug("send-shard {}: releasing the snapshot failed ({}); it expires by itself", shard, e.getMessage());
      }
    }
  }

  private static String signature(KeyChunk chunk) {
    return chunk.low() + '\0' + chunk.high() + '\0' + chunk.hash();
  }

  /** The documents of one fetch, in messages of about the size limit; the last one says so. */
  private void sendDocuments(long session, Fetch fetch, List<Change> documents) throws InterruptedException {
    List<List<Change>> parts = parts(documents);
    List<ShardMessage> messages = new ArrayList<>();
    for (int i = 0; i < parts.size(); i++) {
      messages.add(new Documents(session, fetch.chunk(), i == parts.size() - 1, parts.get(i)));
    }
    link.send(messages);
    link.metrics().documentsSent(documents.size());
  }

  /** Changes or documents in consecutive parts of about the message size limit each; at least one part. */
  private List<List<Change>> parts(List<Change> changes) {
    List<List<Change>> parts = new ArrayList<>();
    List<Change> part = new ArrayList<>();
    long bytes = 0;
    for (Change change : changes) {
      int size = change.data() == null ? 64 : change.data().length;
      if (!part.isEmpty() && bytes + size > settings.maxMessageBytes()) {
        parts.add(part);
        part = new ArrayList<>();
        bytes = 0;
      }
      part.add(change);
      bytes += size;
    }
    parts.add(part);
    return parts;
  }

  // ------------------------------------------------------------------------------ WAL tail

  private ShardMessage tail(Resume resume) throws InterruptedException {
    long session = resume.session();
    Tick position = resume.tick();
    resumePoint = resume;
    ShardLocation location = source.locate(shard);
    Tick lastSent = position;
    long caughtUpAt = 0;
    status = new Status(SyncStatus.RUNNING, "following the WAL of " + location.shardName() + " on " + location.serverId(), position,
        lastSent, caughtUpAt);
    Duration idle = settings.idleMin();
    while (!isStopped()) {
      long roundStartedAt = System.currentTimeMillis();
      List<Change> changes = new ArrayList<>();
      TailResult round = source.tail(location, position, settings.tailChunkBytes(), change -> {
        if (change.isDocument()) {
          changes.add(change);
        }
      });
      if (!round.fromPresent()) {
        link.send(new Resync(session, "the WAL of " + location.shardName() + " on " + location.serverId() + " no longer holds tick "
            + position));
        resumePoint = null;
        status = new Status(SyncStatus.INITIALIZING, "the target must synchronise again: tick " + position + " is gone", position);
        return awaitRequest(session);
      }
      if (!changes.isEmpty()) {
        sendChanges(session, changes);
        lastSent = changes.get(changes.size() - 1).tick();
      }
      position = round.next();
      resumePoint = new Resume(session, position);
      if (!round.checkMore()) {
        caughtUpAt = roundStartedAt;
      }
      status = new Status(SyncStatus.RUNNING, status.message(), position, lastSent, caughtUpAt);
      Duration wait;
      if (round.checkMore()) {
        idle = settings.idleMin();
        wait = Duration.ZERO;
      } else {
        idle = changes.isEmpty() ? min(idle.multipliedBy(2), settings.idleMax()) : settings.idleMin();
        wait = idle;
      }
      ShardMessage request = nextRequest(session, wait);
      if (request != null) {
        return request;
      }
      link.heartbeatIfQuiet(session, position);
    }
    return null;
  }

  private void sendChanges(long session, List<Change> changes) throws InterruptedException {
    long now = System.currentTimeMillis();
    List<ShardMessage> messages = new ArrayList<>();
    for (List<Change> part : parts(changes)) {
      messages.add(new Changes(session, now, part));
    }
    link.send(messages);
    link.metrics().documentsSent(changes.size());
  }

  private static Duration min(Duration a, Duration b) {
    return a.compareTo(b) <= 0 ? a : b;
  }
}
