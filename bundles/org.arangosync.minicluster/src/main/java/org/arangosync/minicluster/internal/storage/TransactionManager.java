package org.arangosync.minicluster.internal.storage;

import java.util.List;

/** Stream transactions as {@code /_api/transaction} sees them, on a data server or a coordinator. */
public interface TransactionManager {

  /** A transaction's id and status (running, committed, aborted). */
  record State(String id, String status) {}

  /**
   * Begins a transaction over the declared collections.
   *
   * @param write the collections it may write (write and exclusive lists)
   * @param read the collections it may only read
   */
  State begin(String database, List<String> write, List<String> read, boolean waitForSync);

  State status(String id);

  State commit(String id);

  State abort(String id);

  List<State> running();

  /** The stream transactions of a server's own store. */
  static TransactionManager local(Store store) {
    return new TransactionManager() {
      @Override
      public State begin(String database, List<String> write, List<String> read, boolean waitForSync) {
        return state(store.transactions().begin(database, write, read, waitForSync));
      }

      @Override
      public State status(String id) {
        return state(store.transactions().get(id));
      }

      @Override
      public State commit(String id) {
        return state(store.transactions().commit(id));
      }

      @Override
      public State abort(String id) {
        return state(store.transactions().abort(id));
      }

      @Override
      public List<State> running() {
        return store.transactions().running().stream().map(this::state).toList();
      }

      private State state(Transactions.StreamTransaction transaction) {
        return new State(transaction.id(), transaction.status());
      }
    };
  }
}
