package org.arangosync.client.internal.command;

import java.time.Duration;
import java.util.function.BooleanSupplier;
import java.util.function.LongSupplier;
import org.arangosync.command.CommandFailure;

/**
 * Polls until something is done or a deadline passes, once per {@link #POLL_INTERVAL}. Time and
 * pause are injected: tests pass a clock that the pause advances, so waiting takes no time.
 */
final class Waiter {

  static final Duration POLL_INTERVAL = Duration.ofSeconds(1);

  /** Waits for the given time. */
  interface Pause {
    void pause(Duration duration) throws InterruptedException;
  }

  /** A point in time of this waiter's clock. */
  record Deadline(long nanos) {}

  private final LongSupplier nanoTime;
  private final Pause pause;

  Waiter(LongSupplier nanoTime, Pause pause) {
    this.nanoTime = nanoTime;
    this.pause = pause;
  }

  /** The wall clock and {@link Thread#sleep}. */
  static Waiter system() {
    return new Waiter(System::nanoTime, duration -> Thread.sleep(duration.toMillis()));
  }

  Deadline after(Duration timeout) {
    return new Deadline(nanoTime.getAsLong() + timeout.toNanos());
  }

  /**
   * Asks {@code done} at once and then once per {@link #POLL_INTERVAL} until it says yes (true) or
   * the deadline has passed (false). {@code done} is asked a last time at the deadline.
   *
   * @throws CommandFailure when the thread is interrupted
   */
  boolean until(Deadline deadline, BooleanSupplier done) {
    while (true) {
      if (done.getAsBoolean()) {
        return true;
      }
      long left = deadline.nanos() - nanoTime.getAsLong();
      if (left <= 0) {
        return false;
      }
      try {
        pause.pause(Duration.ofNanos(Math.min(left, POLL_INTERVAL.toNanos())));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new CommandFailure("Interrupted while waiting; check the state with 'arangosync get status -v'.", e);
      }
    }
  }
}
