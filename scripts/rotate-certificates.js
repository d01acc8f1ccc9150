// rotate-certificates.js: renew the TLS keyfiles of a datacenter's sync masters before they expire.
//
// When: `arangosync_master_certificate_expiry_days` (see the Grafana overview) falls below your
// margin, or the CA changed. Writes a new keyfile for each master (signed by the given TLS CA,
// for the host names given), one at a time: a master's HTTPS server reloads its --server.keyfile
// within its keyfile check interval (10s) without a restart, so after each file the runbook waits
// until the datacenter answers again and its synchronisation still runs before it renews the next.
// Workers get their certificates from the masters and renew them themselves. A new client CA
// (--server.client-cafile) is read at start only: restart the masters one at a time then.
//
// Usage:
//   arangosync script scripts/rotate-certificates.js masters.endpoint=https://<master>:8629 \
//     cacert=tls-ca.crt cakey=tls-ca.key keyfiles=/etc/arangosync/m1.keyfile,/etc/arangosync/m2.keyfile \
//     hosts=m1.example.com,m2.example.com auth.user=root auth.password=<password> [validfor=8760h]
var arangosync = require('arangosync');
var options = arangosync.options(ARGUMENTS);
['mastersEndpoint', 'cacert', 'cakey', 'keyfiles', 'hosts'].forEach(function (key) {
  if (!options[key]) {
    throw new Error('missing ' + key.replace(/[A-Z]/g, function (c) { return '.' + c.toLowerCase(); })
        + '=..., see the usage at the top of rotate-certificates.js');
  }
});
var keyfiles = options.keyfiles.split(',');
var hosts = options.hosts.split(',');
if (keyfiles.length !== hosts.length) {
  throw new Error('give one host per keyfile: ' + keyfiles.length + ' keyfiles, ' + hosts.length + ' hosts');
}
var masters = arangosync.datacenter({ masterEndpoint: options.mastersEndpoint, masterCacert: options.cacert,
  authUser: options.authUser, authPassword: options.authPassword, authKeyfile: options.authKeyfile });
var statusBefore = masters.status().status;

keyfiles.forEach(function (keyfile, index) {
  arangosync.createTlsKeyfile({ cacert: options.cacert, cakey: options.cakey, keyfile: keyfile,
    host: hosts[index], validfor: options.validfor });
  print('renewed ' + keyfile + ' for ' + hosts[index]);
  arangosync.waitFor('the masters to answer with the new keyfile in place', function () {
    return masters.status().status === statusBefore;
  }, { timeout: '2m', interval: '5s' });
});
print('Every keyfile is renewed; the masters serve the new certificates within their keyfile check interval.');
