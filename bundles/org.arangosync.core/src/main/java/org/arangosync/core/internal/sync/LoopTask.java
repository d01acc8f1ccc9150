package org.arangosync.core.internal.sync;

/**
 * What every task shares: a stop signal that each of its waits waits on, and a {@link #run()} that
 * ends quietly when the thread is interrupted (a bounded stop interrupts what did not stop in time).
 */
abstract class LoopTask implements SyncTask {

  final StopSignal stopped = new StopSignal();

  /** The task's work, until {@link #stopped} or until it cannot go on. */
  abstract void work() throws InterruptedException;

  /** Passes a stop on to what the task runs (an engine with a stop of its own); nothing by default. */
  void stopWork() {}

  @Override
  public final void run() {
    try {
      work();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  @Override
  public final void stop() {
    stopped.stop();
    stopWork();
  }
}
