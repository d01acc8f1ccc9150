#!/usr/bin/env bash
#
# Quickstart: two datacenters on this machine, synchronised. Builds arangosync, unpacks the Karaf
# distribution into ./quickstart/, makes the certificates and secrets with the tutorial's create
# commands, starts the embedded default twice (datacenter A and B: a mini cluster each), a sync
# master and a sync worker per datacenter (arangosync run master / run worker, each in a Karaf
# instance of its own), writes sample data into A, configures the synchronisation A -> B with the
# tutorial's `arangosync configure sync`, and shows the data arriving in B (`arangosync get status
# -v`). Finally it starts the main Karaf and shows the status from its shell. Everything keeps
# running; the last lines say how to reach it and how to stop it.
#
# Needs Java 17, Maven and curl. Run from anywhere: scripts/quickstart.sh
#
set -euo pipefail
cd "$(dirname "$0")/.."
root="$(pwd)"
export JAVA_HOME="${JAVA_HOME:-$(dirname "$(dirname "$(readlink -f "$(command -v java)")")")}"
command -v curl >/dev/null 2>&1 || { echo "the quickstart writes its sample data with curl; install it (apt-get install curl)"; exit 1; }

echo "==> building (tests skipped; 'mvn -B verify' runs them)"
mvn -B -q -DskipTests package

