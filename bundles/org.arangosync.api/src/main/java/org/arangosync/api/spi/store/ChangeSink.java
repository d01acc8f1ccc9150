package org.arangosync.api.spi.store;

/**
 * Receives changes in order. A sink that throws stops the dump or tail it was given to; what it
 * received so far stays received.
 */
@FunctionalInterface
public interface ChangeSink {
  void accept(Change change);
}
