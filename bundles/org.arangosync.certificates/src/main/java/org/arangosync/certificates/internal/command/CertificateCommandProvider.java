package org.arangosync.certificates.internal.command;

import java.util.List;
import org.arangosync.command.CommandDefinition;
import org.arangosync.command.CommandProvider;
import org.osgi.service.component.annotations.Component;

/**
 * The {@code create ...} commands. Registered as an OSGi service for the Karaf shell and in
 * {@code META-INF/services} for the standalone launcher.
 */
@Component(service = CommandProvider.class)
public final class CertificateCommandProvider implements CommandProvider {

  @Override
  public List<CommandDefinition> commands() {
    return List.of(
        CommandDefinition.of(CreateTlsCaCommand::new, "create", "tls", "ca"),
        CommandDefinition.of(CreateTlsKeyfileCommand::new, "create", "tls", "keyfile"),
        CommandDefinition.of(CreateTlsCertificateCommand::new, "create", "tls", "certificate"),
        CommandDefinition.of(CreateTlsKeystoreCommand::new, "create", "tls", "keystore"),
        CommandDefinition.of(CreateClientAuthCaCommand::new, "create", "client-auth", "ca"),
        CommandDefinition.of(CreateClientAuthKeyfileCommand::new, "create", "client-auth", "keyfile"),
        CommandDefinition.of(CreateJwtSecretCommand::new, "create", "jwt-secret"));
  }
}
