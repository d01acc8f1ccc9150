package org.arangosync.metrics;

import java.util.List;

/**
 * Every metric family the product records: its Prometheus name, type, help text and label names.
 * One list, so that the recording code, the dashboards shipped in the distribution and the
 * README's monitoring section name the same families with the same labels.
 *
 * <p>Conventions: counters end in {@code _total}, except the two families whose names ArangoSync's
 * documentation shows ({@code arangosync_master_worker_registrations},
 * {@code arangosync_master_worker_storage}); shard families are labelled {@code database},
 * {@code collection} and {@code shard} (the shard's index in its collection); every other label
 * takes values from a fixed set named in the help text.
 */
public enum SyncMetric {

  // ------------------------------------------------------------------------------ masters
  MASTER_WORKER_REGISTRATIONS("arangosync_master_worker_registrations", Type.COUNTER, "Total number of registrations"),
  MASTER_WORKER_STORAGE("arangosync_master_worker_storage", Type.COUNTER, "Number of times worker info is stored, loaded",
      "kind", "op", "result"),
  MASTER_WORKER_HEARTBEATS("arangosync_master_worker_heartbeats_total", Type.COUNTER,
      "Registration renewals (heartbeats) received from workers already registered"),
  MASTER_WORKERS("arangosync_master_workers", Type.GAUGE,
      "Workers registered with this datacenter's masters; leader only, 0 on a standby"),
  MASTER_LEADER("arangosync_master_leader", Type.GAUGE, "1 when this master is its datacenter's leader, else 0"),
  MASTER_LEADER_CHANGES("arangosync_master_leader_changes_total", Type.COUNTER,
      "Times this master became leader (event=acquired) or stopped being leader (event=lost)", "event"),
  MASTER_TASKS("arangosync_master_tasks", Type.GAUGE,
      "Tasks of this datacenter by type (send-inventory, receive-inventory, send-shard, receive-shard) and last reported status "
          + "(inactive, initializing, initial-sync, running, cancelling, failed; cancelling once cancelled); leader only, 0 on a "
          + "standby", "type", "status"),
  MASTER_SHARDS("arangosync_master_shards", Type.GAUGE,
      "Shards synchronised into this datacenter (incoming) by status (inactive, initializing, initial-sync, running, cancelling, "
          + "failed); leader only, 0 on a standby", "status"),

  // ------------------------------------------------------------------------------ workers
  WORKER_TASKS("arangosync_worker_tasks", Type.GAUGE,
      "Tasks running in this worker by type and status (inactive, initializing, initial-sync, running, cancelling, failed)",
      "type", "status"),
  WORKER_TASK_RESTARTS("arangosync_worker_task_restarts_total", Type.COUNTER,
      "Tasks this worker started again after they ended by failure, by type", "type"),
  WORKER_MASTER_CALLS("arangosync_worker_master_calls_total", Type.COUNTER,
      "Calls to the masters by operation (register, tasks, status, completed) and result (success, failure); register is the "
          + "worker's heartbeat", "op", "result"),
  WORKER_SHARD_LAG_SECONDS("arangosync_worker_shard_lag_seconds", Type.GAUGE,
      "How far the target is behind the source for the shard, in seconds: age of the last change applied when it was applied, 0 "
          + "once the source reports nothing newer (receive-shard)", "database", "collection", "shard"),
  WORKER_SHARD_LAG_TICKS("arangosync_worker_shard_lag_ticks", Type.GAUGE,
      "Ticks between the newest source position this receiver has been told of and the last tick it applied (receive-shard)",
      "database", "collection", "shard"),
  WORKER_SHARD_APPLIED_TICK("arangosync_worker_shard_applied_tick", Type.GAUGE,
      "The source tick up to which the shard is applied in the target (receive-shard)", "database", "collection", "shard"),
  WORKER_SHARD_SENT_TICK("arangosync_worker_shard_sent_tick", Type.GAUGE,
      "The source tick up to which the shard's changes were sent (send-shard)", "database", "collection", "shard"),
  WORKER_SHARD_FAILED("arangosync_worker_shard_failed", Type.GAUGE,
      "1 while the shard's task in this worker is failed (it retries), else 0", "database", "collection", "shard", "type"),
  WORKER_DOCUMENTS_SENT("arangosync_worker_documents_sent_total", Type.COUNTER,
      "Documents and document changes sent for the shard (initial synchronisation and WAL) (send-shard)",
      "database", "collection", "shard"),
  WORKER_DOCUMENTS_RECEIVED("arangosync_worker_documents_received_total", Type.COUNTER,
      "Documents and document changes received for the shard (receive-shard)", "database", "collection", "shard"),
  WORKER_DOCUMENTS_APPLIED("arangosync_worker_documents_applied_total", Type.COUNTER,
      "Documents written to and removed from the target shard (receive-shard)", "database", "collection", "shard"),
  WORKER_BYTES_SENT("arangosync_worker_bytes_sent_total", Type.COUNTER,
      "Bytes of the messages sent on the shard's channels (payloads)", "database", "collection", "shard"),
  WORKER_BYTES_RECEIVED("arangosync_worker_bytes_received_total", Type.COUNTER,
      "Bytes of the messages received on the shard's channels (payloads)", "database", "collection", "shard"),
  WORKER_BYTES_APPLIED("arangosync_worker_bytes_applied_total", Type.COUNTER,
      "Bytes of the documents written to the target shard (receive-shard)", "database", "collection", "shard"),
  WORKER_MESSAGES_SENT("arangosync_worker_messages_sent_total", Type.COUNTER,
      "Messages sent on the shard's channels by kind (data, control, heartbeat)", "database", "collection", "shard", "kind"),
  WORKER_MESSAGES_RECEIVED("arangosync_worker_messages_received_total", Type.COUNTER,
      "Messages received on the shard's channels by kind (data, control, heartbeat)", "database", "collection", "shard", "kind"),
  WORKER_MESSAGE_TIMEOUTS("arangosync_worker_message_timeouts_total", Type.COUNTER,
      "Times the source was silent for the message timeout, so the shard went failed and is synchronised again (receive-shard)",
      "database", "collection", "shard"),
  WORKER_INITIAL_SYNCS("arangosync_worker_initial_syncs_total", Type.COUNTER,
      "Initial synchronisations of the shard started, the first one included (receive-shard)", "database", "collection", "shard"),
  WORKER_RESYNCS("arangosync_worker_resyncs_total", Type.COUNTER,
      "Resynchronisations of the shard by reason: message_timeout, source (the source asked: its WAL no longer holds the tick, "
          + "it restarted, it failed during the initial synchronisation) (receive-shard)", "database", "collection", "shard", "reason"),
  WORKER_SHARD_RETRIES("arangosync_worker_shard_retries_total", Type.COUNTER,
      "Failures of a shard task that it retries after the retry wait, by task type", "database", "collection", "shard", "type"),
  WORKER_TRANSPORT_ERRORS("arangosync_worker_transport_errors_total", Type.COUNTER,
      "Transport failures by operation (open, send, poll, commit)", "op"),

