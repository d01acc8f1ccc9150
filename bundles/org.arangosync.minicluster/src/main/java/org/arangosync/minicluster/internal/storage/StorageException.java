package org.arangosync.minicluster.internal.storage;

/** RocksDB failed underneath a request; answered as a 500, never as a user error. */
public final class StorageException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public StorageException(String message, Throwable cause) {
    super(message, cause);
  }
}
