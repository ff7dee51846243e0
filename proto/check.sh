#!/usr/bin/env bash
# Lint the event contracts and check them for breaking changes (see docs/adding-an-event.md).
#
#   proto/check.sh            lint, then breaking
#   proto/check.sh lint       buf lint only
#   proto/check.sh breaking   buf breaking only
#
# Breaking compares the working tree's proto/ with every committed version of proto/ (see
# run_breaking); from the repo root each comparison is
#   proto/node_modules/.bin/buf breaking proto --against '.git#ref=<commit>,subdir=proto'
# When no commit has proto/fujian/ yet (or there are no commits at all), there is nothing to
# break: the comparison is skipped with a message. Any other failure fails.
#
# The contracts' history starts at their re-homing under proto/fujian/ (package
# fujian.events.*, docs/adr/0005-event-contract-packages.md): commits from before it, with
# proto/<dept>/v1/, were never deployed, and moving every file would be a breaking change
# against each of them. So only committed versions that have proto/fujian/ are compared.
#
# Needs buf from proto/node_modules (`npm ci` in proto/), or BUF=/path/to/buf.
# node_modules/.bin/buf is a Node.js shim around the native binary that npm installs for
# this platform (@bufbuild/buf-<os>-<arch>); the native binary is used directly when
# present, so no `node` is needed on PATH.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"

find_buf() {
    local os arch
    case "$(uname -s)" in Linux) os=linux ;; Darwin) os=darwin ;; *) os=unknown ;; esac
    case "$(uname -m)" in
        x86_64 | amd64) arch=x64 ;;
        aarch64 | arm64) arch=$([[ $os == linux ]] && echo aarch64 || echo arm64) ;;
        *) arch=unknown ;;
    esac
    local native="$here/node_modules/@bufbuild/buf-$os-$arch/bin/buf"
    if [[ -x "$native" ]]; then
        echo "$native"
    else
        echo "$here/node_modules/.bin/buf"
    fi
}

buf="${BUF:-$(find_buf)}"
if [[ ! -x "$buf" ]]; then
    echo "check.sh: buf not found at $buf; run 'npm ci' in proto/ (or set BUF)" >&2
    exit 127
fi

run_lint() {
    echo "buf lint proto/"
    (cd "$here" && "$buf" lint)
    echo "buf lint: ok"
}

# Breaking changes are judged against every state of proto/ that was ever committed since
# the contracts' history began (proto/fujian/, see above): each commit in HEAD's history
# that changed proto/ (most recent 50), plus HEAD itself for uncommitted edits. Comparing only with `main` would compare main with itself in CI, which
# runs on a clone of main that already holds the change under test; a contract that was
# once published is a promise, whichever commit published it.
# PROTO_AGAINST_REF=<ref> compares with that one ref instead.
compare_with() {
    local root="$1" git_dir="$2" subdir="$3" ref="$4"
    echo "buf breaking $subdir --against '.git#ref=$ref,subdir=$subdir'"
    (cd "$root" && "$buf" breaking "$subdir" --against "${git_dir}#ref=${ref},subdir=${subdir}")
}

run_breaking() {
    local root git_dir subdir label refs ref compared=0
    root="$(git -C "$here" rev-parse --show-toplevel)"
    git_dir="$(git -C "$root" rev-parse --path-format=absolute --git-common-dir)"
    subdir="$(realpath --relative-to="$root" "$here")"
    label="${PROTO_AGAINST_REF:-main}"

    if [[ -n "${PROTO_AGAINST_REF:-}" ]]; then
        if ! git -C "$root" rev-parse --verify --quiet "${PROTO_AGAINST_REF}^{commit}" >/dev/null; then
            echo "check.sh: git ref '$PROTO_AGAINST_REF' not found in $root" >&2
            return 1
        fi
        refs="$PROTO_AGAINST_REF"
    else
        if ! git -C "$root" rev-parse --verify --quiet "HEAD^{commit}" >/dev/null; then
            echo "buf breaking: SKIPPED, main has no commits yet, so it has no $subdir/ to compare with"
            return 0
        fi
        refs="$(git -C "$root" rev-parse HEAD) $(git -C "$root" log -n 50 --format=%H HEAD -- "$subdir")"
        # HEAD is in the log too when it changed proto/: compare with each version once.
        refs="$(printf '%s\n' $refs | awk '!seen[$0]++')"
    fi
    local before=0
    for ref in $refs; do
        git -C "$root" cat-file -e "${ref}:${subdir}/buf.yaml" 2>/dev/null || continue
        # Before the re-homing: not part of the contracts' history (ADR 0005).
        if ! git -C "$root" cat-file -e "${ref}:${subdir}/fujian" 2>/dev/null; then
            before=$((before + 1))
            continue
        fi
        compare_with "$root" "$git_dir" "$subdir" "$ref"
        compared=$((compared + 1))
    done
    if [[ $before != 0 ]]; then
        echo "buf breaking: not compared with $before version(s) of $subdir/ from before $subdir/fujian/" \
            "(the contracts' history starts there, docs/adr/0005-event-contract-packages.md)"
    fi
    if [[ $compared == 0 ]]; then
        echo "buf breaking: SKIPPED, '$label' has no $subdir/fujian/ yet, so nothing can break"
        return 0
    fi
    echo "buf breaking: ok (no breaking change against $compared committed version(s) of $subdir/)"
}

case "${1:-all}" in
    lint) run_lint ;;
    breaking) run_breaking ;;
    all)
        run_lint
        run_breaking
        ;;
    *)
        echo "usage: $0 [lint|breaking|all]" >&2
        exit 2
        ;;
esac
