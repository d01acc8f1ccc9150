package org.arangosync.client;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

/**
 * The answer of {@code GET /_api/version} of a sync master or worker.
 *
 * @param version the program version, e.g. {@code 2.19.5}
 * @param build the build identifier
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record VersionInfo(String version, String build) {}
