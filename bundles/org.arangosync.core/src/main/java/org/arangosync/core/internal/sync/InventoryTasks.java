package org.arangosync.core.internal.sync;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Duration;
import java.util.List;
import org.arangosync.api.SyncStatus;
import org.arangosync.api.spi.store.ClusterStore;
import org.arangosync.api.spi.transport.ChannelConsumer;
import org.arangosync.api.spi.transport.ChannelName;
import org.arangosync.api.spi.transport.ChannelProducer;
import org.arangosync.api.spi.transport.Envelope;
import org.arangosync.api.spi.transport.MessageKind;
import org.arangosync.core.internal.master.RemoteMaster;
import org.arangosync.core.internal.master.SyncCoordinator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@code send-inventory} and {@code receive-inventory} tasks. The source reads its cluster's
 * structure every {@code interval} and sends it whole when it changed, and again every
 * {@code resendEvery} (which doubles as the inventory channel's heartbeat). The target applies the
 * newest structure it received ({@link InventoryApplier}), then tells its master which shards now
 * exist, so that their tasks are made or removed.
 *
 * <p>Invariant: the target commits an inventory only after applying it and reporting its shards,
 * so a failure anywhere in between is retried from the same inventory.
 */
final class InventoryTasks {

  private static final Logger LOG = LoggerFactory.getLogger(InventoryTasks.class);

  private InventoryTasks() {}

  static SyncTask sender(String channel, ClusterStore source, ChannelOpener channels, Duration interval, Duration resendEvery,
      ShardSyncSettings settings) {
    return new Base() {
      @Override
      void work() throws InterruptedException {
        try (ChannelProducer producer = channels.producer(channel)) {
          String sentDigest = null;
          long sentAt = 0;
          while (!stopped.isStopped()) {
            try {
              Inventory inventory = Inventory.read(source);
              String digest = inventory.digest();
              if (!digest.equals(sentDigest) || System.currentTimeMillis() - sentAt >= resendEvery.toMillis()) {
                producer.send(List.of(new Envelope(new ChannelName(channel), MessageKind.DATA, null, null, null, inventory.toJson())),
                    settings.sendTimeout());
                sentDigest = digest;
                sentAt = System.currentTimeMillis();
              }
              running("sending the structure of " + inventory.databases().size() + " databases");
            } catch (RuntimeException e) {
              failed(e);
            }
            stopped.pause(interval);
          }
        }
      }
    };
  }

  static SyncTask receiver(String channel, ClusterStore target, ChannelOpener channels, RemoteMaster masters, ShardSyncSettings settings) {
    return new Base() {
      @Override
      void work() throws InterruptedException {
        ChannelConsumer consumer = channels.consumer(channel, stopped);
        if (consumer == null) {
          return;
        }
        try (consumer) {
          InventoryApplier applier = new InventoryApplier();
          while (!stopped.isStopped()) {
            try {
              List<ChannelConsumer.Delivery> deliveries = consumer.poll(64, Duration.ofMillis(500));
              if (deliveries.isEmpty()) {
                continue;
              }
              ChannelConsumer.Delivery newest = deliveries.get(deliveries.size() - 1);
              Inventory inventory = Inventory.fromJson(newest.envelope().payload());
              List<String> actions = applier.apply(inventory, target);
              actions.forEach(action -> LOG.info("receive-inventory: {}", action));
              masters.call("PUT", "/_api/sync/inventory-shards", SyncCoordinator.shardsBody(inventory.shards()));
              consumer.commit(newest.offset());
              running(actions.isEmpty() ? "structure up to date" : actions.size() + " structure changes applied");
            } catch (RuntimeException e) {
              failed(e);
              consumer.rewind();
              stopped.pause(settings.retryWait());
            }
          }
        }
      }
    };
  }

  private abstract static class Base extends LoopTask {
    private volatile ObjectNode status = SyncTask.statusJson(SyncStatus.INITIALIZING, "opening the inventory channel", Duration.ZERO,
        0, 0, 0, 0);

    void running(String message) {
      status = SyncTask.statusJson(SyncStatus.RUNNING, message, Duration.ZERO, System.currentTimeMillis(), 0, 0, 0);
    }

    void failed(RuntimeException e) {
      LOG.warn("inventory task: {}", e.getMessage());
      status = SyncTask.statusJson(SyncStatus.FAILED, String.valueOf(e.getMessage()), Duration.ZERO, 0, 0, 0, 0);
    }

    @Override
    public ObjectNode status() {
      return status;
    }
  }
}
