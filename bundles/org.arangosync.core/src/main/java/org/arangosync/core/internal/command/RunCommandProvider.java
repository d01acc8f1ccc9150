package org.arangosync.core.internal.command;

import java.util.List;
import org.arangosync.command.CommandDefinition;
import org.arangosync.command.CommandProvider;

/**
 * {@code arangosync run applier} and {@code run master}: for the standalone launcher only (listed in
 * {@code META-INF/services}, not an OSGi service), because it runs a server in the foreground of
 * its own process. In Karaf the same appliers will run as a configured component.
 */
public final class RunCommandProvider implements CommandProvider {

  @Override
  public List<CommandDefinition> commands() {
    return List.of(CommandDefinition.of(RunApplierCommand::new, "run", "applier"),
        CommandDefinition.of(RunMasterCommand::new, "run", "master"),
        CommandDefinition.of(RunWorkerCommand::new, "run", "worker"));
  }
}
