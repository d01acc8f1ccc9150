package org.arangosync.client.internal.command;

import java.util.List;
import org.arangosync.command.CommandDefinition;
import org.arangosync.command.CommandProvider;
import org.osgi.service.component.annotations.Component;

/**
 * The administration commands that talk to running sync masters. Registered as an OSGi service for
 * the Karaf shell and in {@code META-INF/services} for the standalone launcher.
 */
@Component(service = CommandProvider.class)
public final class AdminCommandProvider implements CommandProvider {

  @Override
  public List<CommandDefinition> commands() {
    return List.of(CommandDefinition.of(GetVersionCommand::new, "get", "version"),
        CommandDefinition.of(GetMastersCommand::new, "get", "masters"),
        CommandDefinition.of(GetWorkersCommand::new, "get", "workers"),
        CommandDefinition.of(GetTasksCommand::new, "get", "tasks"),
        CommandDefinition.of(GetStatusCommand::new, "get", "status"),
        CommandDefinition.of(ConfigureSyncCommand::new, "configure", "sync"),
        CommandDefinition.of(SetMessageTimeoutCommand::new, "set", "message", "timeout"),
        CommandDefinition.of(StopSyncCommand::new, "stop", "sync"),
        CommandDefinition.of(AbortSyncCommand::new, "abort", "sync"),
        CommandDefinition.of(AbortOutgoingSyncCommand::new, "abort", "outgoing", "sync"),
        CommandDefinition.of(ResetFailedShardCommand::new, "reset", "failed", "shard"),
        CommandDefinition.of(CheckSyncCommand::new, "check", "sync"));
  }
}
