package org.arangosync.certificates.internal.command;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** The hand-written JSON of {@link WrittenFiles}: valid JSON for any file name a file system allows. */
class WrittenFilesTest {

  @Test
  void escapesQuotesBackslashesAndControlCharacters() {
    String json = new WrittenFiles().file("cert", Path.of("/tmp/a \"b\"\\c\td\u0001.crt")).text("alias", "x\ny").json();

    assertThat(json).isEqualTo("{\"cert\":\"/tmp/a \\\"b\\\"\\\\c\\td\\u0001.crt\",\"alias\":\"x\\ny\"}");
  }

  @Test
  void namesFilesByAbsoluteNormalizedPaths() {
    assertThat(new WrittenFiles().file("keyfile", Path.of("certs/../tls.keyfile")).json())
        .isEqualTo("{\"keyfile\":\"" + Path.of("tls.keyfile").toAbsolutePath() + "\"}");
  }
}
