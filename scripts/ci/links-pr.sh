#!/usr/bin/env bash
# Monthly link check -> one pull request. The logic of .github/workflows/links.yml, runnable
# locally; built like scripts/ci/fetch-pr.sh.
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

set -euo pipefail

log() { printf 'links-pr: %s\n' "$*" >&2; }
die() { log "error: $1"; exit "${2:-1}"; }

git_remote() {
  if [[ "${GITHUB_ACTIONS:-}" == true && -n "${GH_TOKEN:-}" ]]; then
    local auth
    auth=$(printf 'x-access-token:%s' "$GH_TOKEN" | base64 | tr -d '\n')
    echo "::add-mask::$auth"
    GIT_CONFIG_COUNT=1 GIT_CONFIG_KEY_0="http.https://github.com/.extraheader" \
      GIT_CONFIG_VALUE_0="AUTHORIZATION: basic $auth" git "$@"
  else
    git "$@"
  fi
}

main() {
  local gh=${GH:-gh} branch=${BRANCH:-links/dead-links} base=${BASE:-main}
  local newsarchive=${NEWSARCHIVE:-newsarchive} python=${PYTHON:-python}
  local remote=${REMOTE:-origin}

  case "$branch" in
    "$base" | main | master | "") die "refusing to write branch '$branch'" ;;
  esac
  git rev-parse --is-inside-work-tree >/dev/null 2>&1 || die "not inside a git work tree"
  cd "$(git rev-parse --show-toplevel)"
  [[ -z "$(git status --porcelain --untracked-files=no)" ]] \
    || die "the work tree has uncommitted changes; run this in a clean clone"

  local tmp
  tmp=$(mktemp -d)
  # shellcheck disable=SC2064  # expand now: $tmp is local
  trap "rm -rf '$tmp'" EXIT
  local report=${REPORT:-$tmp/links.json} body=${BODY_FILE:-$tmp/pr-body.md}

  log "rebuilding $branch from $remote/$base"
  git_remote fetch -q --no-tags "$remote" "+refs/heads/$base:refs/remotes/$remote/$base"
  local old
  old=$(git_remote ls-remote --heads "$remote" "refs/heads/$branch" | cut -f1)
  local pr=""
  if [[ "${LINKS_PR_DRY_RUN:-0}" != 1 ]]; then
    pr=$("$gh" pr list --head "$branch" --base "$base" --state open --json number \
      --jq '.[0].number // empty')
  fi
  git checkout -q --no-track -B "$branch" "$remote/$base"

  log "checking links"
  local rc=0
  local -a extra=()
  # shellcheck disable=SC2206  # word splitting of LINKS_ARGS is the point
  [[ -n "${LINKS_ARGS:-}" ]] && extra=($LINKS_ARGS)
  # Other people's servers answer here: the check gets no token.
  env -u GH_TOKEN -u GITHUB_TOKEN "$newsarchive" links --root . --json \
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

  "$newsarchive" validate --root . || die "the archive does not validate; nothing pushed"
  if [[ -n "${LINKS_PR_CHECK:-}" ]]; then
    log "running: $LINKS_PR_CHECK"
    bash -c "$LINKS_PR_CHECK" || die "'$LINKS_PR_CHECK' failed; nothing pushed"
  fi

  git add -A -- docs/articles
  if git diff --cached --quiet "$remote/$base"; then
    log "no page changed: nothing to propose"
    return 0
  fi
  "$python" -m newsarchive.links "$report" > "$body"
  if [[ -n "${GITHUB_STEP_SUMMARY:-}" ]]; then
    cat "$body" >> "$GITHUB_STEP_SUMMARY"
  fi

  local title="Link check of $checked: $dead dead link(s), $copies archived copies"
  GIT_AUTHOR_NAME=${GIT_AUTHOR_NAME:-github-actions[bot]} \
    GIT_AUTHOR_EMAIL=${GIT_AUTHOR_EMAIL:-41898282+github-actions[bot]@users.noreply.github.com} \
    GIT_COMMITTER_NAME=${GIT_COMMITTER_NAME:-github-actions[bot]} \
    GIT_COMMITTER_EMAIL=${GIT_COMMITTER_EMAIL:-41898282+github-actions[bot]@users.noreply.github.com} \
    git commit -q -m "links: $dead newly dead, $alive answering again, $copies archived copies" \
      -m "newsarchive links of $checked."

  if [[ "${LINKS_PR_DRY_RUN:-0}" == 1 ]]; then
    log "dry run: committed $(git rev-parse --short HEAD) on $branch; not pushed. Body:"
    cat "$body"
    return 0
  fi

  log "pushing $branch"
  git_remote push -q --force-with-lease="refs/heads/$branch:$old" "$remote" \
    "HEAD:refs/heads/$branch"
  if [[ -n "$pr" ]]; then
    log "updating pull request #$pr"
    "$gh" pr edit "$pr" --title "$title" --body-file "$body"
  else
    log "opening a pull request"
    "$gh" pr create --base "$base" --head "$branch" --title "$title" --body-file "$body"
  fi
}

main "$@"
