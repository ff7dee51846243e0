#!/usr/bin/env bash
# Lint the event contracts and check them for breaking changes (see docs/adding-an-event.md).
#
#   proto/check.sh            lint, then breaking
#   proto/check.sh lint       buf lint only
#   proto/check.sh breaking   buf breaking only
#
# Breaking compares the working tree's proto/ with proto/ as committed on PROTO_AGAINST_REF
# (a git ref, default "main"); from the repo root that is
#   proto/node_modules/.bin/buf breaking proto --against '.git#ref=main,subdir=proto'
# When that ref has no proto/ yet (or main has no commits at all), there is nothing to break:
# the comparison is skipped with a message. Any other failure fails.
#
# Needs buf from proto/node_modules (`npm ci` in proto/), or BUF=/path/to/buf.
# node_modules/.bin/buf is a Node.js shim around the native binary that npm installs for
# this platform (@bufbuild/buf-<os>-<arch>); the native binary is used directly when
# present, so no `node` is needed on PATH.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
against_ref="${PROTO_AGAINST_REF:-main}"

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

run_breaking() {
    local root git_dir subdir
    root="$(git -C "$here" rev-parse --show-toplevel)"
    git_dir="$(git -C "$root" rev-parse --path-format=absolute --git-common-dir)"
    subdir="$(realpath --relative-to="$root" "$here")"

    if ! git -C "$root" rev-parse --verify --quiet "${against_ref}^{commit}" >/dev/null; then
        if [[ "$against_ref" == main ]] && git -C "$root" symbolic-ref -q HEAD >/dev/null \
            && [[ "$(git -C "$root" symbolic-ref -q HEAD)" == refs/heads/main ]]; then
            echo "buf breaking: SKIPPED, main has no commits yet, so it has no $subdir/ to compare with"
            return 0
        fi
        echo "check.sh: git ref '$against_ref' not found in $root (set PROTO_AGAINST_REF)" >&2
        return 1
    fi
    if ! git -C "$root" cat-file -e "${against_ref}:${subdir}/buf.yaml" 2>/dev/null; then
        echo "buf breaking: SKIPPED, '$against_ref' has no $subdir/buf.yaml yet, so nothing can break"
        return 0
    fi
    echo "buf breaking $subdir --against '.git#ref=$against_ref,subdir=$subdir'"
    (cd "$root" && "$buf" breaking "$subdir" --against "${git_dir}#ref=${against_ref},subdir=${subdir}")
    echo "buf breaking: ok (no breaking change against $against_ref)"
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
