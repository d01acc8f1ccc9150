package org.arangosync.core.internal;

import java.time.Duration;

/**
 * Bounded stops: a component that is deactivated (Karaf stopping on SIGTERM) must not hang on a
 * thread stuck in a request to a cluster that is down, whose client retries for a minute. Threads
 * get a grace period to end by themselves, then an interrupt (every wait and retry of the product
 * ends on an interrupt), then the same period again.
 */
public final class Stopping {

  private Stopping() {}

  /** Waits for {@code thread} to end, interrupting it after {@code grace}; true when it ended. */
  public static boolean join(Thread thread, Duration grace) {
    try {
      thread.join(grace.toMillis());
      if (thread.isAlive()) {
        thread.interrupt();
        thread.join(grace.toMillis());
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    return !thread.isAlive();
  }

  /**
   * Runs {@code work} on a thread of its own and waits for it at most about twice {@code grace}
   * (see {@link #join}); what did not finish by then is left to time out by itself.
   */
  public static boolean runBounded(String name, Runnable work, Duration grace) {
    Thread thread = new Thread(work, name);
    thread.setDaemon(true);
    thread.start();
    return join(thread, grace);
  }
}
