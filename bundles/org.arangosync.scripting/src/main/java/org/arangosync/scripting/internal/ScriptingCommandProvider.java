package org.arangosync.scripting.internal;

import java.util.List;
import java.util.ServiceLoader;
import java.util.function.Supplier;
import org.arangosync.command.CommandDefinition;
import org.arangosync.command.CommandProvider;
import org.arangosync.command.CommandRunner;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;

/**
 * {@code arangosync script} and {@code arangosync run script} (the shell's {@code arangosync:script}
 * and {@code arangosync:run-script}). A script runs the commands of this process: in Karaf those of
 * every {@link CommandProvider} service present when it starts, in the launcher those that
 * {@code META-INF/services} lists.
 */
@Component(service = CommandProvider.class)
public final class ScriptingCommandProvider implements CommandProvider {

  /**
   * In OSGi: every other provider. Not this one: a component referring to its own service is a
   * cycle DS reports as an error, and scripts may not run scripts anyway (the bridge refuses them).
   */
  @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC, service = CommandProvider.class,
      target = "(!(component.name=org.arangosync.scripting.internal.ScriptingCommandProvider))")
  private volatile List<CommandProvider> providers = List.of();

  private final Supplier<CommandRunner> commands = () -> CommandRunner.of(providers.isEmpty()
      ? ServiceLoader.load(CommandProvider.class, ScriptingCommandProvider.class.getClassLoader())
      : List.copyOf(providers));

  @Override
  public List<CommandDefinition> commands() {
    return List.of(CommandDefinition.of(() -> new ScriptCommand(commands), "script"),
        CommandDefinition.of(() -> new ScriptCommand(commands), "run", "script"));
  }
}
