package org.arangosync.client;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * One sync worker as {@code GET /_api/worker} lists it.
 *
 * @param id the worker's id (20 characters a-z, 0-9), kept while it renews its registration
 * @param endpoint how the masters reach it
 * @param expiresAt when its registration runs out unless renewed (RFC 3339, as the master wrote it)
 * @param serverId the id by which ArangoDB knows the worker's replication client (JSON {@code serverID})
 * @param host the machine it runs on
 * @param dbServerAffinity the DB-Server it runs next to; empty for none
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record WorkerInfo(String id, String endpoint, String expiresAt, @JsonProperty("serverID") long serverId, String host,
    String dbServerAffinity) {}
