package org.arangosync.client.internal.command;

import java.net.URI;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.concurrent.Callable;
import org.arangosync.certificates.Issued;
import org.arangosync.certificates.Pem;
import org.arangosync.client.SyncClientException;
import org.arangosync.client.SyncMasterClient;
import org.arangosync.command.CommandFailure;
import org.arangosync.command.ExitCodes;
import org.arangosync.command.ReportsResult;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code arangosync configure sync}: run against the <em>target</em> datacenter's masters, makes
 * them synchronize from the source datacenter's masters ({@code POST /_api/sync}).
 *
 * <p>Every flag and file is checked before the first request, so a typo never reaches a master
 * half-configured: the source endpoints, the client-authentication keyfile (certificate, chain and
 * the key that belongs to it) and the source CA (at least one certificate).
 */
@Command(
    name = "sync",
    mixinStandardHelpOptions = true,
    description = "Start synchronizing the datacenter of --master.endpoint (the target) from the masters of "
        + "--source.endpoint (the source) (POST /_api/sync). Returns quickly; follow the progress with 'arangosync get status -v'.")
public final class ConfigureSyncCommand implements Callable<Integer>, ReportsResult {

  private static final String CREATE_KEYFILE_HINT = "create one with 'arangosync create client-auth keyfile', signed by the CA "
      + "the source masters accept client certificates from (their --server.client-cafile)";

  @Spec private CommandSpec spec;

  @Mixin private MasterOptions master;

  @Option(names = "--master.keyfile", paramLabel = "FILE",
      description = "Client-authentication keyfile (certificate, chain and key) that the target masters present to the "
          + "source masters; " + CREATE_KEYFILE_HINT + ".")
  Path clientKeyfile;

  @Option(names = "--source.endpoint", split = ",", paramLabel = "URL", converter = SourceEndpointConverter.class,
      description = "Endpoint of a sync master of the source datacenter, e.g. https://10.0.1.1:8629. Repeat the flag (or "
          + "separate with commas) to name several. ssl:// and tcp:// are read as https://.")
  List<URI> sourceEndpoints;

  @Option(names = "--source.cacert", paramLabel = "FILE",
      description = "CA certificate (PEM) that signed the source masters' TLS certificates.")
  Path sourceCaCertificate;

  /** What was configured, as JSON; null until the target masters accepted it. */
  private String resultJson;

  /**
   * What {@code configure sync} did.
   *
   * @param configured always true: a result exists only once the target masters accepted the synchronization
   * @param source the source masters the target now synchronizes from
   */
  record Configured(boolean configured, List<String> source) {}

  @Override
  public Integer call() {
    List<URI> source = requireSourceEndpoints();
    Issued keyfile = readClientKeyfile();
    List<X509Certificate> sourceCa = readSourceCa();
    SyncMasterClient target = master.connect(spec.commandLine().getErr());
    try {
      target.configureSync(source, keyfile, sourceCa);
    } catch (SyncClientException e) {
      throw explain(e);
    }
    resultJson = Results.json(new Configured(true, source.stream().map(URI::toString).toList()));
    spec.commandLine().getOut().println("Synchronization activated.");
    return ExitCodes.OK;
  }

  /** {@code {"configured": true, "source": [URL, ...]}}. */
  @Override
  public String resultJson() {
    return resultJson;
  }

  private List<URI> requireSourceEndpoints() {
    if (sourceEndpoints == null || sourceEndpoints.isEmpty()) {
      throw new ParameterException(spec.commandLine(),
          "--source.endpoint is missing: name the sync masters of the source datacenter, e.g. --source.endpoint=https://10.0.1.1:8629");
    }
    return List.copyOf(sourceEndpoints);
  }

  private Issued readClientKeyfile() {
    if (clientKeyfile == null) {
      throw new ParameterException(spec.commandLine(), "--master.keyfile is missing: the target masters need a client "
          + "certificate to present to the source masters; " + CREATE_KEYFILE_HINT);
    }
    try {
      return Pem.readKeyfile(clientKeyfile);
    } catch (IllegalArgumentException e) {
      // Whatever is wrong with the file (absent, no key, key of another certificate), a new keyfile fixes it.
      throw new ParameterException(spec.commandLine(), "--master.keyfile: " + e.getMessage() + "; " + CREATE_KEYFILE_HINT);
    }
  }

  private List<X509Certificate> readSourceCa() {
    if (sourceCaCertificate == null) {
      throw new ParameterException(spec.commandLine(), "--source.cacert is missing: the target masters need the CA "
          + "certificate that signed the source masters' TLS certificates to verify them");
    }
    try {
      return Pem.readCertificates(sourceCaCertificate);
    } catch (IllegalArgumentException e) {
      throw new ParameterException(spec.commandLine(), "--source.cacert: " + e.getMessage());
    }
  }

  /** A 502 means the target answered but the source did not take part; say which flags decide that. */
  private CommandFailure explain(SyncClientException error) {
    CommandFailure failure = master.explain(error);
    if (error.failures().stream().anyMatch(each -> each.status() == 502)) {
      return new CommandFailure(failure.getMessage() + "\nThe target masters could not set up the synchronization with the "
          + "source masters: check --source.endpoint, that --source.cacert signed their TLS certificates, and that they "
          + "accept the client certificate of --master.keyfile.", error);
    }
    return failure;
  }
}
