// reverse-direction.js: make the current target the source and the current source the target.
//
// When: after a planned switch of the active datacenter (and after failover.js, once the old
// source is back). Stops the synchronisation with a barrier (the target has everything the source
// acknowledged), checks that both sides are inactive, then configures the synchronisation the other
// way round and waits until it runs.
//
// Usage:
//   arangosync script scripts/reverse-direction.js \
//     source.endpoint=https://<current source master>:8629 target.endpoint=https://<current target master>:8629 \
//     cacert=tls-ca.crt client.keyfile=client-auth.keyfile auth.user=root auth.password=<password> [wait=30m]
// (cacert: the TLS CA of both datacenters' masters; client.keyfile: the client authentication
// keyfile the new target presents to the new source, as for `configure sync --master.keyfile`.)
var arangosync = require('arangosync');
var options = arangosync.options(ARGUMENTS, { wait: '30m' });
['sourceEndpoint', 'targetEndpoint', 'clientKeyfile', 'cacert'].forEach(function (key) {
  if (!options[key]) {
    throw new Error('missing ' + key.replace(/[A-Z]/g, function (c) { return '.' + c.toLowerCase(); })
        + '=..., see the usage at the top of reverse-direction.js');
  }
});
function datacenter(endpoint) {
  return arangosync.datacenter({ masterEndpoint: endpoint, masterCacert: options.cacert, authUser: options.authUser,
    authPassword: options.authPassword, authKeyfile: options.authKeyfile });
}
var oldSource = datacenter(options.sourceEndpoint);
var oldTarget = datacenter(options.targetEndpoint);

if (oldTarget.status().status !== 'inactive') {
  oldTarget.stopSync({ waitTimeout: options.wait });
  print('Stopped ' + options.sourceEndpoint + ' -> ' + options.targetEndpoint + ' with everything in sync.');
}
arangosync.waitFor('both datacenters to be inactive', function () {
  var source = oldSource.status();
  return oldTarget.status().status === 'inactive' && source.status === 'inactive' && (source.outgoing || []).length === 0;
}, { timeout: '5m' });

oldSource.configureSync({ masterKeyfile: options.clientKeyfile, sourceEndpoint: options.targetEndpoint,
  sourceCacert: options.cacert });
print('Configured ' + options.targetEndpoint + ' -> ' + options.sourceEndpoint + '; waiting for every shard to run.');
arangosync.waitFor('the reversed synchronisation to run', function () { return oldSource.status().status === 'running'; },
  { timeout: options.wait, interval: '5s' });
print('The synchronisation runs the other way round now.');
