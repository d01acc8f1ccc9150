package org.arangosync.client.internal.command;

/**
 * A one-line text progress bar for {@code get status --watch}: {@code [#######-------] 7/14 shards
 * running (50%)}. Plain ASCII, so that it renders on any terminal and in logs of a screen session.
 */
final class ProgressBar {

  static final int WIDTH = 30;

  private ProgressBar() {}

  /** The bar for {@code done} of {@code total}; a total of 0 reads empty, since there is nothing to wait for yet. */
  static String render(long done, long total) {
    long clamped = Math.max(0, Math.min(done, total));
    int filled = total <= 0 ? 0 : (int) (clamped * WIDTH / total);
    long percent = total <= 0 ? 0 : clamped * 100 / total;
    return "[" + "#".repeat(filled) + "-".repeat(WIDTH - filled) + "] " + done + "/" + total + " shards running (" + percent + "%)";
  }
}
