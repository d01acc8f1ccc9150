package org.arangosync.client.internal.command;

import java.io.PrintWriter;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.List;
import org.arangosync.certificates.Pem;
import org.arangosync.client.SyncClientException;
import org.arangosync.client.SyncMasterClient;
import org.arangosync.command.CommandFailure;
import org.arangosync.command.UserOptions;
import picocli.CommandLine;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * The flags with which every administration command reaches the sync masters of one datacenter,
 * exactly as the seed writes them: {@code --master.endpoint}, {@code --master.cacert},
 * {@code --auth.user}, {@code --auth.password}, {@code --auth.keyfile} and {@code -v}.
 */
public final class MasterOptions {

  @Spec(Spec.Target.MIXEE) private CommandSpec mixee;

  @Option(
      names = "--master.endpoint",
      required = true,
      split = ",",
      paramLabel = "URL",
      converter = EndpointConverter.class,
      description = "Endpoint of a sync master of the datacenter, e.g. https://10.0.0.1:8629. Repeat the flag "
          + "(or separate with commas) to name several; they are tried in order.")
  List<URI> endpoints;

  @Option(
      names = "--master.cacert",
      paramLabel = "FILE",
      description = "CA certificate (PEM) that signed the masters' TLS certificates. Without it the master's "
          + "certificate is accepted unverified, with a warning.")
  Path caCertificate;

  @Mixin UserOptions login;

  @Option(names = "--auth.keyfile", paramLabel = "FILE",
      description = "Client-authentication keyfile ('arangosync create client-auth keyfile'), signed by the CA the "
          + "masters accept client certificates from (--server.client-cafile).")
  Path clientKeyfile;

  @Option(names = {"-v", "--verbose"}, description = "Show more detail.")
  boolean verbose;

  /** A client for the masters named on the command line; warns on {@code err} when TLS is unverified. */
  SyncMasterClient connect(PrintWriter err) {
    login.requireUserForPassword(mixee.commandLine());
    if (clientKeyfile != null && login.user() != null) {
      throw new ParameterException(mixee.commandLine(), "use either --auth.user/--auth.password or --auth.keyfile, not both");
    }
    SyncMasterClient.Builder builder = SyncMasterClient.builder(endpoints).clientId("arangosync-cli");
    if (caCertificate != null) {
      try {
        builder.trustedCertificates(Pem.readCertificates(caCertificate));
      } catch (IllegalArgumentException e) {
        throw new ParameterException(mixee.commandLine(), "--master.cacert: " + e.getMessage());
      }
    } else {
      err.println("Warning: accepting unverified master TLS certificate. Use --master.cacert.");
      builder.acceptUnverifiedCertificates();
    }
    if (login.user() != null) {
      builder.basicAuthentication(login.user(), login.password());
    }
    if (clientKeyfile != null) {
      try {
        builder.clientKeyfile(Pem.readKeyfile(clientKeyfile));
      } catch (IllegalArgumentException e) {
        throw new ParameterException(mixee.commandLine(), "--auth.keyfile: " + e.getMessage());
      }
    }
    return builder.build();
  }

  /** Turns a failed request into the failure an operator reads, with what to check next. */
  CommandFailure explain(SyncClientException error) {
    String hint;
    String keyfileHint = "Check that --auth.keyfile was signed by the CA the masters accept client certificates from "
        + "(--server.client-cafile), and that it has not expired.";
    if (clientKeyfile != null && error.failures().stream().anyMatch(MasterOptions::serverRefusedOurCertificate)) {
      hint = "The master refused the client certificate of --auth.keyfile. " + keyfileHint;
    } else if (error.failures().stream().anyMatch(failure -> failure.reason().startsWith("TLS handshake failed"))) {
      hint = caCertificate != null
          ? "Check that --master.cacert is the CA that signed the masters' TLS certificates (--server.keyfile)."
          : "Check the TLS settings of the masters.";
    } else if (!error.isAnswered()) {
      hint = "Check that a sync master runs at " + (endpoints.size() == 1 ? "that address" : "those addresses")
          + " and that --master.endpoint names it (default port 8629).";
    } else if (error.failures().stream().anyMatch(failure -> failure.status() == 401)) {
      hint = clientKeyfile != null ? keyfileHint : "Check --auth.user and --auth.password (or use --auth.keyfile).";
    } else {
      hint = "";
    }
    return new CommandFailure(hint.isEmpty() ? error.getMessage() : error.getMessage() + "\n" + hint, error);
  }

  /** TLS alerts with which a server refuses a client certificate (JSSE sends certificate_unknown, Go bad_certificate). */
  private static boolean serverRefusedOurCertificate(SyncClientException.EndpointFailure failure) {
    String reason = failure.reason();
    return reason.startsWith("TLS handshake failed") && (reason.contains("certificate_unknown") || reason.contains("bad_certificate")
        || reason.contains("certificate_expired") || reason.contains("unknown_ca"));
  }

  /** Accepts only https URLs, since sync masters serve nothing else. */
  public static final class EndpointConverter implements CommandLine.ITypeConverter<URI> {
    @Override
    public URI convert(String value) {
      URI uri;
      try {
        uri = new URI(value.trim());
      } catch (URISyntaxException e) {
        throw new CommandLine.TypeConversionException("'" + value + "' is not a URL: " + e.getReason());
      }
      if (!"https".equalsIgnoreCase(uri.getScheme()) || uri.getHost() == null) {
        throw new CommandLine.TypeConversionException(
            "'" + value + "' is not an https URL of a sync master; write it like https://10.0.0.1:8629");
      }
      return uri;
    }
  }
}
