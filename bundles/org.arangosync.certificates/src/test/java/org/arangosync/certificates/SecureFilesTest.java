package org.arangosync.certificates;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SecureFilesTest {

  @TempDir Path dir;

  /** The first file of a set failing (its folder is missing) is named, not an index error. */
  @Test
  void aFileInAMissingFolderIsNamedInTheError() {
    Path missing = dir.resolve("missing/ca.crt");

    assertThatThrownBy(() -> SecureFiles.writeAll(List.of(SecureFiles.file(missing, "certificate"),
        SecureFiles.secret(dir.resolve("ca.key"), "key"))))
        .isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith("cannot write " + missing + ": ");
  }
}
