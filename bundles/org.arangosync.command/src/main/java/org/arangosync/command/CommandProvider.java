package org.arangosync.command;

import java.util.List;

/**
 * Contributes commands to the {@code arangosync} command tree.
 *
 * <p>Each bundle that brings commands registers one provider: as an OSGi service (Declarative
 * Services) for the Karaf shell, and in {@code META-INF/services} for the standalone launcher. A
 * provider only describes its commands; {@link CommandRunner} parses and runs them.
 *
 * <p>Implementations must be thread-safe and cheap to call: the shell asks for the commands every
 * time a provider comes or goes.
 */
public interface CommandProvider {

  /** The commands this provider contributes, each with its full path, e.g. {@code get version}. */
  List<CommandDefinition> commands();
}
