package org.arangosync.minicluster.internal.storage;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import org.arangosync.minicluster.internal.storage.Documents.Options;
import org.arangosync.minicluster.internal.storage.Documents.Outcome;

/**
 * Where the document and import API find and change documents: the server's own store (a single
 * server, a DB-Server), or the shards of a cluster collection (a coordinator). Outcomes come back
 * in the order of the input, one per element.
 */
public interface DocumentBackend {

  /** The collection, or ArangoDB's 404/1203. */
  DocumentTarget collection(String database, String name);

  /** The document as the API shows it, or null. */
  default ObjectNode read(DocumentTarget collection, String key) {
    return read(collection, key, null);
  }

  /** The document as the API shows it, or null; inside stream transaction {@code transactionId} if not null. */
  ObjectNode read(DocumentTarget collection, String key, String transactionId);

  List<Outcome> insert(DocumentTarget collection, List<JsonNode> documents, Options options, boolean array);

  /** Inserts all, or (where any element fails) nothing; see each implementation for its scope. */
  List<Outcome> insertAllOrNothing(DocumentTarget collection, List<JsonNode> documents, Options options);

  List<Outcome> replace(DocumentTarget collection, List<JsonNode> documents, List<String> keys, Options options, boolean array);

  List<Outcome> update(DocumentTarget collection, List<JsonNode> documents, List<String> keys, Options options, boolean array);

  List<Outcome> remove(DocumentTarget collection, List<JsonNode> selectors, Options options, boolean array);

  void truncate(String database, String name);

  /** Every document of the collection (for small collections such as {@code _users}). */
  List<ObjectNode> all(DocumentTarget collection);

  /** Whether a write with these options is synced before it is acknowledged (201 rather than 202). */
  default boolean synced(DocumentTarget collection, Options options) {
    return options.waitForSync() || collection.waitForSync();
  }

  /** The backend of a server that holds its collections itself. */
  static DocumentBackend local(Store store) {
    return new DocumentBackend() {
      @Override
      public DocumentTarget collection(String database, String name) {
        return store.collection(database, name);
      }

      @Override
      public ObjectNode read(DocumentTarget collection, String key, String transactionId) {
        return store.documents().read((Collection) collection, key, transactionId);
      }

      @Override
      public List<Outcome> insert(DocumentTarget collection, List<JsonNode> documents, Options options, boolean array) {
        return store.documents().insert((Collection) collection, documents, options, array);
      }

      @Override
      public List<Outcome> insertAllOrNothing(DocumentTarget collection, List<JsonNode> documents, Options options) {
        return store.documents().insertAllOrNothing((Collection) collection, documents, options);
      }

      @Override
      public List<Outcome> replace(DocumentTarget collection, List<JsonNode> documents, List<String> keys, Options options, boolean array) {
        return store.documents().replace((Collection) collection, documents, keys, options, array);
      }

      @Override
      public List<Outcome> update(DocumentTarget collection, List<JsonNode> documents, List<String> keys, Options options, boolean array) {
        return store.documents().update((Collection) collection, documents, keys, options, array);
      }

      @Override
      public List<Outcome> remove(DocumentTarget collection, List<JsonNode> selectors, Options options, boolean array) {
        return store.documents().remove((Collection) collection, selectors, options, array);
      }

      @Override
      public void truncate(String database, String name) {
        store.truncate(database, name);
      }

      @Override
      public List<ObjectNode> all(DocumentTarget collection) {
        return store.documents().all((Collection) collection);
      }
    };
  }
}
