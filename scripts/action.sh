#!/usr/bin/env bash
# The script behind action.yml (and the GitLab job in docs/check.md): builds ifacelens once, runs
# `ifacelens check` once, with annotations (GitHub workflow commands) on stdout, the Markdown
# summary in $GITHUB_STEP_SUMMARY when there is one, and SARIF when asked. Exit status: check's
# (0 clean, 1 a budget or the baseline violated, 2 bad input).
set -euo pipefail
here="${GITHUB_ACTION_PATH:-$(cd "$(dirname "$0")/.." && pwd)}"
if [ ! -f "$here/dist/cli/main.js" ]; then
  (cd "$here" && npm ci --no-audit --no-fund >&2 && npx tsc -p tsconfig.json >&2)
fi
cd "${INPUT_WORKING_DIRECTORY:-.}"
args=(check --format github)
[ -n "${INPUT_BASELINE:-}" ] && args+=(--baseline "$INPUT_BASELINE")
[ -n "${INPUT_AGAINST:-}" ] && args+=(--against "$INPUT_AGAINST")
[ -n "${GITHUB_STEP_SUMMARY:-}" ] && args+=(--report "markdown=$GITHUB_STEP_SUMMARY")
[ -n "${INPUT_SARIF:-}" ] && args+=(--report "sarif=$INPUT_SARIF")
# shellcheck disable=SC2206 # word splitting of the extra arguments and patterns is wanted
[ -n "${INPUT_ARGS:-}" ] && args+=($INPUT_ARGS)
# shellcheck disable=SC2206
args+=(${INPUT_PATTERNS:-./...})
exec node "$here/bin/ifacelens.js" "${args[@]}"
