package org.arangosync.minicluster.internal.agency;

import org.junit.jupiter.api.Test;

/** GET /_api/agency/config for an agency of one. */
class AgencyStoreConfigTest extends AgencyTestSupport {

  @Test
  void namesThisAgentAsLeaderOfAnAgencyOfOneAtTheCurrentCommitIndex() {
    writeAndCheck("[[{'/a': 1}], [{'/b': 2}]]");

    assertJson(
        store.config("AGNT-1", "tcp://127.0.0.1:8531"),
        "{'term': 1, 'leaderId': 'AGNT-1', 'commitIndex': 2, 'lastCommitted': 2,"
            + " 'configuration': {'pool': {'AGNT-1': 'tcp://127.0.0.1:8531'}, 'active': ['AGNT-1'],"
            + " 'id': 'AGNT-1', 'agency size': 1, 'pool size': 1, 'endpoint': 'tcp://127.0.0.1:8531'}}");
  }
}
