#!/usr/bin/env bash
#
# Quickstart: build arangosync, unpack the Karaf distribution into ./quickstart/, start it, and run
# an arangosync command both ways (standalone launcher and Karaf shell). Karaf keeps running
# afterwards; the last lines say how to reach its console and how to stop it.
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
if [ -f "${root}/quickstart/minicluster.pid" ]; then
  echo "==> stopping the quickstart mini cluster that is still running"
  pid="$(cat "${root}/quickstart/minicluster.pid")"
  kill "${pid}" 2>/dev/null || true
  while kill -0 "${pid}" 2>/dev/null; do sleep 1; done
fi
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

echo "==> the embedded default: a mini cluster (agent, coordinator, 2 DB-Servers) on free ports"
"${home}/bin/arangosync" minicluster --port=0 --dbservers=2 --data-dir="${root}/quickstart/minicluster" \
  > "${root}/quickstart/minicluster.log" 2>&1 &
echo $! > "${root}/quickstart/minicluster.pid"
for _ in $(seq 1 60); do
  grep -q 'Stop it with' "${root}/quickstart/minicluster.log" && break
  sleep 1
done
sed -n '1,8p' "${root}/quickstart/minicluster.log"

echo "==> starting Karaf"
"${home}/bin/start"
for _ in $(seq 1 120); do
  if echo 'arangosync:get-version --help' | "${home}/bin/client" -b 2>/dev/null | grep -q 'Usage: arangosync get version'; then
    break
  fi
  sleep 1
done

echo "==> arangosync:get-version in the Karaf shell, against a master that does not exist"
echo 'arangosync:get-version --master.endpoint=https://127.0.0.1:1' | "${home}/bin/client" -b || true

cat <<TXT

arangosync is running in ${home}
  console:       ${home}/bin/client            (user admin, password in ${home}/etc/admin.password)
  launcher:      ${home}/bin/arangosync --help
  mini cluster:  see the endpoints above (user root, empty password); log in quickstart/minicluster.log
  stop:          ${home}/bin/stop; kill \$(cat ${root}/quickstart/minicluster.pid)
TXT
