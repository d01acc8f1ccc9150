package org.arangosync.api.spi.store;

/** A document key with its revision, as a key chunk lists them. */
public record KeyRevision(String key, String revision) {}
