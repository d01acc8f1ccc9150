// planned-outage.js: a planned network outage between the datacenters (or maintenance of one).
//
// When: before a maintenance window during which the datacenters cannot talk. Raises the message
// timeout on both datacenters so that shards do not go `failed` and resynchronise while the link is
// down ("begin"), and sets it back afterwards ("end"). Without the raise, a shard that hears
// nothing for the message timeout (1h by default) starts a full comparison once the link is back.
//
// Usage:
//   arangosync script scripts/planned-outage.js phase=begin timeout=24h \
//     source.endpoint=https://<source master>:8629 target.endpoint=https://<target master>:8629 \
//     cacert=tls-ca.crt auth.user=root auth.password=<password>
//   ... phase=end timeout=1h ...            (1h is ArangoSync's default)
var arangosync = require('arangosync');
var options = arangosync.options(ARGUMENTS);
if (options.phase !== 'begin' && options.phase !== 'end') {
  throw new Error('give phase=begin (before the outage) or phase=end (after it), see the usage at the top of planned-outage.js');
}
if (!options.timeout) {
  throw new Error('give timeout=<duration>: longer than the outage for phase=begin (e.g. 24h), the usual one for phase=end (e.g. 1h)');
}
['source', 'target'].forEach(function (side) {
  var endpoint = options[side + 'Endpoint'];
  if (!endpoint) {
    throw new Error('give ' + side + '.endpoint=<the ' + side + ' datacenter\'s sync masters>');
  }
  var masters = arangosync.datacenter({ masterEndpoint: endpoint, masterCacert: options.cacert, authUser: options.authUser,
    authPassword: options.authPassword, authKeyfile: options.authKeyfile });
  masters.setMessageTimeout(options.timeout);
  print(side + ' datacenter (' + endpoint + '): message timeout ' + options.timeout);
});
print(options.phase === 'begin'
  ? 'Ready for the outage. Afterwards: phase=end timeout=1h (or your usual timeout), then check with get status -v.'
  : 'Message timeouts restored. Shards that failed meanwhile: scripts/reset-failed-shards.js.');
