package org.arangosync.minicluster.internal.storage;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import org.arangosync.minicluster.internal.http.Json;

/** Where databases are kept: a server's own store, or a cluster's plan. */
public interface DatabaseCatalog {

  List<String> names();

  /** {@code GET /_api/database/current}'s result for the database, or ArangoDB's 404/1228. */
  ObjectNode current(String name);

  void create(String name);

  void drop(String name);

  /** The databases of a server's own store. */
  static DatabaseCatalog local(Store store) {
    return new DatabaseCatalog() {
      @Override
      public List<String> names() {
        return store.databaseNames();
      }

      @Override
      public ObjectNode current(String name) {
        Database database = store.database(name);
        ObjectNode result = Json.object();
        result.put("id", Long.toString(database.id()));
        result.put("name", database.name());
        result.put("isSystem", database.isSystem());
        result.put("path", "none");
        return result;
      }

      @Override
      public void create(String name) {
        store.createDatabase(name);
      }

      @Override
      public void drop(String name) {
        store.dropDatabase(name);
      }
    };
  }
}
