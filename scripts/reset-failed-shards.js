// reset-failed-shards.js: restart the synchronisation of every failed shard of the target.
//
// When: `arangosync get status -v` shows shards in status `failed` (e.g. after an oversized
// document or a long outage) and the cause is gone. Resets each failed shard (the seed's
// `arangosync reset failed shard`), then waits until no shard is failed any more.
//
// Usage:
//   arangosync script scripts/reset-failed-shards.js target.endpoint=https://<target master>:8629 \
//     cacert=tls-ca.crt auth.user=root auth.password=<password> [wait=10m]
var arangosync = require('arangosync');
var options = arangosync.options(ARGUMENTS, { wait: '10m' });
if (!options.targetEndpoint) {
  throw new Error('give target.endpoint=<the target datacenter\'s sync masters>, see the usage at the top of reset-failed-shards.js');
}
var target = arangosync.datacenter({ masterEndpoint: options.targetEndpoint, masterCacert: options.cacert,
  authUser: options.authUser, authPassword: options.authPassword, authKeyfile: options.authKeyfile });

function failedShards() {
  return (target.status({ verbose: true }).shards || []).filter(function (shard) { return shard.status === 'failed'; });
}

var failed = failedShards();
if (failed.length === 0) {
  print('No shard is failed.');
} else {
  failed.forEach(function (shard) {
    target.resetFailedShard({ database: shard.database, collection: shard.collection, shard: shard.shardIndex });
    print('reset ' + shard.database + '/' + shard.collection + '/' + shard.shardIndex + ' (' + shard.status_message + ')');
  });
  arangosync.waitFor('every reset shard to leave the failed status', function () { return failedShards().length === 0; },
    { timeout: options.wait, interval: '5s' });
  print(failed.length + ' shard(s) reset; none is failed now. They reach `running` after their synchronisation.');
}
