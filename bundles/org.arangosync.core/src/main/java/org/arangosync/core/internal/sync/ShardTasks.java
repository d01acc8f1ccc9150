package org.arangosync.core.internal.sync;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Duration;
import java.util.function.Supplier;
import org.arangosync.api.SyncStatus;
import org.arangosync.api.TaskType;
import org.arangosync.api.spi.state.StateStore;
import org.arangosync.api.spi.store.ClusterStore;
import org.arangosync.api.spi.store.ShardRef;
import org.arangosync.api.spi.transport.ChannelConsumer;
import org.arangosync.api.spi.transport.ChannelProducer;
import org.arangosync.api.spi.transport.MessageKind;
import org.arangosync.core.internal.master.SyncState;
import org.arangosync.metrics.SyncMetric;

/**
 * The {@code send-shard} and {@code receive-shard} tasks: they open the shard's channels (the
 * producing end first, so that the two ends never wait for each other) and run a
 * {@link ShardSender} or a {@link ShardReceiver} over them.
 */
final class ShardTasks {

  private ShardTasks() {}

  /** The source end: data channel out, control channel in. */
  static SyncTask sender(ShardRef shard, String dataChannel, String controlChannel, ClusterStore source, ChannelOpener channels,
      ShardSyncSettings settings, WorkerMetrics metrics) {
    return new Base(shard) {
      private volatile ShardSender sender;

      @Override
      void work() throws InterruptedException {
        ChannelProducer data = channels.producer(dataChannel);
        ChannelConsumer control;
        try {
          control = channels.consumer(controlChannel, stopped);
        } catch (RuntimeException e) {
          data.close();
          throw e;
        }
        if (control == null) {
          data.close();
          return;
        }
        try (ShardMetrics shardMetrics = metrics.shard(shard, TaskType.SEND_SHARD);
            ShardLink link = new ShardLink(shard, data, control, MessageKind.DATA, settings, shardMetrics)) {
          ShardSender running = new ShardSender(shard, source, link, settings);
          shardMetrics.gauge(SyncMetric.WORKER_SHARD_SENT_TICK, () -> running.status().lastSent().value());
          shardMetrics.failedGauge(() -> running.status().status() == SyncStatus.FAILED);
          sender = running;
          if (!stopped.isStopped()) {
            running.run();
          }
        }
      }

      @Override
      void stopWork() {
        ShardSender running = sender;
        if (running != null) {
          running.stop();
        }
      }

      @Override
      public ObjectNode status() {
        ShardSender running = sender;
        if (running == null) {
          return SyncTask.statusJson(SyncStatus.INITIALIZING, "opening channels", Duration.ZERO, 0, 0, 0, 0);
        }
        ShardSender.Status status = running.status();
        // What a barrier needs to decide whether the target has everything (see SyncCoordinator#barrierStatus).
        return SyncTask.statusJson(status.status(), status.message(), Duration.ZERO, 0, 0, 0, 0)
            .put("last_sent_tick", status.lastSent().toString()).put("caught_up_at", status.caughtUpAtMillis());
      }
    };
  }

  /** The target end: control channel out, data channel in, progress in the target's state store. */
  static SyncTask receiver(ShardRef shard, String dataChannel, String controlChannel, ClusterStore target, StateStore state,
      ChannelOpener channels, ShardSyncSettings settings, Supplier<Duration> messageTimeout, WorkerMetrics metrics) {
    return new Base(shard) {
      private volatile ShardReceiver receiver;

      @Override
      void work() throws InterruptedException {
        ChannelProducer control = channels.producer(controlChannel);
        ChannelConsumer data;
        try {
          data = channels.consumer(dataChannel, stopped);
        } catch (RuntimeException e) {
          control.close();
          throw e;
        }
        if (data == null) {
          control.close();
          return;
        }
        try (ShardMetrics shardMetrics = metrics.shard(shard, TaskType.RECEIVE_SHARD);
            ShardLink link = new ShardLink(shard, control, data, MessageKind.CONTROL, settings, shardMetrics)) {
          ShardReceiver running = new ShardReceiver(shard, target, link,
              new ShardProgress(state, shard, SyncState.incomingShardKey(ShardProgress.shardId(shard))), settings, messageTimeout);
          running.observeLag();
          shardMetrics.failedGauge(() -> running.status().status() == SyncStatus.FAILED);
          receiver = running;
          if (!stopped.isStopped()) {
            running.run();
          }
        }
      }

      @Override
      void stopWork() {
        ShardReceiver running = receiver;
        if (running != null) {
          running.stop();
        }
      }

      @Override
      public ObjectNode status() {
        ShardReceiver running = receiver;
        if (running == null) {
          return SyncTask.statusJson(SyncStatus.INITIALIZING, "opening channels", Duration.ZERO, 0, 0, 0, 0);
        }
        ShardReceiver.Status status = running.status();
        return SyncTask.statusJson(status.status(), status.message(), status.delay(), status.lastMessageMillis(),
            status.lastDataChangeMillis(), status.documentsDone(), status.documentsTotal())
            .put("applied_tick", status.applied().toString())
            // How much initial synchronisations moved: a resynchronisation should fetch only what changed.
            .put("initial_syncs", running.initialSyncs()).put("documents_fetched", running.fetchedDocuments());
      }
    };
  }

  /** What both ends share: the shard, and a stop that reaches the engine once it runs. */
  private abstract static class Base extends LoopTask {
    final ShardRef shard;

    Base(ShardRef shard) {
      this.shard = shard;
    }

    @Override
    abstract void stopWork();
  }
}
