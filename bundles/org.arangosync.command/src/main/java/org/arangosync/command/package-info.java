/**
 * The command model shared by every front end.
 *
 * <p>A command is written once, as a picocli-annotated class, and contributed by its bundle through
 * a {@link org.arangosync.command.CommandProvider}. The {@link org.arangosync.command.CommandRunner}
 * assembles the contributed commands into the {@code arangosync} command tree and runs a command
 * line against it; the standalone launcher, the Karaf shell and JavaScript all go through it, so
 * the seed's command lines parse, print help and exit the same way everywhere.
 */
@org.osgi.annotation.versioning.Version("1.2.0")
package org.arangosync.command;
