package org.arangosync.minicluster.internal.cluster;

import com.fasterxml.jackson.databind.node.ArrayNode;
import org.arangosync.minicluster.internal.agency.WriteResult;
import org.arangosync.minicluster.internal.http.ArangoError;
import org.arangosync.minicluster.internal.http.Json;
import org.arangosync.minicluster.internal.server.ServerMode;

/**
 * The cluster-wide server mode, kept where ArangoDB keeps it: the boolean {@code /arango/Readonly}
 * in the agency (absent means read-write). Every coordinator and DB-Server reads it from the agency
 * on each request instead of caching it, so a change through any coordinator holds for all servers
 * from the next request on, and it survives restarts with the agency's state.
 */
final class ClusterServerMode implements ServerMode {

  static final String READ_ONLY_PATH = "/arango/Readonly";

  private final Plan plan;

  ClusterServerMode(Plan plan) {
    this.plan = plan;
  }

  @Override
  public boolean readOnly() {
    return plan.get(READ_ONLY_PATH).asBoolean(false);
  }

  /** Sets {@code /arango/Readonly} without bumping {@code Plan/Version}: the mode is not part of the plan. */
  @Override
  public void setReadOnly(boolean readOnly) {
    ArrayNode transactions = Json.array();
    transactions.addArray().addObject().putObject(READ_ONLY_PATH).put("op", "set").put("new", readOnly);
    WriteResult result = plan.agency().write(transactions);
    if (!result.allApplied()) {
      throw new ArangoError(500, 4, "the agency did not store the server mode: " + result.results());
    }
  }
}
