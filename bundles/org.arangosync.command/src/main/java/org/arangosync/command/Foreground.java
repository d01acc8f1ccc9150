package org.arangosync.command;

import java.util.concurrent.CountDownLatch;

/**
 * Keeps a server that a command started running in the foreground until the process is asked to
 * stop (Ctrl-C, SIGTERM: the JVM's shutdown) or the command's thread is interrupted, then closes
 * it, once. For {@code arangosync run ...} and {@code arangosync minicluster}.
 */
public final class Foreground {

  private Foreground() {}

  /**
   * Blocks until the JVM shuts down or this thread is interrupted; closes {@code server} either way.
   *
   * @param name names the shutdown thread, e.g. {@code applier-shutdown}
   */
  public static void runUntilStopped(AutoCloseable server, String name) {
    CountDownLatch stopped = new CountDownLatch(1);
    Thread hook = new Thread(() -> {
      closeQuietly(server);
      stopped.countDown();
    }, name);
    Runtime.getRuntime().addShutdownHook(hook);
    try {
      stopped.await();
    } catch (InterruptedException e) {
      Runtime.getRuntime().removeShutdownHook(hook);
      // Closed before the interrupt is restored: servers stop badly on an interrupted thread.
      closeQuietly(server);
      Thread.currentThread().interrupt();
    }
  }

  private static void closeQuietly(AutoCloseable server) {
    try {
      server.close();
    } catch (Exception e) {
      // Stopping: what matters now is that everything else gets its turn to stop too.
      System.err.println("stopping failed: " + e);
    }
  }
}
