package org.arangosync.scripting.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.arangosync.command.CommandRunner;
import org.arangosync.command.ExitCodes;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The engine's sandbox and its reports, with the product's real commands behind the bridge. */
class ScriptEngineTest {

  @TempDir Path dir;

  private record Run(int exitCode, String out, String err) {}

  private Run run(String source, Duration limit, String... arguments) throws Exception {
    Path script = dir.resolve("runbook.js");
    Files.writeString(script, source);
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    CommandRunner commands = CommandRunner.of(java.util.ServiceLoader.load(org.arangosync.command.CommandProvider.class));
    int exitCode = new ScriptEngine(new CommandBridge(commands)).run(script, List.of(arguments),
        new ScriptEngine.Settings(limit, Map.of()), out, err);
    return new Run(exitCode, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
  }

  @Test
  void printWritesToTheOutputAndArgumentsArriveInOrder() throws Exception {
    Run run = run("print('hello ' + ARGUMENTS.join(',')); console.log(ARGUMENTS.length);", Duration.ofMinutes(1), "a", "b c");

    assertThat(run.exitCode()).as(run.err()).isEqualTo(ExitCodes.OK);
    assertThat(run.out()).isEqualTo("hello a,b c\n2\n");
  }

  @Test
  void anErrorNamesTheScriptsFileAndLineAndShowsTheJavaScriptStack() throws Exception {
    Run run = run("function check(x) {\n  if (!x) {\n    throw new Error('nothing to check');\n  }\n}\ncheck(0);\n", Duration.ofMinutes(1));

    assertThat(run.exitCode()).isEqualTo(ExitCodes.FAILURE);
    assertThat(run.err()).startsWith(dir.resolve("runbook.js") + ":3:").contains("Error: nothing to check")
        .contains("at check (runbook.js:3)").contains("(runbook.js:6)");
  }

  @Test
  void aScriptThatLoopsForeverIsStoppedAtItsTimeLimit() throws Exception {
    long started = System.nanoTime();
    Run run = run("var n = 0; while (true) { n++; }", Duration.ofSeconds(2));

    assertThat(run.exitCode()).isEqualTo(ExitCodes.FAILURE);
    assertThat(run.err()).contains("ran longer than its time limit of 2s");
    assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(30));
  }

  @Test
  void aScriptWaitingInSleepIsStoppedAtItsTimeLimitToo() throws Exception {
    Run run = run("var arangosync = require('arangosync'); arangosync.waitFor('never', function () { return false; }, "
        + "{interval: '1s', timeout: '1h'});", Duration.ofSeconds(2));

    assertThat(run.exitCode()).isEqualTo(ExitCodes.FAILURE);
    assertThat(run.err()).contains("ran longer than its time limit of 2s");
  }

  @Test
  void waitForReturnsTheFirstTrueValueAndOptionsReadKeyValueArguments() throws Exception {
    Run run = run("var arangosync = require('arangosync'); var n = 0;\n"
        + "print(arangosync.waitFor('three calls', function () { n++; return n === 3 ? 'after ' + n : null; }, {interval: '10ms'}));\n"
        + "print(JSON.stringify(arangosync.options(ARGUMENTS, {authUser: 'root'})));\n"
        + "try { arangosync.options(['oops']); } catch (e) { print(e.message); }\n"
        + "try { arangosync.waitFor('x', function () { throw new Error('not yet'); }, {interval: '10ms', timeout: '50ms'}); }"
        + " catch (e) { print(e.message); }\n", Duration.ofMinutes(1), "target.endpoint=https://h:8629", "wait=5m");

    assertThat(run.exitCode()).as(run.err()).isEqualTo(ExitCodes.OK);
    assertThat(run.out()).isEqualTo("after 3\n{\"authUser\":\"root\",\"targetEndpoint\":\"https://h:8629\",\"wait\":\"5m\"}\n"
        + "argument 'oops' is not key=value, e.g. target.endpoint=https://10.0.1.1:8629\n"
        + "waited 50ms for x in vain; last error: not yet\n");
  }

  @Test
  void aJavaClassOutsideTheAllowListIsRefused() throws Exception {
    Run run = run("var System = Java.type('java.lang.System'); System.exit(3);", Duration.ofMinutes(1));

    assertThat(run.exitCode()).isEqualTo(ExitCodes.FAILURE);
    assertThat(run.err()).contains("java.lang.System").containsIgnoringCase("not allowed");
  }

  @Test
  void theBridgeShowsOnlyItsExportedMethods() throws Exception {
    Run run = run("var arangosync = require('arangosync'); print(typeof arangosync.run);"
        + "print(Object.keys(arangosync).length > 10);", Duration.ofMinutes(1));

    assertThat(run.exitCode()).as(run.err()).isEqualTo(ExitCodes.OK);
    assertThat(run.out()).isEqualTo("function\ntrue\n");
  }

  @Test
  void anUnknownModuleIsRefusedWithTheModulesThereAre() throws Exception {
    Run run = run("require('fs');", Duration.ofMinutes(1));

    assertThat(run.exitCode()).isEqualTo(ExitCodes.FAILURE);
    assertThat(run.err()).contains("require('fs'): there is no such module").contains("'arangosync'").contains("'@arangodb/replication'");
  }

  @Test
  void aScriptRunsTheProductsCommandsAndCannotRunScripts() throws Exception {
    Path secret = dir.resolve("master.jwtsecret");
    Run run = run("var arangosync = require('arangosync');\n"
        + "var made = arangosync.createJwtSecret({secret: ARGUMENTS[0]});\n"
        + "print(JSON.stringify(made));\n"
        + "try { arangosync.run('script', {_: ['x.js']}); } catch (e) { print('refused: ' + e.message); }\n"
        + "try { arangosync.status({noSuchOption: 1}); } catch (e) { print('wrong: ' + e.message); }\n", Duration.ofMinutes(1),
        secret.toString());

    assertThat(run.exitCode()).as(run.err()).isEqualTo(ExitCodes.OK);
    assertThat(secret).exists();
    assertThat(run.out()).contains("refused: a script cannot run 'arangosync script'")
        .contains("wrong: arangosync get status: it has no option 'noSuchOption'; its options are").contains("masterEndpoint");
  }

  @Test
  void aFailingCommandThrowsWithItsMessageAndExitCode() throws Exception {
    Run run = run("var arangosync = require('arangosync');\n"
        + "try { arangosync.status({masterEndpoint: 'https://127.0.0.1:1'}); }\n"
        + "catch (e) { print(e.exitCode + ' ' + (e.message.indexOf('arangosync get status failed') === 0)); }\n"
        // Switches and options with a value both map: a usage error would exit with 2, the unreachable master gives 1.
        + "try { arangosync.status({masterEndpoint: 'https://127.0.0.1:1', verbose: true}); } catch (e) { print(e.exitCode); }\n"
        + "try { arangosync.stopSync({masterEndpoint: 'https://127.0.0.1:1', ensureInSync: false}); } catch (e) { print(e.exitCode); }\n"
        + "try { arangosync.stopSync({masterEndpoint: 'https://127.0.0.1:1', ensureInSync: 'perhaps'}); } catch (e) { print(e.exitCode); }\n",
        Duration.ofMinutes(1));

    assertThat(run.exitCode()).as(run.err()).isEqualTo(ExitCodes.OK);
    assertThat(run.out()).isEqualTo("1 true\n1\n1\n2\n");
  }
}
