package org.arangosync.minicluster.conformance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class ApplicableTranscriptsTest {

  private static ApplicableTranscripts.Selection selection() throws IOException {
    return ApplicableTranscripts.select(ApplicableTranscripts.transcriptsRoot());
  }

  private static Map<String, String> skipReasons() throws IOException {
    return selection().skipped().stream()
        .collect(Collectors.toMap(ApplicableTranscripts.Skipped::id, ApplicableTranscripts.Skipped::reason));
  }

  @Test
  void accountsForEveryTranscriptFileExactlyOnce() throws IOException {
    ApplicableTranscripts.Selection selection = selection();

    assertThat(selection.applicable().size() + selection.skipped().size())
        .isEqualTo(ApplicableTranscripts.allTranscriptFiles(ApplicableTranscripts.transcriptsRoot()).size());
  }

  @Test
  void replaysThe311FamiliesTheMiniClusterServesAndThe34DocumentHandlerFiles() throws IOException {
    List<String> applicable = selection().applicable().stream().map(Transcript::id).toList();

    assertThat(applicable).contains(
        "3.11/RestReplicationLoggerFollowSome", "3.11/RestReplicationServerId", "3.11/RestWalAccessTailingSome",
        "3.11/RestDocumentHandlerPostCreate1", "3.11/RestImportJsonLines", "3.11/RestCollectionCreateCollection",
        "3.11/RestDatabaseGet", "3.11/RestVersionDetails", "3.11/RestEndpointGet",
        "3.4/RestDocumentHandlerUpdateDocumentIfMatchOther", "3.4/RestDocumentHandlerReadDocumentAllCollectionDoesNotExist");
    assertThat(applicable).allMatch(id -> id.startsWith("3.11/") || id.startsWith("3.4/RestDocumentHandler"));
    assertThat(applicable).hasSize(81);
  }

  @Test
  void statesWhyEachOtherTranscriptIsSkipped() throws IOException {
    Map<String, String> reasons = skipReasons();

    assertThat(reasons).containsEntry("3.11/RestReplicationApplierStart",
        "the applier is served by arangosync run applier, issue 6, not by the server");
    assertThat(reasons).containsEntry("3.4/RestReplicationDump_mmfiles", "MMFiles engine; the mini cluster is RocksDB");
    assertThat(reasons).containsEntry("3.3/RestReplicationDump", "pre-3.4, outside the supported range");
    assertThat(reasons).containsEntry("3.11/RestDocumentHandlerReadDocumentHead", "transcript records no response");
    assertThat(reasons).containsEntry("3.4/RestDocumentHandlerReadDocumentIfNoneMatch", "transcript records no response");
    assertThat(reasons).containsEntry("3.10/RestWalAccessTailingSome",
        "older recording of an example whose 3.11 recording is replayed");
    assertThat(reasons).containsKey("3.4/RestDocumentHandlerReadDocumentAllKey");
  }

  @Test
  void refusesToGuessAboutATranscriptNoRuleCovers() {
    assertThatThrownBy(() -> ApplicableTranscripts.reasonToSkipByName("3.11", "RestSomethingNew"))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("3.11/RestSomethingNew");
  }
}
