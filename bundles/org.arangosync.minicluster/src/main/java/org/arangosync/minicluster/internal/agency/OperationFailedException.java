package org.arangosync.minicluster.internal.agency;

/**
 * An operation that is well formed but cannot be applied to the current state, such as erasing
 * position 5 of a three-element array. ArangoDB answers such a transaction with result 0 and
 * without counting it as a failed precondition ({@code UNKNOWN_ERROR} in
 * {@code Store::applyTransactions}); this agent also leaves the store exactly as it was before the
 * transaction.
 */
final class OperationFailedException extends Exception {

  private static final long serialVersionUID = 1L;

  OperationFailedException(String message) {
    super(message);
  }
}
