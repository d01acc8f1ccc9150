package org.arangosync.client;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import org.arangosync.api.spi.auth.UserSource;
import org.arangosync.certificates.CertificateIssuer;
import org.arangosync.certificates.Issued;
import org.arangosync.certificates.KeyType;
import org.arangosync.certificates.Pem;
import org.arangosync.certificates.Purpose;
import org.arangosync.command.CommandProvider;
import org.arangosync.command.CommandRunner;
import org.arangosync.command.ExitCodes;
import org.arangosync.rest.Audience;
import org.arangosync.rest.RestResponse;
import org.arangosync.rest.RestRoute;
import org.arangosync.rest.RestServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code arangosync get workers} and {@code get tasks} end to end: the command line through the
 * client against the product's HTTPS server answering with a master's JSON for workers and tasks.
 */
class GetWorkersAndTasksCommandTest {

  private static final String WORKERS = """
      {"workers":[
        {"id":"k3j5h2g4f6d8s0a1q2w3","endpoint":"https://10.0.0.7:8729","expiresAt":"2026-11-22T08:40:00.5Z",
         "serverID":8123456789012345678,"host":"machine-7","dbServerAffinity":"PRMR-1","future":"ignored"},
        {"id":"zz00000000000000000b","endpoint":"https://10.0.0.8:8729","expiresAt":"2026-11-22T08:40:01Z",
         "serverID":42,"host":"machine-8","dbServerAffinity":""}]}""";
  private static final String TASKS = """
      {"tasks":[
        {"id":"t1aaaaaaaaaaaaaaaaaa","task":{"type":"receive-inventory","persistent":true,"channels":{"data":"","control":"inv-ctl"},
         "target_id":"remote-1","database":"","collection":"","shardIndex":0},"cancelled":false,
         "assignment":{"worker_id":"k3j5h2g4f6d8s0a1q2w3","created_at":"2026-11-22T08:30:00Z","counter":3},"last_error":"source unreachable"},
        {"id":"t2bbbbbbbbbbbbbbbbbb","task":{"type":"receive-shard","persistent":false,"channels":{"data":"d-7","control":"c-7"},
         "target_id":"remote-1","database":"_system","collection":"users","shardIndex":2},"cancelled":true,
         "assignment":{"worker_id":"zz00000000000000000b","created_at":"2026-11-22T08:31:00Z","counter":1}},
        {"id":"t3cccccccccccccccccc","task":{"type":"receive-shard","persistent":false,"channels":{"data":"d-8","control":"c-8"},
         "target_id":"remote-1","database":"shop","collection":"orders","shardIndex":0},"cancelled":false,
         "assignment":{"worker_id":"","created_at":"2026-11-22T08:32:00Z","counter":0}}]}""";

  @TempDir Path dir;

  private final CommandRunner runner = CommandRunner.of(ServiceLoader.load(CommandProvider.class));
  private final List<String> requests = new ArrayList<>();
  private StringWriter out = new StringWriter();
  private StringWriter err = new StringWriter();
  private RestServer server;
  private String workersAnswer = WORKERS;

  @BeforeEach
  void startAMasterServer() throws Exception {
    CertificateIssuer issuer = new CertificateIssuer();
    KeyType p256 = KeyType.of("P256", 0);
    Issued ca = issuer.createCa("test CA", Duration.ofDays(1), p256);
    Files.writeString(dir.resolve("ca.crt"), Pem.certificates(List.of(ca.certificate())));
    Files.writeString(dir.resolve("master.keyfile"),
        Pem.keyfile(issuer.issue(ca, Purpose.SERVER, List.of("127.0.0.1"), List.of(), Duration.ofDays(1), p256)));
    server = RestServer.builder(dir.resolve("master.keyfile")).host("127.0.0.1").userSource(UserSource.of(Map.of("root", "pw"))).start();
    server.addRoute(canned("/_api/worker", () -> workersAnswer));
    server.addRoute(canned("/_api/task", () -> TASKS));
  }

  private RestRoute canned(String path, java.util.function.Supplier<String> json) {
    return RestRoute.of("GET", path, Audience.OPERATORS, request -> {
      synchronized (requests) {
        requests.add("GET " + request.path() + " forward=" + request.header("X-Allow-Forward-To-Leader"));
      }
      return new RestResponse(200, "application/json", json.get().getBytes(StandardCharsets.UTF_8));
    });
  }

  @AfterEach
  void stopTheServer() {
    server.close();
  }

