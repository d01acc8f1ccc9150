package org.arangosync.minicluster.internal.agency;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import org.junit.jupiter.api.Test;

class WriteResultTest {

  @Test
  void wrapsTheResultsInTheBodyArangoDbSends() {
    ArrayNode results = JsonNodeFactory.instance.arrayNode().add(7).add(0);

    WriteResult result = new WriteResult(results, 412);

    assertThat(result.body().toString()).isEqualTo("{\"results\":[7,0]}");
    assertThat(result.allApplied()).isFalse();
  }

  @Test
  void acceptsOnlyTheStatusesAnAgencyWriteAnswers() {
    ArrayNode results = JsonNodeFactory.instance.arrayNode().add(1);

    assertThatThrownBy(() -> new WriteResult(results, 500)).isInstanceOf(IllegalArgumentException.class);
  }
}
