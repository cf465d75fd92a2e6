#!/usr/bin/env bash
# The one command that installs everything and runs every test tier that runs on this machine:
#   bash scripts/test.sh            install (system packages, npm ci, code-server), build, typecheck, lint, unit,
#                                   integration, extension-host tests, Playwright scenarios in code-server and
#                                   the scaffolded services' acceptance tier
#   bash scripts/test.sh --no-install   skip the installs (quick local loop)
set -euo pipefail
cd "$(dirname "$0")/.."

install=1
for arg in "$@"; do
  case "$arg" in
    --no-install) install=0 ;;
    *) echo "usage: bash scripts/test.sh [--no-install]" >&2; exit 2 ;;
  esac
done

step() { printf '\n\033[1m== %s\033[0m\n' "$*"; }

if [ "$install" = 1 ]; then
  step "system packages"
  need=()
  command -v dbus-run-session >/dev/null || need+=(dbus)
  command -v gnome-keyring-daemon >/dev/null || need+=(gnome-keyring)
  command -v secret-tool >/dev/null || need+=(libsecret-tools)
  [ -e /usr/lib/x86_64-linux-gnu/libsecret-1.so.0 ] || [ -e /usr/lib/aarch64-linux-gnu/libsecret-1.so.0 ] || need+=(libsecret-1-0)
  command -v chromium >/dev/null || need+=(chromium)
  command -v xmllint >/dev/null || need+=(libxml2-utils)
  if [ "${#need[@]}" -gt 0 ]; then
    sudo=""; [ "$(id -u)" = 0 ] || sudo="sudo"
    $sudo apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq "${need[@]}" >/dev/null
  fi
  echo "ok: dbus, gnome-keyring, libsecret, chromium, xmllint"
  step "npm ci"
  npm ci --no-audit --no-fund --loglevel=error
  step "code-server (a real VS Code for the extension tests)"
  bash scripts/vscode/install-code-server.sh
  step "scaffold toolchains (redis-server, checkov, actionlint)"
  bash scripts/scaffold-tools.sh
fi

step "build"
npm run -s build
step "typecheck"
npx tsc -p . && npx tsc -p webview-ui
step "lint"
npx eslint . --max-warnings 0
step "unit tests"
npx mocha --config .mocharc.unit.json
step "integration tests (real SDKs over HTTP, a real Secret Service, the real local runtime)"
# The keychain test starts its own private D-Bus session with an unlocked GNOME Keyring.
npx mocha --config .mocharc.integration.json
step "extension-host tests in a real VS Code (code-server + Chromium)"
node --import tsx test/vscode/runInCodeServer.ts | { grep -v '^info ' || true; }
step "Playwright scenarios in a real VS Code (the packaged .vsix in code-server, screenshots in test-results/e2e)"
npx mocha --config .mocharc.e2e.json 'test/e2e/*.test.ts'
step "scaffolded services: generated, installed with their own toolchains, tested, loaded, faulted, shut down (test/scaffold)"
npx mocha --config .mocharc.scaffold.json
step "all tests passed"
