package org.arangosync.core.internal.sync;

import com.codahale.metrics.Counter;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Supplier;
import org.arangosync.api.TaskType;
import org.arangosync.api.spi.store.ShardRef;
import org.arangosync.api.spi.transport.MessageKind;
import org.arangosync.metrics.Metrics;
import org.arangosync.metrics.SyncMetric;

/**
 * One shard's samples in a worker, for its {@code send-shard} or {@code receive-shard} task:
 * counters that the task's {@link ShardLink}, {@link ShardSender} or {@link ShardReceiver} count up,
 * and gauges they give a reader for.
 *
 * <p>Invariants: counters live as long as the process (a task that restarts in this worker counts
 * on); gauges are removed by {@link #close()} when the task ends, so that a shard that moved to
 * another worker or stopped shows no stale lag here. Thread-safe.
 */
final class ShardMetrics implements AutoCloseable {

  /** Why a receiver synchronises a shard again. */
  enum ResyncReason { MESSAGE_TIMEOUT, SOURCE }

  private final Metrics metrics;
  private final String[] shardLabels;
  private final TaskType type;
  private final Map<MessageKind, Counter> messagesSent = new EnumMap<>(MessageKind.class);
  private final Map<MessageKind, Counter> messagesReceived = new EnumMap<>(MessageKind.class);
  private final Counter bytesSent;
  private final Counter bytesReceived;
  private final List<SyncMetric> gauges = new ArrayList<>();

  ShardMetrics(Metrics metrics, ShardRef shard, TaskType type) {
    this.metrics = metrics;
    this.shardLabels = new String[] {shard.database(), shard.collection(), Integer.toString(shard.shardIndex())};
    this.type = type;
    for (MessageKind kind : MessageKind.values()) {
      messagesSent.put(kind, metrics.counter(SyncMetric.WORKER_MESSAGES_SENT, with(kind)));
      messagesReceived.put(kind, metrics.counter(SyncMetric.WORKER_MESSAGES_RECEIVED, with(kind)));
    }
    bytesSent = metrics.counter(SyncMetric.WORKER_BYTES_SENT, shardLabels);
    bytesReceived = metrics.counter(SyncMetric.WORKER_BYTES_RECEIVED, shardLabels);
    metrics.counter(SyncMetric.WORKER_SHARD_RETRIES, withType());
    if (type == TaskType.SEND_SHARD) {
      metrics.counter(SyncMetric.WORKER_DOCUMENTS_SENT, shardLabels);
    } else {
      metrics.counter(SyncMetric.WORKER_DOCUMENTS_RECEIVED, shardLabels);
      metrics.counter(SyncMetric.WORKER_DOCUMENTS_APPLIED, shardLabels);
      metrics.counter(SyncMetric.WORKER_BYTES_APPLIED, shardLabels);
      metrics.counter(SyncMetric.WORKER_MESSAGE_TIMEOUTS, shardLabels);
      metrics.counter(SyncMetric.WORKER_INITIAL_SYNCS, shardLabels);
      for (ResyncReason reason : ResyncReason.values()) {
        metrics.counter(SyncMetric.WORKER_RESYNCS, with(reason));
      }
    }
  }

  void messageSent(MessageKind kind, long bytes) {
    messagesSent.get(kind).inc();
    bytesSent.inc(bytes);
  }

  void messageReceived(MessageKind kind, long bytes) {
    messagesReceived.get(kind).inc();
    bytesReceived.inc(bytes);
  }

  void documentsSent(long documents) {
    metrics.counter(SyncMetric.WORKER_DOCUMENTS_SENT, shardLabels).inc(documents);
  }

  void documentsReceived(long documents) {
    metrics.counter(SyncMetric.WORKER_DOCUMENTS_RECEIVED, shardLabels).inc(documents);
  }

  void documentsApplied(long documents, long bytes) {
    metrics.counter(SyncMetric.WORKER_DOCUMENTS_APPLIED, shardLabels).inc(documents);
    metrics.counter(SyncMetric.WORKER_BYTES_APPLIED, shardLabels).inc(bytes);
  }

  void messageTimeout() {
    metrics.counter(SyncMetric.WORKER_MESSAGE_TIMEOUTS, shardLabels).inc();
  }

  void initialSync() {
    metrics.counter(SyncMetric.WORKER_INITIAL_SYNCS, shardLabels).inc();
  }

  void resync(ResyncReason reason) {
    metrics.counter(SyncMetric.WORKER_RESYNCS, with(reason)).inc();
  }

  void retry() {
    metrics.counter(SyncMetric.WORKER_SHARD_RETRIES, withType()).inc();
  }

  /** Observes a shard gauge ({@code metric} is labelled database, collection, shard) until {@link #close()}. */
  synchronized void gauge(SyncMetric metric, Supplier<? extends Number> value) {
    metrics.observe(metric, value, shardLabels);
    gauges.add(metric);
  }

  /** Observes {@link SyncMetric#WORKER_SHARD_FAILED} (labelled with the task type too) until {@link #close()}. */
  synchronized void failedGauge(Supplier<Boolean> failed) {
    metrics.observe(SyncMetric.WORKER_SHARD_FAILED, () -> failed.get() ? 1 : 0, withType());
    gauges.add(SyncMetric.WORKER_SHARD_FAILED);
  }

  @Override
  public synchronized void close() {
    for (SyncMetric gauge : gauges) {
      metrics.remove(gauge, gauge.labelNames().size() == shardLabels.length ? shardLabels : withType());
    }
    gauges.clear();
  }

  private String[] with(Enum<?> value) {
    String[] labels = java.util.Arrays.copyOf(shardLabels, shardLabels.length + 1);
    labels[shardLabels.length] = value.name().toLowerCase(Locale.ROOT);
    return labels;
  }

  private String[] withType() {
    String[] labels = java.util.Arrays.copyOf(shardLabels, shardLabels.length + 1);
    labels[shardLabels.length] = type.wireName();
    return labels;
  }
}
