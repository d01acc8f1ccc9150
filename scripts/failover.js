// failover.js: the source datacenter is down (or must be given up); make the target datacenter
// independent so that applications can use it.
//
// When: the seed's "source datacenter down" case. First tries `stop sync` (waits until the target
// has everything the source acknowledged, needs the source to answer); when the source does not
// answer, `abort sync` (the target keeps what it has; the source's side is cleaned up later with
// `abort outgoing sync`). Then checks that the target is inactive and prints what to switch.
//
// Usage:
//   arangosync script scripts/failover.js target.endpoint=https://<target master>:8629 \
//     cacert=tls-ca.crt auth.user=root auth.password=<password> [stop.timeout=2m]
var arangosync = require('arangosync');
var options = arangosync.options(ARGUMENTS, { stopTimeout: '2m' });
if (!options.targetEndpoint) {
  throw new Error('give target.endpoint=<the target datacenter\'s sync masters>, see the usage at the top of failover.js');
}
var target = arangosync.datacenter({
  masterEndpoint: options.targetEndpoint, masterCacert: options.cacert,
  authUser: options.authUser, authPassword: options.authPassword, authKeyfile: options.authKeyfile
});

var before = target.status();
if (before.status === 'inactive') {
  print('The target datacenter does not synchronise from anywhere: nothing to fail over.');
} else {
  print('The target synchronises from ' + JSON.stringify(before.source) + ' (status ' + before.status + ').');
  try {
    target.stopSync({ waitTimeout: options.stopTimeout });
    print('Stopped: the target has everything the source acknowledged.');
  } catch (stopFailure) {
    print('stop sync did not succeed (' + stopFailure.message.split('\n')[0] + ');');
    print('aborting instead: the target keeps what it has, the source may hold changes the target never saw.');
    target.abortSync({ waitTimeout: options.stopTimeout });
    print('Aborted.');
  }
}

arangosync.waitFor('the target to be inactive', function () { return target.status().status === 'inactive'; },
  { timeout: '2m' });
print('');
print('The target datacenter is independent now. Switch over:');
print('  1. point applications (and load balancers, DNS) at the target datacenter\'s coordinators;');
print('  2. once the old source is back, clean it up with');
print('       arangosync abort outgoing sync --master.endpoint=<old source masters> ...');
print('     and, to synchronise the other way, run scripts/reverse-direction.js.');
