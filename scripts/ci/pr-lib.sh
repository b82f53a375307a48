# shellcheck shell=bash
# What scripts/ci/fetch-pr.sh and scripts/ci/links-pr.sh share: in a clean clone, rebuild one
# branch from $REMOTE/$BASE, let the script change the archive, validate it, then commit, push
# the branch (never $BASE) and open its one pull request or update the open one.
#
# Sourced, not run, with the name that prefixes every message:
#   source "$(dirname "${BASH_SOURCE[0]}")/pr-lib.sh" fetch-pr
# Bash reads a sourced file whole, so once sourced these functions cannot change when the run
# checks out another commit. The environment is documented in the scripts that source this.

PR_NAME=$1

log() { printf '%s: %s\n' "$PR_NAME" "$*" >&2; }
die() { log "error: $1"; exit "${2:-1}"; }

# In GitHub Actions with GH_TOKEN: the token as an http header for git (set by pr_start).
PR_GIT_AUTH=""

# git with that header, passed through GIT_CONFIG_* for this one command only.
git_remote() {
  if [[ -n "$PR_GIT_AUTH" ]]; then
    GIT_CONFIG_COUNT=1 GIT_CONFIG_KEY_0="http.https://github.com/.extraheader" \
      GIT_CONFIG_VALUE_0="AUTHORIZATION: basic $PR_GIT_AUTH" git "$@"
  else
    git "$@"
  fi
}

# pr_start DEFAULT_BRANCH DRY_RUN: fill in the defaults of GH, BRANCH, BASE, REMOTE and
# NEWSARCHIVE; refuse to write $BASE, main or master; insist on a clean work tree and move to its
# top; make PR_TMP, a temp dir removed on exit; in GitHub Actions, build git's token header.
# DRY_RUN=1: nothing is pushed, gh is never called.
pr_start() {
  GH=${GH:-gh} BRANCH=${BRANCH:-$1} BASE=${BASE:-main} REMOTE=${REMOTE:-origin}
  NEWSARCHIVE=${NEWSARCHIVE:-newsarchive}
  PR_DRY_RUN=$2

  case "$BRANCH" in
    "$BASE" | main | master | "") die "refusing to write branch '$BRANCH'" ;;
  esac
  git rev-parse --is-inside-work-tree >/dev/null 2>&1 || die "not inside a git work tree"
  cd "$(git rev-parse --show-toplevel)" || exit
  [[ -z "$(git status --porcelain --untracked-files=no)" ]] \
    || die "the work tree has uncommitted changes; run this in a clean clone"

  PR_TMP=$(mktemp -d)
  # shellcheck disable=SC2064  # expand now, once
  trap "rm -rf '$PR_TMP'" EXIT

  if [[ "${GITHUB_ACTIONS:-}" == true && -n "${GH_TOKEN:-}" ]]; then
    PR_GIT_AUTH=$(printf 'x-access-token:%s' "$GH_TOKEN" | base64 | tr -d '\n')
    # Masked in the log here, once: printed inside a $(git_remote ...) the workflow command
    # would be read back as git's output instead of reaching the runner.
    echo "::add-mask::$PR_GIT_AUTH"
  fi
}

# Check out $BRANCH afresh at $REMOTE/$BASE. Sets PR_OLD, the branch's commit on $REMOTE (empty
# if it has none: the lease of the push), and PR_NUMBER, its open pull request (empty if none,
# or in a dry run).
pr_rebuild_branch() {
  log "rebuilding $BRANCH from $REMOTE/$BASE"
  git_remote fetch -q --no-tags "$REMOTE" "+refs/heads/$BASE:refs/remotes/$REMOTE/$BASE"
  PR_OLD=$(git_remote ls-remote --heads "$REMOTE" "refs/heads/$BRANCH" | cut -f1)
  PR_NUMBER=""
  if [[ "$PR_DRY_RUN" != 1 ]]; then
    PR_NUMBER=$("$GH" pr list --head "$BRANCH" --base "$BASE" --state open --json number \
      --jq '.[0].number // empty')
  fi
  git checkout -q --no-track -B "$BRANCH" "$REMOTE/$BASE"
}

# pr_check [COMMAND]: nothing is pushed unless the archive validates and COMMAND, if any, passes
# (the workflows: `make site`).
pr_check() {
  "$NEWSARCHIVE" validate --root . || die "the archive does not validate; nothing pushed"
  if [[ -n "${1:-}" ]]; then
    log "running: $1"
    bash -c "$1" || die "'$1' failed; nothing pushed"
  fi
}

# pr_step_summary BODY_FILE: show the pull request's body on the workflow run's page too.
pr_step_summary() {
  if [[ -n "${GITHUB_STEP_SUMMARY:-}" ]]; then
    cat "$1" >> "$GITHUB_STEP_SUMMARY"
  fi
}

# pr_propose TITLE BODY_FILE SUBJECT DETAILS: commit what is staged (as the Actions bot unless the
# environment names an author), push $BRANCH, then open its pull request or update the open one.
# In a dry run: commit, print the body, and stop there.
pr_propose() {
  local title=$1 body=$2
  GIT_AUTHOR_NAME=${GIT_AUTHOR_NAME:-github-actions[bot]} \
    GIT_AUTHOR_EMAIL=${GIT_AUTHOR_EMAIL:-41898282+github-actions[bot]@users.noreply.github.com} \
    GIT_COMMITTER_NAME=${GIT_COMMITTER_NAME:-github-actions[bot]} \
    GIT_COMMITTER_EMAIL=${GIT_COMMITTER_EMAIL:-41898282+github-actions[bot]@users.noreply.github.com} \
    git commit -q -m "$3" -m "$4"

  if [[ "$PR_DRY_RUN" == 1 ]]; then
    log "dry run: committed $(git rev-parse --short HEAD) on $BRANCH; not pushed. Body:"
    cat "$body"
    return 0
  fi

  log "pushing $BRANCH"
  git_remote push -q --force-with-lease="refs/heads/$BRANCH:$PR_OLD" "$REMOTE" \
    "HEAD:refs/heads/$BRANCH"
  if [[ -n "$PR_NUMBER" ]]; then
    log "updating pull request #$PR_NUMBER"
    "$GH" pr edit "$PR_NUMBER" --title "$title" --body-file "$body"
  else
    log "opening a pull request"
    "$GH" pr create --base "$BASE" --head "$BRANCH" --title "$title" --body-file "$body"
  fi
}
