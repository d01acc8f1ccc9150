package org.arangosync.api.spi.state;

import java.util.Optional;

/**
 * Key/value state with time-to-live and preconditions, shared by the sync masters of one
 * datacenter (in ArangoDB: the agency).
 *
 * <p>Keys are slash-separated paths relative to the store's root, e.g. {@code leader} or
 * {@code workers/abc}; values are JSON texts. A {@link Transaction} applies all its operations or
 * none, and only when all its preconditions hold.
 *
 * <p>Threading: implementations are thread-safe. Blocking: every call blocks until the store
 * answered, at most for the implementation's request timeout, and then fails with
 * {@link StateStoreException}; an interrupted call fails the same way with the interrupt flag set
 * again. Failures never leave a transaction half applied.
 */
public interface StateStore {

  /** The JSON value at {@code key}; empty when the key is absent or its time to live is over. */
  Optional<String> read(String key);

  /**
   * Applies the transaction if all its preconditions hold.
   *
   * @return true if it was applied, false if a precondition did not hold (nothing changed)
   * @throws StateStoreException when the store cannot be reached or refuses the request; whether
   *     the transaction was applied is then unknown only if the exception says so
   */
  boolean write(Transaction transaction);
}
