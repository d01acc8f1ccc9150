package org.arangosync.core.internal.command;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.StringReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import org.apache.felix.fileinstall.shaded.util.properties.TypedProperties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The configuration files of a run command's instance say exactly what was given, whatever it contains. */
class KarafInstanceTest {

  @TempDir Path dir;

  /** A distribution as far as an instance uses it: bin, lib, system and Karaf's etc. */
  private Path distribution(String name) throws Exception {
    Path home = dir.resolve(name);
    for (String shared : List.of("bin", "lib", "system")) {
      Files.createDirectories(home.resolve(shared));
    }
    Files.writeString(home.resolve("bin/karaf"), "#!/bin/sh\n");
    Files.createDirectories(home.resolve("etc/scripts"));
    Files.writeString(home.resolve("etc/org.apache.karaf.shell.cfg"), "sshHost = 127.0.0.1\nsshPort = 8101\n");
    Files.writeString(home.resolve("etc/org.apache.karaf.management.cfg"), "rmiRegistryPort = 1099\nrmiServerPort = 44444\n");
    Files.writeString(home.resolve("etc/scripts/hello.script"), "echo hello\n");
    Files.writeString(home.resolve("etc/org.arangosync.rest-master.cfg"), "name = master\n");
    Files.writeString(home.resolve("etc/org.apache.karaf.features.cfg"), "featuresRepositories = \\\n    mvn:x/y/1/xml/features\n\n"
        + "featuresBoot = \\\n    (wrap), \\\n    scr/4.4.10, \\\n    arangosync/0.1.0\n\nfeaturesBootAsynchronous=false\n");
    Files.writeString(home.resolve("etc/org.ops4j.pax.logging.cfg"), "log4j2.rootLogger.level = INFO\n"
        + "log4j2.appender.rolling.fileName = ${karaf.log}/karaf.log\nlog4j2.appender.rolling.filePattern = ${karaf.log}/karaf.log.%i\n");
    return home;
  }

  @Test
  void theInstanceLinksTheDistributionCopiesKarafsConfigurationOnceAndWritesItsOwn() throws Exception {
    Path base = dir.resolve("instance");
    KarafInstance first = new KarafInstance(distribution("dist-1"), base)
        .configuration("org.arangosync.applier-follower", Map.of("follower.endpoint", "tcp://10.0.0.2:8529", ".follower.password", "pw"));
    int sshPort = first.prepare();
    assertThat(Files.readSymbolicLink(base.resolve("bin"))).isEqualTo(dir.resolve("dist-1/bin"));
    assertThat(base.resolve("etc/scripts/hello.script")).hasContent("echo hello");
    assertThat(base.resolve("etc/org.arangosync.rest-master.cfg")).as("the main instance's servers are not copied").doesNotExist();
    assertThat(Files.readString(base.resolve("etc/org.apache.karaf.shell.cfg"))).contains("sshPort = " + sshPort)
        .doesNotContain("8101").contains("sshHost = 127.0.0.1");
    assertThat(Files.readString(base.resolve("etc/org.apache.karaf.management.cfg"))).doesNotContain("1099").doesNotContain("44444");
    Path written = base.resolve("etc/org.arangosync.applier-follower.cfg");
    assertThat(Files.readString(written)).contains("follower.endpoint = tcp://10.0.0.2:8529").contains(".follower.password = pw");
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(written))).isEqualTo("rw-------");

    // The operator's edits of the instance's etc stay; a moved distribution is linked anew.
    Files.writeString(base.resolve("etc/scripts/hello.script"), "echo edited\n");
    new KarafInstance(distribution("dist-2"), base).configuration("org.arangosync.applier-follower", Map.of("server", "applier")).prepare();
    assertThat(base.resolve("etc/scripts/hello.script")).hasContent("echo edited");
    assertThat(Files.readSymbolicLink(base.resolve("bin"))).isEqualTo(dir.resolve("dist-2/bin"));
    assertThat(Files.readString(written)).contains("server = applier").doesNotContain("follower.password");
  }

  @Test
  void bootFeaturesAndTheProductsLogLevelAreTheDistributionsPlusWhatThisStartAsksFor() throws Exception {
    Path home = distribution("dist");
    Path base = dir.resolve("instance");
    new KarafInstance(home, base).bootFeature("arangosync-transport-kafka").logLevel("DEBUG").logFile(dir.resolve("logs/master.log"))
        .configuration("org.arangosync.transport.kafka", Map.of("kafkaAddr", "k1:9092")).prepare();
    TypedProperties features = new TypedProperties();
    features.load(new StringReader(Files.readString(base.resolve("etc/org.apache.karaf.features.cfg"))));
    assertThat(features.get("featuresBoot").toString().split(",\\s*"))
        .containsExactly("(wrap)", "scr/4.4.10", "arangosync/0.1.0", "arangosync-transport-kafka");
    assertThat(features.get("featuresBootAsynchronous")).isEqualTo("false");
    assertThat(Files.readString(base.resolve("etc/org.ops4j.pax.logging.cfg")))
        .contains("log4j2.logger.arangosyncproduct.name = org.arangosync").contains("log4j2.logger.arangosyncproduct.level = DEBUG")
        .contains("log4j2.rootLogger.level = INFO")
        .contains("log4j2.appender.rolling.fileName = " + dir.resolve("logs/master.log"))
        .contains("log4j2.appender.rolling.filePattern = " + dir.resolve("logs/master.log") + ".%i");

    // The next start without them: back to the distribution's, and the configuration it no longer wants is gone.
    new KarafInstance(home, base).withoutConfiguration("org.arangosync.transport.kafka").prepare();
    assertThat(base.resolve("etc/org.arangosync.transport.kafka.cfg")).doesNotExist();
    features = new TypedProperties();
    features.load(new StringReader(Files.readString(base.resolve("etc/org.apache.karaf.features.cfg"))));
    assertThat(features.get("featuresBoot").toString().split(",\\s*")).containsExactly("(wrap)", "scr/4.4.10", "arangosync/0.1.0");
    assertThat(Files.readString(base.resolve("etc/org.ops4j.pax.logging.cfg"))).doesNotContain("arangosyncproduct")
        .contains("log4j2.appender.rolling.fileName = ${karaf.log}/karaf.log")
        .contains("log4j2.appender.rolling.filePattern = ${karaf.log}/karaf.log.%i");
  }

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
