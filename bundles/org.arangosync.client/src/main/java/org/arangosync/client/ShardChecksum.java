package org.arangosync.client;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * The checksum of one shard in one datacenter, as {@code GET
 * /_api/sync/database/{db}/collection/{col}/shard/{i}/checksum} reports it.
 *
 * @param datacenter {@value #SOURCE} or {@value #TARGET}
 * @param clusterId the id of that datacenter's cluster (JSON {@code cluster_id})
 * @param checksum the shard's checksum, hexadecimal
 * @param count how many documents the shard holds
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record ShardChecksum(String datacenter, @JsonProperty("cluster_id") String clusterId, String checksum, long count) {

  public static final String SOURCE = "source";
  public static final String TARGET = "target";
}