  private int run(String... arguments) {
    out = new StringWriter();
    err = new StringWriter();
    List<String> all = new ArrayList<>(List.of(arguments));
    all.addAll(List.of("--master.endpoint=https://127.0.0.1:" + server.port(), "--master.cacert=" + dir.resolve("ca.crt"),
        "--auth.user=root", "--auth.password=pw"));
    return runner.run(all, new PrintWriter(out), new PrintWriter(err));
  }

  @Test
  void printsTheWorkersAsATable() {
    assertThat(run("get", "workers")).as(err.toString()).isEqualTo(ExitCodes.OK);
    assertThat(out.toString().lines()).containsExactly(
        "ID                    Endpoint               Host       Expires",
        "k3j5h2g4f6d8s0a1q2w3  https://10.0.0.7:8729  machine-7  2026-11-22T08:40:00.5Z",
        "zz00000000000000000b  https://10.0.0.8:8729  machine-8  2026-11-22T08:40:01Z");
    assertThat(requests).containsExactly("GET /_api/worker forward=true");

    assertThat(run("get", "workers", "-v")).as(err.toString()).isEqualTo(ExitCodes.OK);
    assertThat(out.toString().lines().toList().get(0)).endsWith("Expires                 ServerID             DB-Server");
    assertThat(out.toString()).contains("8123456789012345678  PRMR-1").contains("42                   -");
  }

  @Test
  void saysSoWhenNoWorkerIsRegistered() {
    workersAnswer = "{\"workers\":[]}";
    assertThat(run("get", "workers")).isEqualTo(ExitCodes.OK);
    assertThat(out.toString()).contains("No worker is registered");
  }

  @Test
  void printsTheTasksWithTheirShardAndWorker() {
    assertThat(run("get", "tasks")).as(err.toString()).isEqualTo(ExitCodes.OK);
    assertThat(out.toString().lines()).containsExactly(
        "ID                    Type               Database/Collection/Shard  Worker",
        "t1aaaaaaaaaaaaaaaaaa  receive-inventory  -                          k3j5h2g4f6d8s0a1q2w3",
        "t2bbbbbbbbbbbbbbbbbb  receive-shard      _system/users/2            zz00000000000000000b (cancelled)",
        "t3cccccccccccccccccc  receive-shard      shop/orders/0              (waiting)");

    assertThat(run("get", "tasks", "-v")).as(err.toString()).isEqualTo(ExitCodes.OK);
    String verbose = out.toString();
    assertThat(verbose.lines().toList().get(0)).contains("Persistent", "Data channel", "Control channel", "Target", "Counter",
        "Assigned at", "Last error");
    assertThat(verbose.lines().toList().get(1)).contains("yes", "inv-ctl", "remote-1", "3", "2026-11-22T08:30:00Z")
        .endsWith("source unreachable");
    assertThat(verbose.lines().toList().get(2)).contains("no", "d-7", "c-7").endsWith("-");
  }

  @Test
  void theClientReadsWorkersAndTasksIntoRecords() throws Exception {
    SyncMasterClient client = SyncMasterClient.builder(List.of(java.net.URI.create("https://127.0.0.1:" + server.port())))
        .trustedCertificates(Pem.readCertificates(dir.resolve("ca.crt"))).basicAuthentication("root", "pw").build();
    assertThat(client.workers()).first().isEqualTo(new WorkerInfo("k3j5h2g4f6d8s0a1q2w3", "https://10.0.0.7:8729",
        "2026-11-22T08:40:00.5Z", 8123456789012345678L, "machine-7", "PRMR-1"));
    List<TaskInfo> tasks = client.tasks();
    assertThat(tasks).hasSize(3);
    assertThat(tasks.get(1).task()).isEqualTo(new TaskInfo.Task("receive-shard", false, new TaskInfo.Channels("d-7", "c-7"), "remote-1",
        "_system", "users", 2));
    assertThat(tasks.get(1).cancelled()).isTrue();
    assertThat(tasks.get(0).assignment()).isEqualTo(new TaskInfo.Assignment("k3j5h2g4f6d8s0a1q2w3", "2026-11-22T08:30:00Z", 3));
    assertThat(tasks.get(0).lastError()).isEqualTo("source unreachable");
    assertThat(tasks.get(2).lastError()).isNull();
  }

  @Test
  void helpNamesTheCommonFlags() {
    assertThat(runner.run(List.of("get", "tasks", "--help"), new PrintWriter(out), new PrintWriter(err))).isEqualTo(ExitCodes.OK);
    assertThat(out.toString()).contains("--master.endpoint", "--master.cacert", "--auth.user", "--auth.keyfile", "-v");
  }
}
