package org.arangosync.minicluster.internal.agency;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Key normalisation, with the cases of ArangoDB's StoreTest store_split and store_normalize. */
class AgencyPathTest {

  @Test
  void splitsKeysAtSlashesIgnoringEmptySegments() {
    assertThat(AgencyPath.split("")).isEmpty();
    assertThat(AgencyPath.split("/")).isEmpty();
    assertThat(AgencyPath.split("///")).isEmpty();
    assertThat(AgencyPath.split("a c")).containsExactly("a c");
    assertThat(AgencyPath.split("//a/b/c//")).containsExactly("a", "b", "c");
    assertThat(AgencyPath.split("/////////////a//////////////")).containsExactly("a");
    assertThat(AgencyPath.split("/foo///bar//baz")).containsExactly("foo", "bar", "baz");
  }

  @Test
  void normalisesKeysToOneLeadingSlashAndNoTrailingOne() {
    assertThat(AgencyPath.normalize("")).isEqualTo("/");
    assertThat(AgencyPath.normalize("////")).isEqualTo("/");
    assertThat(AgencyPath.normalize("a")).isEqualTo("/a");
    assertThat(AgencyPath.normalize("//a//b//")).isEqualTo("/a/b");
    assertThat(AgencyPath.normalize("der/////hund")).isEqualTo("/der/hund");
  }

  @Test
  void ordersKeysByCodePointLikeArangoDbsStdStringComparison() {
    List<String> keys = new ArrayList<>(List.of("/a/b", "/a-c", "/\uD83D\uDE00", "/\uFFFD", "/a"));

    keys.sort(AgencyPath.KEY_ORDER);

    assertThat(keys).containsExactly("/a", "/a-c", "/a/b", "/\uFFFD", "/\uD83D\uDE00");
  }
}
