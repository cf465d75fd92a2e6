#!/usr/bin/env bash
# Toolchains of the scaffold acceptance tier (test/scaffold), all from package registries:
# redis-server (apt) for the two-replica test, checkov (PyPI, in a venv under .cache/) and actionlint
# (Go module proxy, into .cache/bin) for the offline static checks of the generated projects.
set -euo pipefail
cd "$(dirname "$0")/.."

CHECKOV_VERSION=3.3.30
ACTIONLINT_VERSION=v1.7.12

need=()
command -v redis-server >/dev/null || need+=(redis-server)
command -v python3 >/dev/null || need+=(python3)
python3 -c 'import ensurepip' 2>/dev/null || need+=(python3-venv)
if [ ! -x .cache/bin/actionlint ] && ! command -v go >/dev/null; then need+=(golang-go); fi
if [ "${#need[@]}" -gt 0 ]; then
  sudo=""; [ "$(id -u)" = 0 ] || sudo="sudo"
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq "${need[@]}" >/dev/null
fi

mkdir -p .cache
if ! .cache/scaffold-venv/bin/checkov --version 2>/dev/null | grep -qx "$CHECKOV_VERSION"; then
  python3 -m venv .cache/scaffold-venv
  .cache/scaffold-venv/bin/pip install -q --disable-pip-version-check "checkov==$CHECKOV_VERSION"
fi
if [ ! -x .cache/bin/actionlint ]; then
  GOBIN="$PWD/.cache/bin" go install "github.com/rhysd/actionlint/cmd/actionlint@$ACTIONLINT_VERSION"
fi
echo "ok: redis-server, checkov $CHECKOV_VERSION, actionlint $ACTIONLINT_VERSION"
