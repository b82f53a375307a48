#!/usr/bin/env bash
# Monthly link check -> one pull request. The logic of .github/workflows/links.yml, runnable
# locally; built like scripts/ci/fetch-pr.sh, with the steps in scripts/ci/pr-lib.sh.
#
# In a clean clone of the archive: rebuild the branch $BRANCH from $REMOTE/$BASE, run
# `newsarchive links` (dead links recorded on the pages, archived copies added), validate,
# commit, push the branch (never $BASE), then open the pull request or update the open one.
# The branch is rebuilt at every run, so the pull request always shows this month's findings
# against the current $BASE.
#
#   scripts/ci/links-pr.sh            # in the project folder, with .venv/bin on PATH
#
# Environment (all optional):
#   GH=gh                      GitHub CLI; a test substitutes a fake that records its arguments
#   BRANCH=links/dead-links    the one branch this script writes
#   BASE=main  REMOTE=origin   what the branch is rebuilt from, and where it is pushed
#   NEWSARCHIVE=newsarchive    the CLI;  PYTHON=python: an interpreter with newsarchive installed
#   LINKS_WAIT=600             seconds `links --wait` waits for another run's lock
#   LINKS_ARGS=                more arguments for `newsarchive links` (e.g. --no-archive)
#   LINKS_PR_CHECK=            an extra command run before pushing (the workflow: `make site`)
#   REPORT=, BODY_FILE=        where to keep the JSON report and the body (default: a temp dir)
#   LINKS_PR_DRY_RUN=0         1: commit locally and print the body, but push and call gh nothing
#   GH_TOKEN                   in GitHub Actions: used for gh, and for git over https through
#                              environment-only config (never written to .git/config)
#
# Exit status: 0 done (nothing to propose is done too); 1 the pages do not validate, a page
# could not be updated, or the check failed; 2 bad configuration; 3 another run holds the lock.
# As in fetch-pr.sh, the script is one function and pr-lib.sh is sourced before it runs, so
# checking out another commit cannot change either mid-run.

set -euo pipefail
# shellcheck source=SCRIPTDIR/pr-lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/pr-lib.sh" links-pr

main() {
  pr_start links/dead-links "${LINKS_PR_DRY_RUN:-0}"
  local python=${PYTHON:-python}
  local report=${REPORT:-$PR_TMP/links.json} body=${BODY_FILE:-$PR_TMP/pr-body.md}

  pr_rebuild_branch

  log "checking links"
  local rc=0
  local -a extra=()
  # shellcheck disable=SC2206  # word splitting of LINKS_ARGS is the point
  [[ -n "${LINKS_ARGS:-}" ]] && extra=($LINKS_ARGS)
  # Other people's servers answer here: the check gets no token.
  env -u GH_TOKEN -u GITHUB_TOKEN "$NEWSARCHIVE" links --root . --json \
    --wait "${LINKS_WAIT:-600}" "${extra[@]}" > "$report" || rc=$?
  case $rc in
    0) ;;
    1) die "some pages could not be read or updated (see above); nothing pushed" ;;
    2) die "bad configuration under feeds/ (see above)" 2 ;;
    3) die "another run holds the archive lock" 3 ;;
    *) die "newsarchive links failed with exit status $rc" "$rc" ;;
  esac
  local summary
  summary=$("$python" - "$report" <<'EOF'
import json, sys
r = json.load(open(sys.argv[1], encoding="utf-8"))
copies = len((r.get("archive") or {}).get("recorded") or [])
print(len(r["marked_dead"]), len(r["alive_again"]), copies, r["checked"])
EOF
  ) || die "the links report is not valid JSON: $report"
  local dead alive copies checked
  read -r dead alive copies checked <<< "$summary"
  log "$dead newly dead, $alive answering again, $copies archived copies added"

  pr_check "${LINKS_PR_CHECK:-}"

  git add -A -- docs/articles
  if git diff --cached --quiet "$REMOTE/$BASE"; then
    log "no page changed: nothing to propose"
    return 0
  fi
  "$python" -m newsarchive.links "$report" > "$body"
  pr_step_summary "$body"

  local title="Link check of $checked: $dead dead link(s), $copies archived copies"
  pr_propose "$title" "$body" \
    "links: $dead newly dead, $alive answering again, $copies archived copies" \
    "newsarchive links of $checked."
}

main "$@"
