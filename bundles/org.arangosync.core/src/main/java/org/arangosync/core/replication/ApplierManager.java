package org.arangosync.core.replication;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;
import org.arangosync.api.spi.replication.ReplicationConnector;
import org.arangosync.api.spi.replication.ReplicationEndpoint;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The appliers that write into one follower: one per database, made on first use, and the global
 * one. At start it finds the appliers configured before (their files in {@code stateDirectory})
 * and starts those with {@code autoStart}, as ArangoDB does at server start.
 *
 * <p>Every applier it makes tells its events to the {@link ApplierEvents} that {@code eventsOf}
 * gives for it, from before its first run.
 *
 * <p>Thread safety: all methods are synchronized; the appliers do their work on threads of their own.
 */
public final class ApplierManager implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(ApplierManager.class);

  private final ReplicationConnector connector;
  private final ReplicationEndpoint follower;
  private final Path stateDirectory;
  private final Function<Applier, ApplierEvents> eventsOf;
  private final Map<String, Applier> appliers = new TreeMap<>();

  /**
   * @param eventsOf where a new applier tells its events (e.g. metrics counters); called once per
   *     applier, as it is made; {@code applier -> ApplierEvents.NONE} for nowhere
   */
  public ApplierManager(ReplicationConnector connector, ReplicationEndpoint follower, Path stateDirectory,
      Function<Applier, ApplierEvents> eventsOf) {
    this.connector = connector;
    this.follower = follower;
    this.stateDirectory = stateDirectory;
    this.eventsOf = eventsOf;
  }

  /** The applier of {@code database}, or the global one; made (from saved files, if any) on first use. */
  public synchronized Applier applier(String database, boolean global) {
    String id = global ? Applier.GLOBAL_ID : Applier.databaseId(database);
    return appliers.computeIfAbsent(id, key -> {
      Applier made = new Applier(database, global, connector, follower, stateDirectory);
      made.state().tellEventsTo(eventsOf.apply(made));
      return made;
    });
  }

  /** The per-database appliers made so far, by database. */
  public synchronized Map<String, Applier> databaseAppliers() {
    Map<String, Applier> result = new TreeMap<>();
    appliers.values().stream().filter(applier -> !applier.global()).forEach(applier -> result.put(applier.database(), applier));
    return result;
  }

  /** Loads every applier configured before and starts those whose configuration says {@code autoStart}. */
  public synchronized void startConfigured() {
    if (!Files.isDirectory(stateDirectory)) {
      return;
    }
    List<Applier> found = new ArrayList<>();
    try (DirectoryStream<Path> files = Files.newDirectoryStream(stateDirectory, "applier-*.config.json")) {
      for (Path file : files) {
        String id = file.getFileName().toString().replaceFirst("^applier-", "").replaceFirst("\\.config\\.json$", "");
        if (id.equals(Applier.GLOBAL_ID)) {
          found.add(applier("_system", true));
        } else if (id.startsWith("db-")) {
          found.add(applier(URLDecoder.decode(id.substring(3), StandardCharsets.UTF_8), false));
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot list the appliers in " + stateDirectory, e);
    }
    for (Applier applier : found) {
      if (applier.configuration().isConfigured() && applier.configuration().flag("autoStart")) {
        LOG.info("starting the applier of {} (autoStart)", applier.global() ? "all databases" : "database " + applier.database());
        applier.start(null);
      }
    }
  }

  /** Stops every applier. */
  @Override
  public synchronized void close() {
    appliers.values().forEach(Applier::close);
  }
}
