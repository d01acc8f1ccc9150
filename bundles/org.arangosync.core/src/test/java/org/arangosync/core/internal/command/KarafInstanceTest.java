package org.arangosync.core.internal.command;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.StringReader;
import java.util.Map;
import org.apache.felix.fileinstall.shaded.util.properties.TypedProperties;
import org.junit.jupiter.api.Test;

/** The configuration files of a run command's instance say exactly what was given, whatever it contains. */
class KarafInstanceTest {

  @Test
  void valuesArriveAsWrittenThroughFileInstallsReadingAndInterpolation() throws Exception {
    Map<String, String> values = Map.of(
        "a", "p$w{x}\\d\"q ${y} \\\\z}",
        "b", " leading#!=:",
        "c", "${java.home}",
        "d", "ends with \\",
        "e", "$${{a}}$",
        "f", "großer Schlüssel €",
        "g", "tab\tand\nline");
    StringBuilder file = new StringBuilder();
    values.forEach((key, value) -> file.append(key).append(" = ").append(KarafInstance.escape(value)).append('\n'));
    // As Karaf's file install reads a .cfg: typed properties whose ${...} are looked up (here: all resolve to "X").
    TypedProperties read = new TypedProperties((name, key, value) -> "X");
    read.load(new StringReader(file.toString()));
    values.forEach((key, value) -> assertThat(read.get(key)).as(key).isEqualTo(value));

    TypedProperties unescaped = new TypedProperties((name, key, value) -> "X");
    unescaped.load(new StringReader("c = ${java.home}\n"));
    assertThat(unescaped.get("c")).as("the interpolation is really there").isEqualTo("X");
  }
}
