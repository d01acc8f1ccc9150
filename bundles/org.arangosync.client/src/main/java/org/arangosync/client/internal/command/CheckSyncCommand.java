package org.arangosync.client.internal.command;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.arangosync.client.ShardChecksum;
import org.arangosync.client.ShardSyncInfo;
import org.arangosync.client.SyncClientException;
import org.arangosync.client.SyncMasterClient;
import org.arangosync.command.CommandFailure;
import org.arangosync.command.ExitCodes;
import org.arangosync.command.ReportsResult;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * {@code arangosync check sync}: run against the <em>target</em> datacenter's masters, compares the
 * checksum and document count of every synchronized shard in both datacenters ({@code GET
 * /_api/sync/database/{db}/collection/{col}/shard/{i}/checksum}). One line per shard, then the
 * verdict; exits {@link ExitCodes#FAILURE} unless every shard is the same.
 */
@Command(
    name = "sync",
    mixinStandardHelpOptions = true,
    description = "Compare the checksum and document count of every synchronized shard in the source and the target "
        + "datacenter. Run it against the target masters; exits non-zero unless the whole data is the same.")
public final class CheckSyncCommand implements Callable<Integer>, ReportsResult {

  @Spec private CommandSpec spec;

  @Mixin private MasterOptions master;

  /** The comparison of one shard. */
  enum Verdict {
    SAME("same"), DIFFERENT("different"), NOT_CHECKED("not-checked");

    /** How the result JSON writes it. */
    final String word;

    Verdict(String word) {
      this.word = word;
    }
  }

  /**
   * One shard's result and the line that says it.
   *
   * @param source the source datacenter's checksum and count; null when the master reported none
   * @param target the target datacenter's checksum and count; null when the master reported none
   * @param reason why the shard was not checked; null when it was
   */
  record ShardResult(Verdict verdict, String line, ShardChecksum source, ShardChecksum target, String reason) {

    static ShardResult notChecked(String name, String reason, ShardChecksum source, ShardChecksum target) {
      return new ShardResult(Verdict.NOT_CHECKED, name + ": not checked: " + reason, source, target, reason);
    }
  }

  /**
   * One shard in the result JSON.
   *
   * @param verdict {@code same}, {@code different} or {@code not-checked}
   * @param equal whether both datacenters have the same checksum and count; false when not checked
   * @param source as the master reported it: {@code datacenter}, {@code cluster_id}, {@code checksum}, {@code count}; or null
   * @param target likewise for the target datacenter
   * @param reason why the shard was not checked; null when it was
   */
  record CheckedShard(String database, String collection, int shard, String verdict, boolean equal, ShardChecksum source,
      ShardChecksum target, String reason) {}

  /**
   * The result JSON of a check: every shard, and how many were equal, different and not checked.
   * Reported also when the command exits non-zero because the data differs or was not compared completely.
   */
  record CheckResult(List<CheckedShard> shards, int equal, int different, int notChecked) {}

  /** The comparison as JSON; null unless every shard was compared or tried. */
  private String resultJson;

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    SyncMasterClient client = master.connect(spec.commandLine().getErr());
    List<ShardSyncInfo> shards;
    try {
      shards = client.syncInfo(true).shards().stream()
          .sorted(Comparator.comparing(ShardSyncInfo::database).thenComparing(ShardSyncInfo::collection)
              .thenComparingInt(ShardSyncInfo::shardIndex))
          .toList();
    } catch (SyncClientException e) {
      throw master.explain(e);
    }
    if (shards.isEmpty()) {
      throw new CommandFailure("No shard is turned on for synchronizing. Run 'arangosync check sync' against the masters of "
          + "the target datacenter of a configured synchronization ('arangosync get status' shows whether it is one).");
    }
    int different = 0;
    int notChecked = 0;
    List<CheckedShard> checked = new ArrayList<>();
    for (ShardSyncInfo shard : shards) {
      ShardResult result = check(client, shard);
      out.println(result.line());
      out.flush();
      different += result.verdict() == Verdict.DIFFERENT ? 1 : 0;
      notChecked += result.verdict() == Verdict.NOT_CHECKED ? 1 : 0;
      checked.add(new CheckedShard(shard.database(), shard.collection(), shard.shardIndex(), result.verdict().word,
          result.verdict() == Verdict.SAME, result.source(), result.target(), result.reason()));
    }
    resultJson = Results.json(new CheckResult(checked, shards.size() - different - notChecked, different, notChecked));
    out.println(summary(shards.size(), different, notChecked));
    return different == 0 && notChecked == 0 ? ExitCodes.OK : ExitCodes.FAILURE;
  }

  private static ShardResult check(SyncMasterClient client, ShardSyncInfo shard) {
    String name = shard.database() + "/" + shard.collection() + "/" + shard.shardIndex();
    try {
      return compare(name, client.shardChecksums(shard.database(), shard.collection(), shard.shardIndex()));
    } catch (SyncClientException e) {
      String reason = e.failures().isEmpty() ? e.getMessage() : e.failures().get(e.failures().size() - 1).toString();
      return ShardResult.notChecked(name, reason, null, null);
    }
  }

  /** Compares the source's and the target's checksum and count of the shard called {@code name}. */
  static ShardResult compare(String name, List<ShardChecksum> checksums) {
    Optional<ShardChecksum> source = of(checksums, ShardChecksum.SOURCE);
    Optional<ShardChecksum> target = of(checksums, ShardChecksum.TARGET);
    if (source.isEmpty() || target.isEmpty()) {
      return ShardResult.notChecked(name, "the master reported no checksum of the "
          + (source.isEmpty() ? ShardChecksum.SOURCE : ShardChecksum.TARGET) + " datacenter", source.orElse(null), target.orElse(null));
    }
    ShardChecksum s = source.get();
    ShardChecksum t = target.get();
    if (s.count() == t.count() && s.checksum() != null && s.checksum().equals(t.checksum())) {
      return new ShardResult(Verdict.SAME, name + ": same (" + s.count() + " documents)", s, t, null);
    }
    return new ShardResult(Verdict.DIFFERENT, name + ": DIFFERENT (source " + s.count() + " documents, checksum " + s.checksum()
        + "; target " + t.count() + " documents, checksum " + t.checksum() + ")", s, t, null);
  }

  private static Optional<ShardChecksum> of(List<ShardChecksum> checksums, String datacenter) {
    return checksums.stream().filter(checksum -> datacenter.equals(checksum.datacenter())).findFirst();
  }

  /**
   * {@code {"shards": [{"database", "collection", "shard", "verdict", "equal", "source", "target", "reason"}],
   * "equal": N, "different": N, "notChecked": N}}; also when the data differs and the command exits non-zero.
   */
  @Override
  public String resultJson() {
    return resultJson;
  }

  static String summary(int shards, int different, int notChecked) {
    if (different > 0) {
      return "The data is NOT the same: " + different + " of " + shards + " shards differ"
          + (notChecked > 0 ? " (" + notChecked + " not checked)." : ".");
    }
    if (notChecked > 0) {
      return "The data could not be compared completely: " + notChecked + " of " + shards + " shards not checked, the others "
          + "are the same. Run 'arangosync check sync' again.";
    }
    return "The whole data is the same.";
  }
}
