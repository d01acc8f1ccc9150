package org.arangosync.minicluster.internal.storage;

/**
 * A collection as the document API sees it: a local collection, or on a coordinator a cluster
 * collection whose documents live in shards on DB-Servers.
 */
public interface DocumentTarget {

  String name();

  boolean isEdge();

  boolean waitForSync();
}
