package org.arangosync.core.internal.master;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * The masters of another datacenter (a target's view of its source), or of this one (a worker's
 * view of its masters), as JSON calls. Implementations try every endpoint and follow the leader.
 */
@FunctionalInterface
public interface RemoteMaster {

  /**
   * @param body the request body, or null
   * @return the answer's JSON ({@code {}} for an empty answer)
   * @throws RuntimeException naming the masters and what they answered when no master accepted it
   */
  JsonNode call(String method, String path, JsonNode body);
}
