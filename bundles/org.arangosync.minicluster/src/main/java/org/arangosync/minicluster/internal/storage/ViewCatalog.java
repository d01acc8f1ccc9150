package org.arangosync.minicluster.internal.storage;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;

/** Where view definitions live: a server's own store, or a cluster's plan. */
public interface ViewCatalog {

  List<ObjectNode> views(String database);

  /** The view, or null. */
  ObjectNode view(String database, String name);

  /** Creates a view from a {@code POST /_api/view} body (name, type, properties). */
  ObjectNode create(String database, ObjectNode request);

  /** Replaces ({@code replace}) or updates the view's properties. */
  ObjectNode change(String database, String name, ObjectNode properties, boolean replace);

  ObjectNode rename(String database, String name, String newName);

  void drop(String database, String name);

  /** The view catalog of a server's own store (2110, 2111, 2112 markers in its WAL). */
  static ViewCatalog local(Store store) {
    return new ViewCatalog() {
      @Override
      public List<ObjectNode> views(String database) {
        return store.database(database).views();
      }

      @Override
      public ObjectNode view(String database, String name) {
        return store.database(database).view(name);
      }

      @Override
      public ObjectNode create(String database, ObjectNode request) {
        return store.createView(database, request);
      }

      @Override
      public ObjectNode change(String database, String name, ObjectNode properties, boolean replace) {
        return store.changeView(database, name, properties, replace);
      }

      @Override
      public ObjectNode rename(String database, String name, String newName) {
        return store.renameView(database, name, newName);
      }

      @Override
      public void drop(String database, String name) {
        store.dropView(database, name);
      }
    };
  }
}
