package org.arangosync.minicluster.internal.command;

import java.util.List;
import org.arangosync.command.CommandDefinition;
import org.arangosync.command.CommandProvider;
import org.osgi.service.component.annotations.Component;

/** Contributes {@code arangosync minicluster}. */
@Component(service = CommandProvider.class)
public final class MiniclusterCommandProvider implements CommandProvider {

  @Override
  public List<CommandDefinition> commands() {
    return List.of(CommandDefinition.of(MiniclusterCommand::new, "minicluster"));
  }
}
