package org.arangosync.minicluster.conformance;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.arangosync.minicluster.MiniCluster;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Replays every applicable ArangoDB transcript against a single-server mini cluster: the recorded
 * behaviour of real ArangoDB is the mini cluster's specification (DESIGN.md §5).
 */
class TranscriptConformanceTest {

  @TempDir
  Path dataDir;

  @Test
  void everyApplicableTranscriptIsReproducedByASingleServerMiniCluster() throws Exception {
    ApplicableTranscripts.Selection selection = ApplicableTranscripts.select(ApplicableTranscripts.transcriptsRoot());
    List<TranscriptReplayer.Outcome> outcomes = new ArrayList<>();

    MiniCluster cluster = MiniCluster.builder()
        .dataDir(dataDir)
        .single(true)
        .start();
    try {
      TranscriptReplayer replayer = new TranscriptReplayer(cluster.endpoint());
      for (Transcript transcript : selection.applicable()) {
        outcomes.add(replayer.replay(transcript));
      }
    } finally {
      cluster.close();
    }

    System.out.println(summary(selection, outcomes));
    List<String> failures = outcomes.stream()
        .filter(outcome -> !outcome.passed())
        .map(TranscriptConformanceTest::failureBlock)
        .toList();
    assertThat(selection.applicable()).isNotEmpty();
    assertThat(failures)
        .as("transcripts the mini cluster does not reproduce:%n%s", String.join(System.lineSeparator(), failures))
        .isEmpty();
  }

  private static String summary(ApplicableTranscripts.Selection selection, List<TranscriptReplayer.Outcome> outcomes) {
    long passed = outcomes.stream().filter(TranscriptReplayer.Outcome::passed).count();
    List<String> lines = new ArrayList<>();
    lines.add("Transcript conformance: " + outcomes.size() + " replayed, " + passed + " passed, "
        + selection.skipped().size() + " skipped");
    selection.skipped().forEach(skipped -> lines.add("skipped " + skipped.id() + ": " + skipped.reason()));
    outcomes.stream().filter(outcome -> !outcome.passed()).forEach(outcome -> lines.add(failureBlock(outcome)));
    return String.join(System.lineSeparator(), lines);
  }

  private static String failureBlock(TranscriptReplayer.Outcome outcome) {
    List<String> lines = new ArrayList<>();
    lines.add("FAILED " + outcome.transcript().id());
    outcome.differences().forEach(difference -> lines.add("  " + difference));
    outcome.recipe().describe().forEach(step -> lines.add("    recipe: " + step));
    return String.join(System.lineSeparator(), lines);
  }
}