version="$(sed -n 's/^version=//p' bundles/org.arangosync.command/target/classes/org/arangosync/command/version.properties)"
home="${root}/quickstart/arangosync-karaf-${version}"
q="${root}/quickstart"
for pidfile in "${q}"/*.pid; do
  [ -f "${pidfile}" ] || continue
  pid="$(cat "${pidfile}")"
  if kill -0 "${pid}" 2>/dev/null; then
    echo "==> stopping the quickstart's $(basename "${pidfile}" .pid), still running from an earlier run"
    kill "${pid}" 2>/dev/null || true
    for _ in $(seq 1 60); do kill -0 "${pid}" 2>/dev/null || break; sleep 1; done
    kill -9 "${pid}" 2>/dev/null || true
  fi
done
if [ -x "${home}/bin/status" ] && "${home}/bin/status" >/dev/null 2>&1; then
  echo "==> stopping the quickstart distribution that is still running"
  "${home}/bin/stop"
  while "${home}/bin/status" >/dev/null 2>&1; do sleep 1; done
fi
rm -rf "${q}"
mkdir -p "${q}"
tar xzf "karaf-assembly/target/arangosync-karaf-${version}.tar.gz" -C "${q}"
arangosync="${home}/bin/arangosync"

echo "==> the standalone launcher"
"${arangosync}" --version

certs="${q}/certificates"
mkdir -p "${certs}"
echo "==> certificates and secrets, as the tutorial makes them"
"${arangosync}" create tls ca --cert="${certs}/tls-ca.crt" --key="${certs}/tls-ca.key"
"${arangosync}" create tls keyfile --cacert="${certs}/tls-ca.crt" --cakey="${certs}/tls-ca.key" \
  --keyfile="${certs}/tls.keyfile" --host=127.0.0.1
"${arangosync}" create client-auth ca --cert="${certs}/client-auth-ca.crt" --key="${certs}/client-auth-ca.key"
"${arangosync}" create client-auth keyfile --cacert="${certs}/client-auth-ca.crt" --cakey="${certs}/client-auth-ca.key" \
  --keyfile="${certs}/client-auth.keyfile" --host=127.0.0.1
for dc in a b; do
  "${arangosync}" create jwt-secret --secret="${certs}/cluster-${dc}.jwtsecret"
  "${arangosync}" create jwt-secret --secret="${certs}/master-${dc}.jwtsecret"
done

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }
wait_for() { # file text seconds
  for _ in $(seq 1 "$3"); do grep -q "$2" "$1" 2>/dev/null && return 0; sleep 1; done
  echo "!! no '$2' in $1 after $3 s; its end:"; tail -30 "$1"; exit 1
}

echo "==> the embedded default, twice: a mini cluster per datacenter (agent, coordinator, 2 DB-Servers)"
for dc in a b; do
  "${arangosync}" minicluster --port=0 --dbservers=2 --data-dir="${q}/cluster-${dc}" \
    --jwt-secret="${certs}/cluster-${dc}.jwtsecret" > "${q}/cluster-${dc}.log" 2>&1 &
  echo $! > "${q}/cluster-${dc}.pid"
done
for dc in a b; do
  wait_for "${q}/cluster-${dc}.log" 'Stop it with' 120
  echo "--- datacenter ${dc}:"; sed -n '1,6p' "${q}/cluster-${dc}.log"
done
cluster_a="$(sed -n 's/.*endpoint:[[:space:]]*http:\/\//tcp:\/\//p' "${q}/cluster-a.log" | head -1)"
cluster_b="$(sed -n 's/.*endpoint:[[:space:]]*http:\/\//tcp:\/\//p' "${q}/cluster-b.log" | head -1)"

echo "==> a sync master per datacenter (arangosync run master, as the tutorial's unit, with --mq.type=direct)"
for dc in a b; do
  port="$(free_port)"; echo "${port}" > "${q}/master-${dc}.port"
  cluster="${cluster_a}"; [ "${dc}" = b ] && cluster="${cluster_b}"
  "${arangosync}" run master --cluster.endpoint="${cluster}" --cluster.jwtSecret="${certs}/cluster-${dc}.jwtsecret" \
    --server.keyfile="${certs}/tls.keyfile" --server.client-cafile="${certs}/client-auth-ca.crt" \
    --server.endpoint="https://127.0.0.1:${port}" --server.port="${port}" --server.host=127.0.0.1 \
    --master.jwtSecret="${certs}/master-${dc}.jwtsecret" --mq.type=direct \
    --state.directory="${q}/master-${dc}" > "${q}/master-${dc}.log" 2>&1 &
  echo $! > "${q}/master-${dc}.pid"
done
for dc in a b; do wait_for "${q}/master-${dc}.log" 'Stop it with' 300; done
master_a="https://127.0.0.1:$(cat "${q}/master-a.port")"
master_b="https://127.0.0.1:$(cat "${q}/master-b.port")"

echo "==> a sync worker per datacenter (arangosync run worker, as the tutorial's unit)"
for dc in a b; do
  port="$(free_port)"
  master="${master_a}"; [ "${dc}" = b ] && master="${master_b}"
  "${arangosync}" run worker --server.endpoint="https://127.0.0.1:${port}" --server.port="${port}" --server.host=127.0.0.1 \
    --master.endpoint="${master}" --master.jwtSecret="${certs}/master-${dc}.jwtsecret" \
    --state.directory="${q}/worker-${dc}" > "${q}/worker-${dc}.log" 2>&1 &
  echo $! > "${q}/worker-${dc}.pid"
done
for dc in a b; do wait_for "${q}/worker-${dc}.log" 'Stop it with' 300; done
auth="--master.cacert=${certs}/tls-ca.crt --auth.user=root --auth.password="
# shellcheck disable=SC2086
"${arangosync}" get workers --master.endpoint="${master_a}" ${auth}

echo "==> sample data in datacenter A: database shop, collection orders (3 shards) with 10000 documents"
http_a="$(echo "${cluster_a}" | sed 's/^tcp:/http:/')"
http_b="$(echo "${cluster_b}" | sed 's/^tcp:/http:/')"
curl -sf -u root: "${http_a}/_api/database" -d '{"name":"shop"}' >/dev/null
curl -sf -u root: "${http_a}/_db/shop/_api/collection" -d '{"name":"orders","numberOfShards":3}' >/dev/null
curl -sf -u root: "${http_a}/_db/shop/_api/index?collection=orders" -d '{"type":"persistent","fields":["customer"]}' >/dev/null
python3 -c 'import json; print(json.dumps([{"_key": "o%d" % i, "customer": "c%d" % (i % 97), "total": i * 3} for i in range(10000)]))' \
  > "${q}/orders.json"
curl -sf -u root: "${http_a}/_db/shop/_api/document/orders" -d @"${q}/orders.json" >/dev/null

echo "==> arangosync configure sync (at the target B, from the source A)"
started=$(date +%s)
"${arangosync}" configure sync --master.endpoint="${master_b}" --master.keyfile="${certs}/client-auth.keyfile" \
  --source.endpoint="${master_a}" --source.cacert="${certs}/tls-ca.crt" \
  --master.cacert="${certs}/tls-ca.crt" --auth.user=root --auth.password=
for _ in $(seq 1 300); do
  # shellcheck disable=SC2086
  "${arangosync}" get status --master.endpoint="${master_b}" ${auth} 2>/dev/null | grep -q '^Status:[[:space:]]*running' && break
  sleep 1
done
echo "    all shards running after $(( $(date +%s) - started )) s"
echo "==> arangosync get status -v at B (the target)"
# shellcheck disable=SC2086
"${arangosync}" get status --master.endpoint="${master_b}" ${auth} -v
echo "==> arangosync get status at A (the source)"
# shellcheck disable=SC2086
"${arangosync}" get status --master.endpoint="${master_a}" ${auth}
count() { curl -sf -u root: "$1/_db/shop/_api/collection/orders/count" | sed 's/.*"count":\([0-9]*\).*/\1/'; }
echo "==> documents in shop/orders: A $(count "${http_a}"), B $(count "${http_b}")"
echo "==> 500 more written to A"
python3 -c 'import json; print(json.dumps([{"_key": "n%d" % i, "customer": "new", "total": i} for i in range(500)]))' > "${q}/more.json"
curl -sf -u root: "${http_a}/_db/shop/_api/document/orders" -d @"${q}/more.json" >/dev/null
for _ in $(seq 1 60); do [ "$(count "${http_b}")" = "$(count "${http_a}")" ] && break; sleep 1; done
echo "    documents in shop/orders: A $(count "${http_a}"), B $(count "${http_b}")"

echo "==> starting the main Karaf and asking it for B's status (arangosync:get-status)"
"${home}/bin/start"
for _ in $(seq 1 120); do
  if echo 'arangosync:get-status --help' | "${home}/bin/client" -b 2>/dev/null | grep -q 'Usage: arangosync get status'; then
    break
  fi
  sleep 1
done
echo "arangosync:get-status --master.endpoint=${master_b} ${auth}" | "${home}/bin/client" -b || true

cat <<TXT

arangosync is running in ${q}
  datacenter A:  cluster ${http_a}, master ${master_a}, worker log quickstart/worker-a.log
  datacenter B:  cluster ${http_b}, master ${master_b}, worker log quickstart/worker-b.log
  status:        ${arangosync} get status --master.endpoint=${master_b} ${auth} -v
  console:       ${home}/bin/client            (user admin, password in ${home}/etc/admin.password)
  stop:          ${home}/bin/stop; kill \$(cat ${q}/*.pid)
TXT
