// require("arangosync"): every command of the product, run exactly as on the command line.
// Options are the command's flags in camelCase ({masterEndpoint: ...} is --master.endpoint,
// {ensureInSync: true} is --ensure-in-sync), positional words go in {_: [...]}. A function returns
// the command's result as a plain object; a command that fails throws an Error with its message,
// exitCode, output and result.
(function (host, connection) {
  'use strict';

  function camelCase(flag) {
    return flag.replace(/^-+/, '').split(/[.-]/).map(function (word, index) {
      return index === 0 ? word : word.charAt(0).toUpperCase() + word.slice(1);
    }).join('');
  }

  function optionsOf(words) {
    var byKey = {};
    var options = host.options(words);
    for (var i = 0; i < options.length; i++) {
      var option = { name: String(options[i].name), takesValue: options[i].takesValue };
      if (option.name.indexOf('--') === 0) {
        byKey[camelCase(option.name)] = option;
        byKey[option.name.slice(2)] = option; // 'master.endpoint' is accepted as well
      }
    }
    return byKey;
  }

  function commandLine(words, options, defaults) {
    var byKey = optionsOf(words);
    var line = words.split(' ');
    var positional = [];
    function add(key, value, fromDefaults) {
      if (key === '_') {
        positional = positional.concat(value);
        return;
      }
      var option = byKey[key];
      if (option === undefined) {
        if (fromDefaults) {
          return; // a datacenter's defaults name options of other commands too
        }
        throw new Error("arangosync " + words + ": it has no option '" + key + "'; its options are "
            + Object.keys(byKey).filter(function (each) { return each.indexOf('.') < 0; }).sort().join(', '));
      }
      var flag = option.name;
      if (value === undefined || value === null || (value === false && !option.takesValue)) {
        return; // a plain switch left off
      }
      if (value === true && !option.takesValue) {
        line.push(flag);
      } else if (Array.isArray(value)) {
        value.forEach(function (each) { line.push(flag + '=' + each); });
      } else {
        line.push(flag + '=' + value);
      }
    }
    Object.keys(defaults || {}).forEach(function (key) {
      if (!(options && Object.prototype.hasOwnProperty.call(options, key))) {
        add(key, defaults[key], true);
      }
    });
    Object.keys(options || {}).forEach(function (key) { add(key, options[key], false); });
    return line.concat(positional.map(String));
  }

  function run(words, options, defaults) {
    var outcome = host.run(commandLine(words, options, defaults));
    var result = outcome.resultJson === null || outcome.resultJson === undefined ? null : JSON.parse(outcome.resultJson);
    if (outcome.exitCode !== 0) {
      var message = (String(outcome.errors).trim() || String(outcome.output).trim() || 'no message');
      var error = new Error('arangosync ' + words + ' failed (exit code ' + outcome.exitCode + '): ' + message);
      error.exitCode = outcome.exitCode;
      error.output = String(outcome.output);
      error.result = result;
      throw error;
    }
    return result === null ? { output: String(outcome.output) } : result;
  }

  // The seed's commands, by name: [function name, command words, positional parameter names].
  var COMMANDS = [
    ['version', 'get version'],
    ['masters', 'get masters'],
    ['status', 'get status'],
    ['tasks', 'get tasks'],
    ['workers', 'get workers'],
    ['configureSync', 'configure sync'],
    ['stopSync', 'stop sync'],
    ['abortSync', 'abort sync'],
    ['abortOutgoingSync', 'abort outgoing sync'],
    ['setMessageTimeout', 'set message timeout', 'timeout'],
    ['resetFailedShard', 'reset failed shard'],
    ['checkSync', 'check sync'],
    ['createTlsCa', 'create tls ca'],
    ['createTlsKeyfile', 'create tls keyfile'],
    ['createTlsCertificate', 'create tls certificate'],
    ['createTlsKeystore', 'create tls keystore'],
    ['createClientAuthCa', 'create client-auth ca'],
    ['createClientAuthKeyfile', 'create client-auth keyfile'],
    ['createJwtSecret', 'create jwt-secret']
  ];

  function module(defaults) {
    var exported = {
      /** Waits a Go duration, e.g. arangosync.sleep('2s'). */
      sleep: function (duration) { host.sleep(String(duration)); },
      /**
       * Calls check() every {interval} (default 2s) until it returns a true value, which it returns; throws after
       * {timeout} (default 5m) with {what} in the message. Errors thrown by check() count as "not yet".
       */
      waitFor: function (what, check, options) {
        var interval = (options && options.interval) || '2s';
        var timeout = (options && options.timeout) || '5m';
        var deadline = Date.now() + host.millis(String(timeout));
        var last;
        while (true) {
          try {
            var value = check();
            if (value) {
              return value;
            }
          } catch (e) {
            last = e;
          }
          if (Date.now() >= deadline) {
            throw new Error('waited ' + timeout + ' for ' + what + ' in vain' + (last ? '; last error: ' + last.message : ''));
          }
          host.sleep(String(interval));
        }
      },
      /** A runbook's key=value arguments as an object with camelCase keys: ['target.endpoint=x'] is {targetEndpoint: 'x'}. */
      options: function (args, defaults) {
        var result = Object.assign({}, defaults);
        (args || []).forEach(function (argument) {
          var equals = String(argument).indexOf('=');
          if (equals <= 0) {
            throw new Error("argument '" + argument + "' is not key=value, e.g. target.endpoint=https://10.0.1.1:8629");
          }
          result[camelCase(argument.slice(0, equals))] = argument.slice(equals + 1);
        });
        return result;
      },
      /** Any command: arangosync.run('get status', {masterEndpoint: ...}). */
      run: function (words, options) { return run(String(words).trim(), options, defaults); },
      /** The same functions with these options as defaults (only where a command has them), e.g. one datacenter's masters. */
      datacenter: function (options) { return module(Object.assign({}, defaults, options)); }
    };
    COMMANDS.forEach(function (command) {
      var name = command[0], words = command[1], positional = command[2];
      exported[name] = positional === undefined
          ? function (options) { return run(words, options, defaults); }
          : function (value, options) {
              return run(words, Object.assign({}, options, { _: [value] }), defaults);
            };
    });
    return Object.freeze(exported);
  }

  return module({});
})
