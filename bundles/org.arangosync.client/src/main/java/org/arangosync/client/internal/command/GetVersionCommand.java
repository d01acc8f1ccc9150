package org.arangosync.client.internal.command;

import java.io.PrintWriter;
import java.util.concurrent.Callable;
import org.arangosync.client.SyncClientException;
import org.arangosync.client.VersionInfo;
import org.arangosync.command.ExitCodes;
import org.arangosync.command.ReportsResult;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code arangosync get version}: the version of the sync master software of a datacenter. */
@Command(
    name = "version",
    mixinStandardHelpOptions = true,
    description = "Show the version of the sync masters of a datacenter (GET /_api/version).")
public final class GetVersionCommand implements Callable<Integer>, ReportsResult {

  @Spec private CommandSpec spec;

  @Mixin private MasterOptions master;

  /** The version a master answered, as JSON; null until one answered. */
  private String resultJson;

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    VersionInfo version;
    try {
      version = master.connect(spec.commandLine().getErr()).version();
    } catch (SyncClientException e) {
      throw master.explain(e);
    }
    resultJson = Results.json(version);
    out.println("Version: " + version.version());
    out.println("Build:   " + version.build());
    return ExitCodes.OK;
  }

  /** {@code {"version", "build"}}, as {@code GET /_api/version} answers. */
  @Override
  public String resultJson() {
    return resultJson;
  }
}