  // ------------------------------------------------------------------------------ leader/follower applier
  APPLIER_RUNNING("arangosync_applier_running", Type.GAUGE,
      "1 while the database's replication applier runs, else 0; database _global is the server-wide applier", "database"),
  APPLIER_LAST_APPLIED_TICK("arangosync_applier_last_applied_tick", Type.GAUGE,
      "The leader tick up to which the applier applied (lastAppliedContinuousTick)", "database"),
  APPLIER_LAG_TICKS("arangosync_applier_lag_ticks", Type.GAUGE,
      "Ticks between the leader's last log tick the applier saw and the furthest tick it applied, processed (markers its "
          + "configuration excludes) or read with nothing in it for the applier; 0 when caught up", "database"),
  APPLIER_REQUESTS("arangosync_applier_requests_total", Type.COUNTER, "Requests the applier made to the leader (totalRequests)",
      "database"),
  APPLIER_FAILED_CONNECTS("arangosync_applier_failed_connects_total", Type.COUNTER,
      "Failed attempts to reach the leader (totalFailedConnects)", "database"),
  APPLIER_EVENTS("arangosync_applier_events_total", Type.COUNTER,
      "Log events (markers) the applier received and handled, excluded ones included (totalEvents)", "database"),
  APPLIER_DOCUMENTS("arangosync_applier_documents_total", Type.COUNTER,
      "Document inserts, updates and removals applied, initial synchronisations included (totalDocuments + totalRemovals)",
      "database"),
  APPLIER_RESYNCS("arangosync_applier_resyncs_total", Type.COUNTER,
      "Full resynchronisations the applier began because the leader no longer had its start tick (autoResync; totalResyncs)",
      "database"),
  APPLIER_ERRORS("arangosync_applier_errors_total", Type.COUNTER, "Errors the applier met (each one recorded as its lastError)",
      "database"),

  // ------------------------------------------------------------------------------ both
  MASTER_CERTIFICATE_EXPIRY_DAYS("arangosync_master_certificate_expiry_days", Type.GAUGE,
      "Days until a certificate of this master expires (negative: expired), by certificate (server, client_ca)", "certificate"),
  WORKER_CERTIFICATE_EXPIRY_DAYS("arangosync_worker_certificate_expiry_days", Type.GAUGE,
      "Days until a certificate of this worker expires (negative: expired), by certificate (server, client_ca)", "certificate");

  /** A family's Prometheus type. */
  public enum Type {
    COUNTER, GAUGE;

    /** The name the exposition formats use. */
    public String exposed() {
      return name().toLowerCase(java.util.Locale.ROOT);
    }
  }

  private final String metricName;
  private final Type type;
  private final String help;
  private final List<String> labelNames;

  SyncMetric(String metricName, Type type, String help, String... labelNames) {
    this.metricName = metricName;
    this.type = type;
    this.help = help;
    this.labelNames = List.of(labelNames);
  }

  public String metricName() {
    return metricName;
  }

  public Type type() {
    return type;
  }

  public String help() {
    return help;
  }

  public List<String> labelNames() {
    return labelNames;
  }

  /**
   * The label pairs ({@code name, value, ...}) for {@code values} given in the order of
   * {@link #labelNames()}.
   *
   * @throws IllegalArgumentException when the number of values is not the number of labels
   */
  public String[] labels(String... values) {
    if (values.length != labelNames.size()) {
      throw new IllegalArgumentException(metricName + " has labels " + labelNames + "; got " + values.length + " values");
    }
    String[] pairs = new String[values.length * 2];
    for (int i = 0; i < values.length; i++) {
      pairs[2 * i] = labelNames.get(i);
      pairs[2 * i + 1] = values[i];
    }
    return pairs;
  }
}
