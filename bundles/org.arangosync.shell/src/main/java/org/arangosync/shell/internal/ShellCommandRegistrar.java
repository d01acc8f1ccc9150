package org.arangosync.shell.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.karaf.shell.api.console.Registry;
import org.apache.karaf.shell.api.console.SessionFactory;
import org.arangosync.command.CommandProvider;
import org.arangosync.command.CommandRunner;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Puts every {@link CommandProvider}'s commands into the Karaf shell and takes them out again when
 * the provider goes, so that installing or removing a bundle adds or removes its commands without
 * restarting anything. A provider whose commands clash with others' is logged and left out; the
 * rest keep working.
 */
@Component(immediate = true)
public final class ShellCommandRegistrar {

  private static final Logger LOG = LoggerFactory.getLogger(ShellCommandRegistrar.class);

  private final Registry registry;
  private final Map<CommandProvider, List<ShellCommand>> registered = new ConcurrentHashMap<>();

  @Activate
  public ShellCommandRegistrar(@Reference SessionFactory sessionFactory) {
    this.registry = sessionFactory.getRegistry();
  }

  @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC)
  void addProvider(CommandProvider provider) {
    List<ShellCommand> commands = new ArrayList<>();
    try {
      CommandRunner.of(withProvider(provider)); // refuses clashes before anything is registered
      provider.commands().forEach(definition -> commands.add(new ShellCommand(definition, this::currentRunner)));
    } catch (RuntimeException e) {
      LOG.error("arangosync commands of {} are left out of the shell: {}", provider.getClass().getName(), e.getMessage(), e);
      return;
    }
    registered.put(provider, commands);
    commands.forEach(registry::register);
    LOG.debug("registered shell commands {}", commands);
  }

  void removeProvider(CommandProvider provider) {
    List<ShellCommand> commands = registered.remove(provider);
    if (commands != null) {
      commands.forEach(registry::unregister);
    }
  }

  @Deactivate
  void deactivate() {
    registered.keySet().forEach(this::removeProvider);
  }

  /** The command tree as it is now, so that help lists the commands of every installed bundle. */
  private CommandRunner currentRunner() {
    return CommandRunner.of(registered.keySet());
  }

  private List<CommandProvider> withProvider(CommandProvider provider) {
    List<CommandProvider> all = new ArrayList<>(registered.keySet());
    all.add(provider);
    return all;
  }
}
