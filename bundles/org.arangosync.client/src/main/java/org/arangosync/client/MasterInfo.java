package org.arangosync.client;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

/**
 * One sync master as {@code GET /_api/masters} lists it.
 *
 * @param id the master's id (32 hex digits)
 * @param endpoint how the workers and masters of its datacenter reach it
 * @param leader whether it leads its datacenter's masters
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record MasterInfo(String id, String endpoint, boolean leader) {}
