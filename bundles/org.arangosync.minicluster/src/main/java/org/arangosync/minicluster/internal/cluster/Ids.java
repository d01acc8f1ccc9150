package org.arangosync.minicluster.internal.cluster;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.arangosync.minicluster.internal.agency.AgencyStore;
import org.arangosync.minicluster.internal.agency.WriteResult;
import org.arangosync.minicluster.internal.http.Json;

/**
 * Cluster-wide unique ids (collection ids, shard numbers, document keys), allocated from
 * {@code /arango/Sync/LatestID} in the agency as ArangoDB's coordinators do, in blocks so that a
 * document insert does not need an agency write.
 *
 * <p>Invariant: a block is reserved in the agency (compare-and-swap on LatestID) before any id of
 * it is handed out, so ids are unique across coordinators and restarts.
 */
final class Ids {

  static final String LATEST_ID = "/arango/Sync/LatestID";
  private static final long BLOCK = 1000;

  private final AgencyStore agency;
  private long next;
  private long end;

  Ids(AgencyStore agency) {
    this.agency = agency;
  }

  synchronized long next() {
    if (next >= end) {
      long reservedEnd = reserve(BLOCK);
      next = reservedEnd - BLOCK + 1;
      end = reservedEnd + 1;
    }
    return next++;
  }

  /** Reserves {@code count} ids and returns the last of them. */
  private long reserve(long count) {
    while (true) {
      ArrayNode query = Json.array();
      query.addArray().add(LATEST_ID);
      long current = agency.read(query).path(0).path("arango").path("Sync").path("LatestID").asLong(100);
      long wanted = current + count;
      ArrayNode transactions = Json.array();
      ArrayNode transaction = transactions.addArray();
      transaction.addObject().put(LATEST_ID, wanted);
      ObjectNode precondition = transaction.addObject();
      if (current == 100 && agency.read(query).path(0).path("arango").path("Sync").path("LatestID").isMissingNode()) {
        precondition.putObject(LATEST_ID).put("oldEmpty", true);
      } else {
        precondition.put(LATEST_ID, current);
      }
      WriteResult result = agency.write(transactions);
      if (result.allApplied()) {
        return wanted;
      }
    }
  }
}
