package org.arangosync.core.internal.sync;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * The stop signal of a task's loop: every wait of the loop is a wait on it, so that a stop ends the
 * loop promptly. Safe from any thread.
 */
final class StopSignal {

  private final CountDownLatch stopped = new CountDownLatch(1);

  void stop() {
    stopped.countDown();
  }

  boolean isStopped() {
    return stopped.getCount() == 0;
  }

  /** Waits {@code wait} or until stopped; true when stopped (an interrupt counts as a stop). */
  boolean pause(Duration wait) {
    try {
      return stopped.await(wait.toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return true;
    }
  }
}
