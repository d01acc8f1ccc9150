package org.arangosync.core.internal.sync;

import java.util.List;

/**
 * A structure change the target refused. The message names the object and the cause; the actions
 * done before it stay done and are listed by {@link #actionsDone()}. Applying the same inventory
 * again continues from there, since every action is only taken while its goal is not yet reached.
 */
public final class InventoryApplyException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  private final List<String> actionsDone;

  InventoryApplyException(String message, Throwable cause, List<String> actionsDone) {
    super(message, cause);
    this.actionsDone = List.copyOf(actionsDone);
  }

  /** The lines of the actions taken before the failing one, in order. */
  public List<String> actionsDone() {
    return actionsDone;
  }
}
