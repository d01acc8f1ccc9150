#!/usr/bin/env bash
#
# Quickstart: build arangosync, unpack the Karaf distribution into ./quickstart/, start the embedded
# default (a mini cluster) with a sync master of its datacenter, start Karaf, and run arangosync
# commands both ways (standalone launcher and Karaf shell). Everything keeps running afterwards;
# the last lines say how to reach it and how to stop it.
#
# Needs Java 17 and Maven. Run from anywhere: scripts/quickstart.sh
#
set -euo pipefail
cd "$(dirname "$0")/.."
root="$(pwd)"
export JAVA_HOME="${JAVA_HOME:-$(dirname "$(dirname "$(readlink -f "$(command -v java)")")")}"

echo "==> building (tests skipped; 'mvn -B verify' runs them)"
mvn -B -q -DskipTests package

version="$(sed -n 's/^version=//p' bundles/org.arangosync.command/target/classes/org/arangosync/command/version.properties)"
home="${root}/quickstart/arangosync-karaf-${version}"
for process in master minicluster; do
  if [ -f "${root}/quickstart/${process}.pid" ]; then
    echo "==> stopping the quickstart ${process} that is still running"
    pid="$(cat "${root}/quickstart/${process}.pid")"
    kill "${pid}" 2>/dev/null || true
    while kill -0 "${pid}" 2>/dev/null; do sleep 1; done
  fi
done
if [ -x "${home}/bin/status" ] && "${home}/bin/status" >/dev/null 2>&1; then
  echo "==> stopping the quickstart distribution that is still running"
  "${home}/bin/stop"
  while "${home}/bin/status" >/dev/null 2>&1; do sleep 1; done
fi
rm -rf "${root}/quickstart"
mkdir -p "${root}/quickstart"
tar xzf "karaf-assembly/target/arangosync-karaf-${version}.tar.gz" -C "${root}/quickstart"

echo "==> the standalone launcher"
"${home}/bin/arangosync" --version

certs="${root}/quickstart/certificates"
mkdir -p "${certs}"
echo "==> certificates and secrets, as the tutorial makes them"
"${home}/bin/arangosync" create tls ca --cert="${certs}/tls-ca.crt" --key="${certs}/tls-ca.key"
"${home}/bin/arangosync" create tls keyfile --cacert="${certs}/tls-ca.crt" --cakey="${certs}/tls-ca.key" \
  --keyfile="${certs}/tls.keyfile" --host=127.0.0.1
"${home}/bin/arangosync" create jwt-secret --secret="${certs}/cluster.jwtsecret"
"${home}/bin/arangosync" create jwt-secret --secret="${certs}/master.jwtsecret"

echo "==> the embedded default: a mini cluster (agent, coordinator, 2 DB-Servers) on free ports"
"${home}/bin/arangosync" minicluster --port=0 --dbservers=2 --data-dir="${root}/quickstart/minicluster" \
  --jwt-secret="${certs}/cluster.jwtsecret" > "${root}/quickstart/minicluster.log" 2>&1 &
echo $! > "${root}/quickstart/minicluster.pid"
for _ in $(seq 1 60); do
  grep -q 'Stop it with' "${root}/quickstart/minicluster.log" && break
  sleep 1
done
sed -n '1,8p' "${root}/quickstart/minicluster.log"
cluster="$(sed -n 's/.*endpoint:[[:space:]]*http:\/\//tcp:\/\//p' "${root}/quickstart/minicluster.log" | head -1)"

master_port="$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])' 2>/dev/null || echo 18629)"
echo "==> a sync master of this datacenter (arangosync run master, in a Karaf instance of its own) on port ${master_port}"
"${home}/bin/arangosync" run master --cluster.endpoint="${cluster}" --cluster.jwtSecret="${certs}/cluster.jwtsecret" \
  --server.keyfile="${certs}/tls.keyfile" --server.endpoint="https://127.0.0.1:${master_port}" --server.port="${master_port}" \
  --server.host=127.0.0.1 --master.jwtSecret="${certs}/master.jwtsecret" --mq.type=direct \
  --state.directory="${root}/quickstart/master" > "${root}/quickstart/master.log" 2>&1 &
echo $! > "${root}/quickstart/master.pid"
for _ in $(seq 1 120); do
  grep -q 'Stop it with' "${root}/quickstart/master.log" && break
  sleep 1
done
sed -n '/Sync master is ready/,/Stop it with/p' "${root}/quickstart/master.log"
master_flags="--master.endpoint=https://127.0.0.1:${master_port} --master.cacert=${certs}/tls-ca.crt --auth.user=root --auth.password="
for _ in $(seq 1 30); do
  # shellcheck disable=SC2086
  "${home}/bin/arangosync" get masters ${master_flags} 2>/dev/null | grep -q ' yes$' && break
  sleep 1
done
echo "==> arangosync get masters (the master has elected itself leader in the cluster's agency)"
# shellcheck disable=SC2086
"${home}/bin/arangosync" get masters ${master_flags}

echo "==> starting Karaf"
"${home}/bin/start"
for _ in $(seq 1 120); do
  if echo 'arangosync:get-version --help' | "${home}/bin/client" -b 2>/dev/null | grep -q 'Usage: arangosync get version'; then
    break
  fi
  sleep 1
done

echo "==> arangosync:get-version in the Karaf shell, against the sync master"
echo "arangosync:get-version ${master_flags}" | "${home}/bin/client" -b || true

cat <<TXT

arangosync is running in ${home}
  console:       ${home}/bin/client            (user admin, password in ${home}/etc/admin.password)
  launcher:      ${home}/bin/arangosync --help
  mini cluster:  see the endpoints above (user root, empty password); log in quickstart/minicluster.log
  sync master:   https://127.0.0.1:${master_port} (its Karaf in quickstart/master); log in quickstart/master.log
                 ${home}/bin/arangosync get masters ${master_flags}
  stop:          ${home}/bin/stop; kill \$(cat ${root}/quickstart/master.pid) \$(cat ${root}/quickstart/minicluster.pid)
TXT
