package org.arangosync.core.internal.command;

import java.util.List;
import java.util.ServiceLoader;
import java.util.function.Supplier;
import org.arangosync.api.spi.replication.ReplicationConnector;
import org.arangosync.command.CommandDefinition;
import org.arangosync.command.CommandFailure;
import org.arangosync.command.CommandProvider;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;

/**
 * The {@code arangosync replication ...} commands (in the Karaf shell: {@code replication:...}).
 * In OSGi they exist while a {@link ReplicationConnector} service does; the standalone launcher
 * finds the connector through {@code META-INF/services}.
 */
@Component(service = CommandProvider.class)
public final class ReplicationCommandProvider implements CommandProvider {

  private static final String NO_ADAPTER = "no ArangoDB adapter is installed (no ReplicationConnector); "
      + "the arangosync-arangodb feature provides one";

  /** In OSGi: the adapter's service, which may come and go; commands stay and say when it is missing. */
  @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC)
  private volatile ReplicationConnector service;

  private final Supplier<ReplicationConnector> connector;

  /** For {@link ServiceLoader} (the launcher) and for DS, which then sets {@link #service}. */
  public ReplicationCommandProvider() {
    this.connector = () -> {
      ReplicationConnector bound = service;
      if (bound != null) {
        return bound;
      }
      return ServiceLoader.load(ReplicationConnector.class, ReplicationCommandProvider.class.getClassLoader())
          .findFirst()
          .orElseThrow(() -> new CommandFailure(NO_ADAPTER));
    };
  }

  @Override
  public List<CommandDefinition> commands() {
    return List.of(
        CommandDefinition.of(() -> new LoggerCommands.State(connector), "replication", "logger-state"),
        CommandDefinition.of(() -> new LoggerCommands.FirstTick(connector), "replication", "logger-first-tick"),
        CommandDefinition.of(() -> new LoggerCommands.TickRanges(connector), "replication", "logger-tick-ranges"),
        CommandDefinition.of(() -> new ApplierCommands.State(connector), "replication", "applier-state"),
        CommandDefinition.of(() -> new ApplierCommands.Start(connector), "replication", "applier-start"),
        CommandDefinition.of(() -> new ApplierCommands.Stop(connector), "replication", "applier-stop"),
        CommandDefinition.of(() -> new ApplierCommands.Forget(connector), "replication", "applier-forget"),
        CommandDefinition.of(() -> new ApplierCommands.Properties(connector), "replication", "applier-properties"),
        CommandDefinition.of(() -> new ApplierCommands.MakeFollower(connector), "replication", "make-follower"),
        CommandDefinition.of(() -> new ApplierCommands.Sync(connector), "replication", "sync"));
  }
}
