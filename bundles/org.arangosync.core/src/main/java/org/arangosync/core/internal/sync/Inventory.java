package org.arangosync.core.internal.sync;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.arangosync.api.spi.store.ClusterStore;
import org.arangosync.api.spi.store.CollectionInfo;
import org.arangosync.api.spi.store.ShardRef;

/**
 * An immutable snapshot of a cluster's structure: every database ({@code _system} included), its
 * collections (system collections included) and its view definitions. This is what the
 * "send-inventory" task sends to the other datacenter and what {@link InventoryApplier} makes a
 * target equal to.
 *
 * <p>Invariants: databases are sorted by name, collections and views of a database by name, and
 * indexes of a collection by name; names are unique within their list. Every embedded definition
 * (collection properties, index and view definitions) is in {@link InventoryJson canonical form}.
 * So two inventories of the same structure are {@code equals}, have the same {@link #toJson()}
 * bytes and the same {@link #digest()}, and {@code fromJson(toJson())} gives an equal inventory.
 *
 * <p>The snapshot is not atomic: a structure change during {@link #read} may or may not be seen
 * (and a database dropped meanwhile makes {@code read} fail); the next read sees it.
 *
 * @param databases the databases, sorted by name
 */
public record Inventory(List<Database> databases) {

  /**
   * One database of the inventory.
   *
   * @param name the database name
   * @param collections the collections, sorted by name; each one's {@code database} is {@code name}
   * @param views the view definitions (JSON objects with name, type and properties), sorted by name
   */
  public record Database(String name, List<CollectionInfo> collections, List<String> views) {

    public Database {
      Objects.requireNonNull(name, "name");
      List<CollectionInfo> normalised = new ArrayList<>();
      for (CollectionInfo collection : collections) {
        if (!collection.database().equals(name)) {
          throw new IllegalArgumentException("collection " + collection.database() + "/" + collection.name() + " listed in database " + name);
        }
        normalised.add(canonical(collection));
      }
      normalised.sort(Comparator.comparing(CollectionInfo::name));
      collections = List.copyOf(normalised);
      views = views.stream().map(view -> InventoryJson.canonical(view, "a view definition of " + name))
          .sorted(Comparator.comparing(Inventory::nameOf)).toList();
      requireUniqueNames(name, collections.stream().map(CollectionInfo::name).toList(), "collection");
      requireUniqueNames(name, views.stream().map(Inventory::nameOf).toList(), "view");
    }

    /** Reads one database's structure from a store. */
    public static Database read(ClusterStore store, String name) {
      return new Database(name, store.collections(name), store.views(name));
    }

    /** The collection of that name, if the database has one. */
    public Optional<CollectionInfo> collection(String collectionName) {
      return collections.stream().filter(collection -> collection.name().equals(collectionName)).findFirst();
    }
  }

  public Inventory {
    List<Database> sorted = new ArrayList<>(databases);
    sorted.sort(Comparator.comparing(Database::name));
    databases = List.copyOf(sorted);
    requireUniqueNames("the cluster", databases.stream().map(Database::name).toList(), "database");
  }

  /** Reads the whole structure of a cluster: one call per database for collections and views. */
  public static Inventory read(ClusterStore store) {
    List<Database> databases = new ArrayList<>();
    for (String name : store.databases()) {
      databases.add(Database.read(store, name));
    }
    return new Inventory(databases);
  }

  /** The database of that name, if the cluster has one. */
  public Optional<Database> database(String name) {
    return databases.stream().filter(database -> database.name().equals(name)).findFirst();
  }

  /**
   * The inventory as it travels between datacenters:
   * {@code {"version":1,"databases":[{"name":..,"collections":[..],"views":[..]}]}}, UTF-8.
   */
  public byte[] toJson() {
    return InventoryCodec.encode(this);
  }

  /**
   * Reads what {@link #toJson()} wrote.
   *
   * @throws IllegalArgumentException if the bytes are not an inventory, or one of a newer version
   *     than this code understands
   */
  public static Inventory fromJson(byte[] json) {
    return InventoryCodec.decode(json);
  }

  /**
   * SHA-256 (lower-case hex) of {@link #toJson()}: equal structures have equal digests, so a
   * sender compares digests and sends only when the structure changed.
   */
  public String digest() {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(toJson()));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java platform has SHA-256", e);
    }
  }

  /**
   * Every shard of every collection (system collections included): by database, then collection
   * name, then shard index 0..numberOfShards-1. Shard indexes are what both datacenters agree on,
   * the shard names differ.
   */
  public List<ShardRef> shards() {
    List<ShardRef> shards = new ArrayList<>();
    for (Database database : databases) {
      for (CollectionInfo collection : database.collections()) {
        for (int index = 0; index < collection.numberOfShards(); index++) {
          shards.add(new ShardRef(database.name(), collection.name(), index));
        }
      }
    }
    return shards;
  }

  /** The collection with its properties and indexes canonical and its indexes sorted by name. */
  private static CollectionInfo canonical(CollectionInfo collection) {
    String what = "collection " + collection.database() + "/" + collection.name();
    List<String> indexes = collection.indexes().stream().map(index -> InventoryJson.canonical(index, "an index of " + what))
        .sorted(Comparator.comparing(Inventory::nameOf)).toList();
    return new CollectionInfo(collection.database(), collection.name(), collection.id(), collection.globallyUniqueId(),
        collection.type(), collection.system(), collection.numberOfShards(), collection.shardKeys(),
        InventoryJson.canonical(collection.properties(), "the properties of " + what), indexes);
  }

  /** The {@code name} field of a definition (index or view), "" if it has none. */
  static String nameOf(String definition) {
    return InventoryJson.parse(definition, "a definition").path("name").asText("");
  }

  private static void requireUniqueNames(String where, List<String> names, String kind) {
    for (int i = 1; i < names.size(); i++) {
      if (names.get(i).equals(names.get(i - 1))) {
        throw new IllegalArgumentException(where + " lists " + kind + " " + names.get(i) + " twice");
      }
    }
  }
}
