#!/usr/bin/env bash
# Runs the whole test suite. The tests start real servers (dnsmasq, Redis, PostgreSQL, Prometheus, kubectl
# as a client, network namespaces through iproute2); whatever of those is missing is installed
# first when running as root, otherwise the script says what to install and stops.
set -euo pipefail
cd "$(dirname "$0")/.."

missing=()
have() { command -v "$1" >/dev/null 2>&1; }
have dnsmasq || missing+=(dnsmasq-base)
have redis-server || missing+=(redis-server)
have ip || missing+=(iproute2)
# A real Prometheus scrapes the worker, and promtool checks what it serves; both are in one package.
{ have prometheus && have promtool; } || missing+=(prometheus)
# The config schema is checked by an independent validator, Debian's python3-jsonschema.
python3 -c 'import jsonschema, yaml' >/dev/null 2>&1 || missing+=(python3-jsonschema python3-yaml)
if ! have initdb && ! compgen -G "/usr/lib/postgresql/*/bin/initdb" >/dev/null; then
  missing+=(postgresql)
fi

need_kubectl=0
have kubectl || need_kubectl=1

if ((${#missing[@]} || need_kubectl)); then
  if [ "$(id -u)" != 0 ]; then
    ((need_kubectl)) && missing+=(kubectl)
    echo "the tests need these Debian packages: ${missing[*]}" >&2
    echo "install them with: sudo apt-get install -y ${missing[*]}" >&2
    exit 1
  fi
  echo "installing test dependencies: ${missing[*]}$( ((need_kubectl)) && echo ' kubectl')" >&2
  apt-get update -qq
  if ((${#missing[@]})); then
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null
  fi
  # kubectl comes from the Kubernetes package repository where one is configured, else from
  # Debian's own (older) kubernetes-client package.
  if ((need_kubectl)); then
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq kubectl >/dev/null 2>&1 ||
      DEBIAN_FRONTEND=noninteractive apt-get install -y -qq kubernetes-client >/dev/null
  fi
fi

log=$(mktemp)
trap 'rm -f "$log"' EXIT
status=0
dotnet test ExternalEndpointSync.sln -c Release --nologo 2>&1 | tee "$log" || status=$?

# One plain closing line over every test assembly, for people and for CI.
awk '
  /(Passed|Failed)!/ {
    for (i = 1; i <= NF; i++) {
      if ($i == "Failed:") failed += $(i + 1) + 0
      if ($i == "Passed:") passed += $(i + 1) + 0
      if ($i == "Skipped:") skipped += $(i + 1) + 0
    }
  }
  END { printf "%d passed, %d failed, %d skipped\n", passed, failed, skipped }
' "$log"
exit "$status"
