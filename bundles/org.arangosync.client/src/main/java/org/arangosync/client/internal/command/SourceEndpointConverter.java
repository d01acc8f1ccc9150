package org.arangosync.client.internal.command;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;
import picocli.CommandLine;

/**
 * Reads a sync master endpoint of the <em>other</em> datacenter ({@code --source.endpoint}) into the
 * {@code https://host[:port]} URL the target master stores and dials.
 *
 * <p>Operators copy endpoints from ArangoDB configurations, where {@code ssl://} and {@code tcp://}
 * are the usual forms; since sync masters speak nothing but HTTPS, both are read as {@code https://}.
 * Plain {@code http://} is refused rather than upgraded: it says the operator expects an unencrypted
 * master, which does not exist, so the address is probably wrong. Invariant of every result: scheme
 * {@code https}, a host, no path, query or user info.
 */
public final class SourceEndpointConverter implements CommandLine.ITypeConverter<URI> {

  @Override
  public URI convert(String value) {
    URI uri;
    try {
      uri = new URI(value.strip());
    } catch (URISyntaxException e) {
      throw new CommandLine.TypeConversionException(
          "'" + value + "' is not the https URL of a sync master (" + e.getReason() + "); write it like https://10.0.1.1:8629");
    }
    String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
    if (scheme.equals("http")) {
      throw new CommandLine.TypeConversionException(
          "'" + value + "' is plain HTTP, but sync masters serve HTTPS only; write it like https://10.0.1.1:8629");
    }
    boolean tlsScheme = scheme.equals("https") || scheme.equals("ssl") || scheme.equals("tcp");
    boolean bareAuthority = uri.getRawPath() == null || uri.getRawPath().isEmpty() || uri.getRawPath().equals("/");
    if (!tlsScheme || uri.getHost() == null || !bareAuthority || uri.getRawQuery() != null || uri.getRawUserInfo() != null) {
      throw new CommandLine.TypeConversionException(
          "'" + value + "' is not the https URL of a sync master; write it like https://10.0.1.1:8629");
    }
    return URI.create("https://" + uri.getRawAuthority());
  }
}
