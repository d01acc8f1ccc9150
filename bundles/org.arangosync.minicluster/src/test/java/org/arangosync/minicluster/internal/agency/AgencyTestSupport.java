package org.arangosync.minicluster.internal.agency;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.json.JsonReadFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Instant;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;

/**
 * Shared set-up: a store on a fresh state file and a clock that only moves when told. JSON in
 * tests may use single quotes, so that {@code "[[{'/a': 1}]]"} reads like the agency examples.
 */
abstract class AgencyTestSupport {

  static final Instant START = Instant.parse("2026-01-01T00:00:00Z");

  private static final JsonMapper MAPPER =
      JsonMapper.builder().enable(JsonReadFeature.ALLOW_SINGLE_QUOTES).build();

  @TempDir Path directory;

  MutableClock clock;
  AgencyStore store;

  @BeforeEach
  void openStore() throws IOException {
    clock = new MutableClock(START);
    store = new AgencyStore(stateFile(), clock);
  }

  Path stateFile() {
    return directory.resolve("agency.json");
  }

  AgencyStore reopen() throws IOException {
    return new AgencyStore(stateFile(), clock);
  }

  static JsonNode json(String text) {
    try {
      return MAPPER.readTree(text);
    } catch (JsonProcessingException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Writes and returns the result. */
  WriteResult write(String transactions) {
    return store.write(json(transactions));
  }

  /** Writes and checks that every transaction was applied with status 200. */
  WriteResult writeAndCheck(String transactions) {
    WriteResult result = write(transactions);
    assertThat(result.httpStatus()).as("status of %s", transactions).isEqualTo(200);
    assertThat(result.allApplied()).as("all of %s applied", transactions).isTrue();
    return result;
  }

  JsonNode read(String queries) {
    return store.read(json(queries));
  }

  /** Compares JSON by value, so that a long 1 and an int 1 or reordered attributes still match. */
  static void assertJson(JsonNode actual, String expected) {
    assertThat(json(actual.toString())).as("JSON %s", actual).isEqualTo(json(expected));
  }
}
