// require("@arangodb/replication"), as arangosh offers it: the replication logger of the server
// connected to (--server.endpoint, --server.database, ...; connect({...}) changes it) and the
// replication applier of the applier host (--applier.endpoint, or connect({applierEndpoint})).
// Each function runs the product's 'arangosync replication ...' command and returns ArangoDB's JSON.
(function (host, initial) {
  'use strict';

  var connection = Object.assign({ database: '_system' }, initial);

  function need(key, flag) {
    if (!connection[key]) {
      throw new Error('@arangodb/replication: no ' + key + ' to connect to; give ' + flag + ' to the script command, or call '
          + "connect({" + key + ": ...}) first");
    }
    return connection[key];
  }

  function run(words, endpoint, extra) {
    var line = ['replication', words, '--endpoint=' + endpoint, '--database=' + connection.database];
    if (connection.username) {
      line.push('--auth.user=' + connection.username);
      line.push('--auth.password=' + (connection.password || ''));
    }
    if (connection.cacert) {
      line.push('--cacert=' + connection.cacert);
    }
    var outcome = host.run(line.concat(extra || []));
    if (outcome.exitCode !== 0) {
      var error = new Error('replication ' + words + ' failed (exit code ' + outcome.exitCode + '): '
          + (String(outcome.errors).trim() || String(outcome.output).trim()));
      error.exitCode = outcome.exitCode;
      throw error;
    }
    return outcome.resultJson === null || outcome.resultJson === undefined ? JSON.parse(String(outcome.output)) : JSON.parse(outcome.resultJson);
  }

  function server(words, extra) {
    return run(words, need('endpoint', '--server.endpoint'), extra);
  }

  function applierHost(words, extra) {
    return run(words, connection.applierEndpoint || need('endpoint', '--applier.endpoint or --server.endpoint'), extra);
  }

  /** --set key=value for every option of an ArangoDB configuration object (values as JSON). */
  function settings(config, except) {
    return Object.keys(config || {}).filter(function (key) { return except.indexOf(key) < 0; })
        .map(function (key) { return '--set=' + key + '=' + JSON.stringify(config[key]); });
  }

  /** The leader of setupReplication()/syncCollection(): ArangoDB's config keys to the command's flags. */
  function leader(config) {
    if (!config || !config.endpoint) {
      throw new Error('@arangodb/replication: the configuration needs the leader\'s endpoint, e.g. {endpoint: "tcp://10.0.0.1:8529"}');
    }
    var line = ['--leader.endpoint=' + config.endpoint];
    if (config.database) {
      line.push('--leader.database=' + config.database);
    }
    if (config.username) {
      line.push('--leader.user=' + config.username);
      line.push('--leader.password=' + (config.password || ''));
    }
    return line.concat(settings(config, ['endpoint', 'database', 'username', 'password']));
  }

  return Object.freeze({
    /** Changes the connection: {endpoint, username, password, database, applierEndpoint, cacert}. */
    connect: function (options) {
      connection = Object.assign({}, connection, options);
      return Object.assign({}, connection, { password: connection.password ? '***' : undefined });
    },
    logger: Object.freeze({
      state: function () { return server('logger-state'); },
      firstTick: function () { return server('logger-first-tick').firstTick; },
      tickRanges: function () { return server('logger-tick-ranges'); }
    }),
    applier: Object.freeze({
      state: function () { return applierHost('applier-state'); },
      start: function (initialTick) {
        return applierHost('applier-start', initialTick === undefined ? [] : ['--from=' + initialTick]);
      },
      stop: function () { return applierHost('applier-stop'); },
      properties: function (config) { return applierHost('applier-properties', settings(config, [])); },
      forget: function () { return applierHost('applier-forget'); }
    }),
    /** Copies everything from the leader, then keeps following it (make-follower). */
    setupReplication: function (config) { return applierHost('make-follower', leader(config)); },
    /** Copies one collection from the leader once (sync, restricted to it). */
    syncCollection: function (collection, config) {
      var restricted = Object.assign({}, config, { restrictType: 'include', restrictCollections: [collection] });
      return applierHost('sync', leader(restricted));
    },
    /** Copies everything from the leader once, without following it. */
    sync: function (config) { return applierHost('sync', leader(config)); }
  });
})
