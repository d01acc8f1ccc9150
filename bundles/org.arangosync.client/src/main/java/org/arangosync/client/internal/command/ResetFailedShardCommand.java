package org.arangosync.client.internal.command;

import java.util.concurrent.Callable;
import org.arangosync.client.SyncClientException;
import org.arangosync.command.CommandFailure;
import org.arangosync.command.ExitCodes;
import org.arangosync.command.ReportsResult;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code arangosync reset failed shard}: synchronizes a failed shard again with a new set of tasks
 * ({@code PUT /_api/sync/database/{db}/collection/{col}/shard/{i}/reset}), e.g. after removing a
 * document too large for the message queue from the source.
 */
@Command(
    name = "shard",
    mixinStandardHelpOptions = true,
    description = "Synchronize a failed shard again with a new set of tasks "
        + "(PUT /_api/sync/database/{db}/collection/{col}/shard/{i}/reset).")
public final class ResetFailedShardCommand implements Callable<Integer>, ReportsResult {

  static final String STATUS_HINT = "'arangosync get status -v' lists every shard with its status";

  @Spec private CommandSpec spec;

  @Mixin private MasterOptions master;

  @Option(names = "--database", required = true, paramLabel = "NAME", description = "Database of the shard.")
  String database;

  @Option(names = "--collection", required = true, paramLabel = "NAME", description = "Collection of the shard.")
  String collection;

  @Option(names = "--shard", required = true, paramLabel = "INDEX", description = "Index of the shard, starting at 0.")
  int shard;

  /** The shard reset, as JSON; null until the master accepted the reset. */
  private String resultJson;

  /**
   * The shard that a new set of tasks now synchronizes.
   *
   * @param reset always true: a result exists only once the master accepted the reset
   */
  record ShardReset(String database, String collection, int shard, boolean reset) {}

  @Override
  public Integer call() {
    String problem = checkArguments(database, collection, shard);
    if (problem != null) {
      throw new ParameterException(spec.commandLine(), problem);
    }
    try {
      master.connect(spec.commandLine().getErr()).resetFailedShard(database, collection, shard);
    } catch (SyncClientException e) {
      throw explain(e);
    }
    resultJson = Results.json(new ShardReset(database, collection, shard, true));
    spec.commandLine().getOut().println(doneMessage(database, collection, shard));
    return ExitCodes.OK;
  }

  /** {@code {"database", "collection", "shard", "reset": true}}. */
  @Override
  public String resultJson() {
    return resultJson;
  }

  /** What is wrong with the arguments, or null. */
  static String checkArguments(String database, String collection, int shard) {
    if (database.isBlank()) {
      return "--database is empty: name the database of the shard";
    }
    if (collection.isBlank()) {
      return "--collection is empty: name the collection of the shard";
    }
    if (shard < 0) {
      return "--shard: " + shard + " is not a shard index; shards are numbered from 0 (" + STATUS_HINT + ")";
    }
    return null;
  }

  static String doneMessage(String database, String collection, int shard) {
    return "A new set of tasks synchronizes shard " + database + "/" + collection + "/" + shard
        + "; follow it with 'arangosync get status -v'.";
  }

  private CommandFailure explain(SyncClientException error) {
    CommandFailure failure = master.explain(error);
    if (SyncStopping.answered(error, 404)) {
      return new CommandFailure(failure.getMessage() + "\nThe master does not synchronize shard " + database + "/" + collection
          + "/" + shard + ". Check --database, --collection and --shard (numbered from 0): " + STATUS_HINT
          + " on this datacenter.", error);
    }
    if (SyncStopping.answered(error, 412)) {
      return new CommandFailure(failure.getMessage() + "\nOnly a failed shard can be reset, and shard " + database + "/"
          + collection + "/" + shard + " has not failed; " + STATUS_HINT + ".", error);
    }
    return failure;
  }
}
