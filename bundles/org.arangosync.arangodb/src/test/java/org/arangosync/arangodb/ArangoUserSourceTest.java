package org.arangosync.arangodb;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Basic credentials checked against the cluster's own users. */
class ArangoUserSourceTest {

  private static TestCluster cluster;
  private static ArangoConnection connection;

  @BeforeAll
  static void start() throws Exception {
    cluster = TestCluster.start();
    connection = cluster.connect();
    connection.json("POST", "/_api/user", JsonNodeFactory.instance.objectNode().put("user", "alice-" + ProcessHandle.current().pid())
        .put("passwd", "wonderland"), false);
  }

  @AfterAll
  static void stop() throws Exception {
    connection.json("DELETE", "/_api/user/alice-" + ProcessHandle.current().pid(), null, true);
    connection.close();
    cluster.close();
  }

  @Test
  void acceptsTheClusterUsersPasswordsAndNothingElse() {
    String alice = "alice-" + ProcessHandle.current().pid();
    ArangoUserSource users = new ArangoUserSource(connection);
    assertThat(users.authenticate(alice, "wonderland")).isTrue();
    assertThat(users.authenticate(alice, "wonderland")).as("remembered").isTrue();
    assertThat(users.authenticate(alice, "Wonderland")).isFalse();
    assertThat(users.authenticate("mallory", "wonderland")).isFalse();
    assertThat(users.authenticate(alice + "\0", "wonderland")).isFalse();
  }

  @Test
  void refusesLoginsWhenTheClusterCannotBeReached() throws Exception {
    int closedPort;
    try (java.net.ServerSocket socket = new java.net.ServerSocket(0)) {
      closedPort = socket.getLocalPort();
    }
    ConnectionSettings dead = new ConnectionSettings(List.of(java.net.URI.create("http://127.0.0.1:" + closedPort)), null, null, null,
        List.of(), Duration.ofSeconds(2), Duration.ofMillis(200), ConnectionSettings.Protocol.HTTP_1_1);
    try (ArangoConnection deadConnection = ArangoConnection.open(dead)) {
      assertThat(new ArangoUserSource(deadConnection).authenticate("root", "")).isFalse();
    }
  }
}
