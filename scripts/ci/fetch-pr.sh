#!/usr/bin/env bash
# Scheduled fetch -> one pull request. The logic of .github/workflows/fetch.yml, runnable locally.
#
# In a clean clone of the archive: rebuild the branch $BRANCH from $REMOTE/$BASE, carry over
# what the open pull request already proposes, run `newsarchive fetch`, validate, commit, push
# the branch (never $BASE), then open the pull request or update the open one.
#
#   scripts/ci/fetch-pr.sh            # in the project folder, with .venv/bin on PATH
#
# Environment (all optional):
#   GH=gh                      GitHub CLI; a test substitutes a fake that records its arguments
#   BRANCH=fetch/new-coverage  the one branch this script writes
#   BASE=main  REMOTE=origin   what the branch is rebuilt from, and where it is pushed
#   NEWSARCHIVE=newsarchive    the CLI;  PYTHON=python: an interpreter with newsarchive installed
#   FETCH_WAIT=600             seconds `fetch --wait` waits for another run's lock
#   FETCH_PR_CHECK=            an extra command run before pushing (the workflow: `make site`)
#   REPORT=, BODY_FILE=        where to keep the JSON report and the body (default: a temp dir)
#   STATE_ONLY_PR=0            1: open a pull request even when only feeds/state.json changed
#   FETCH_PR_DRY_RUN=0         1: commit locally and print the body, but push and call gh nothing
#   GH_TOKEN                   in GitHub Actions: used for gh, and for git over https through
#                              environment-only config (never written to .git/config)
#
# Exit status: 0 done (failed feeds are listed in the pull request); 1 every feed failed, or the
# pages do not validate, or the check failed; 2 bad configuration; 3 another fetch holds the lock.
# The whole script is one function, and scripts/ci/pr-lib.sh (the steps it shares with
# links-pr.sh) is sourced before it runs, so checking out another commit cannot change either
# mid-run.

set -euo pipefail
# shellcheck source=SCRIPTDIR/pr-lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/pr-lib.sh" fetch-pr

# Re-apply on the new base what the open pull request changed in pages and in rejected.yml
# (new pages, a maintainer's edits), and start from its feeds/state.json: what the earlier runs
# learned (validators, failing feeds' backoff, resolved and pending Google News links) is not
# on $BASE until the pull request is merged, and this run updates it.
carry_over() {
  local old=$1 tmp=$2 base
  git_remote fetch -q --no-tags "$REMOTE" "+refs/heads/$BRANCH:refs/remotes/$REMOTE/$BRANCH"
  base=$(git merge-base "$old" "$REMOTE/$BASE") || { log "no common history with $BASE"; return; }
  if git cat-file -e "$old:feeds/state.json" 2>/dev/null; then
    git show "$old:feeds/state.json" > feeds/state.json
  fi
  git diff --binary "$base" "$old" -- docs/articles feeds/rejected.yml > "$tmp/carry.patch"
  [[ -s "$tmp/carry.patch" ]] || return 0
  if git apply --3way --index "$tmp/carry.patch" 2>"$tmp/apply.log"; then
    log "kept the changes of the open pull request"
    return
  fi
  # main changed the same lines: keep at least every page the pull request added.
  log "warning: the open pull request's changes do not apply to $BASE; keeping its new pages only"
  sed 's/^/  /' "$tmp/apply.log" >&2
  git reset -q --hard "$REMOTE/$BASE"
  local page
  while IFS= read -r page; do
    [[ -e "$page" ]] || git checkout "$old" -- "$page"
  done < <(git diff --name-only --diff-filter=A "$base" "$old" -- docs/articles)
}

main() {
  pr_start fetch/new-coverage "${FETCH_PR_DRY_RUN:-0}"
  local python=${PYTHON:-python} tmp=$PR_TMP
  local report=${REPORT:-$tmp/report.json} body=${BODY_FILE:-$tmp/pr-body.md}

  pr_rebuild_branch
  if [[ -n "$PR_NUMBER" && -n "$PR_OLD" ]]; then
    carry_over "$PR_OLD" "$tmp"
  fi

  log "fetching"
  local rc=0
  # Feeds are untrusted input: the fetch gets no token.
  env -u GH_TOKEN -u GITHUB_TOKEN "$NEWSARCHIVE" fetch --root . --json \
    --wait "${FETCH_WAIT:-600}" > "$report" || rc=$?
  case $rc in
    0 | 1) ;;  # 1: some feeds failed; the pull request lists them
    2) die "bad configuration under feeds/ (see above)" 2 ;;
    3) die "another fetch holds the archive lock" 3 ;;
    *) die "newsarchive fetch failed with exit status $rc" "$rc" ;;
  esac
  local summary
  summary=$("$python" - "$report" <<'EOF'
import json, sys
r = json.load(open(sys.argv[1], encoding="utf-8"))
feeds = r["feeds"]
failed = sum(f["status"] in ("error", "gone") for f in feeds)
print(r["written"], failed, len(feeds), r["started"])
EOF
  ) || die "the fetch report is not valid JSON: $report"
  local written failed total started
  read -r written failed total started <<< "$summary"
  log "wrote $written page(s); $failed of $total feed(s) failed"

  pr_check "${FETCH_PR_CHECK:-}"

  git add -A -- docs/articles feeds/state.json
  git diff --cached --name-only --diff-filter=A "$REMOTE/$BASE" -- docs/articles \
    > "$tmp/pages.txt"
  local pages updated
  pages=$(wc -l < "$tmp/pages.txt" | tr -d ' ')
  # Pages written earlier with a Google News link whose publisher address this run found.
  updated=$(git diff --cached --name-only --diff-filter=M "$REMOTE/$BASE" -- docs/articles \
    | wc -l | tr -d ' ')
  local all_failed=0
  [[ "$total" -gt 0 && "$failed" -eq "$total" ]] && all_failed=1

  "$python" -m newsarchive.pr_body "$report" --root . --pages-file "$tmp/pages.txt" > "$body"
  pr_step_summary "$body"

  if git diff --cached --quiet "$REMOTE/$BASE"; then
    log "nothing new to propose"
    return "$all_failed"
  fi
  if [[ "$pages" -eq 0 && "$updated" -eq 0 && -z "$PR_NUMBER" && "${STATE_ONLY_PR:-0}" != 1 ]]
  then
    # state.json records when each feed was checked, so it changes at every run.
    log "only feeds/state.json changed and no pull request is open: nothing proposed"
    return "$all_failed"
  fi

  local title="Archive $pages new articles from the scheduled fetch"
  [[ "$pages" -eq 1 ]] && title="Archive 1 new article from the scheduled fetch"
  [[ "$pages" -eq 0 ]] && title="Update the feed state from the scheduled fetch"
  [[ "$pages" -eq 0 && "$updated" -gt 0 ]] &&
    title="Add the publisher's address to $updated archived page(s) from the scheduled fetch"
  pr_propose "$title" "$body" "fetch: $written new page(s), $failed failed feed(s)" \
    "newsarchive fetch started at $started; $pages page(s) in this pull request."
  return "$all_failed"
}

main "$@"
