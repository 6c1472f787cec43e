# Source this (`. .ci/use-node.sh`) to run disclose's commands under Node ≥ 22.13 in this shell.
# Where the machine's own Node is older (or missing), Node 24 comes from the npm registry (the `node`
# package ships the official binary) into .ci/node/ in the checkout, and goes first on PATH.
# Nothing outside the checkout changes; a later `. .ci/use-node.sh` reuses it.
disclose_root="$(cd "$(dirname "${BASH_SOURCE[0]:-$0}")/.." && pwd)"
disclose_node_ok() {
  node -e 'const [a, b] = process.versions.node.split(".").map(Number); process.exit(a > 22 || (a === 22 && b >= 13) ? 0 : 1)' 2>/dev/null
}
if ! disclose_node_ok; then
  if [ ! -x "$disclose_root/.ci/node/node_modules/.bin/node" ]; then
    echo "Node $(node --version 2>/dev/null || echo 'not found') is older than 22.13: installing Node 24 into .ci/node/" >&2
    npm install --no-save --no-package-lock --no-audit --no-fund --loglevel=error --prefix "$disclose_root/.ci/node" node@24 >&2
  fi
  export PATH="$disclose_root/.ci/node/node_modules/.bin:$PATH"
fi
echo "Node $(node --version)" >&2
unset -f disclose_node_ok
unset disclose_root
