package org.arangosync.command;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Properties;

/**
 * The version of this arangosync build, as the build recorded it.
 *
 * @param version the Maven version, e.g. {@code 0.1.0-SNAPSHOT}
 * @param build when it was built (UTC, ISO-8601)
 */
public record ProductVersion(String version, String build) {

  private static final String RESOURCE = "version.properties";

  /** The version of the running code, read from the resource the build filtered. */
  public static ProductVersion current() {
    try (InputStream in = ProductVersion.class.getResourceAsStream(RESOURCE)) {
      if (in == null) {
        throw new IllegalStateException("the build did not package " + RESOURCE + " next to " + ProductVersion.class.getName());
      }
      Properties properties = new Properties();
      properties.load(in);
      return new ProductVersion(properties.getProperty("version"), properties.getProperty("build"));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + RESOURCE, e);
    }
  }

  @Override
  public String toString() {
    return version + " (build " + build + ")";
  }
}
