#!/usr/bin/env bash
# Seeds and runs the fuzz targets, N seconds each (default 60), one after the other:
#   fuzz/run.sh [SECONDS] [TARGET...]        targets: lint fix growth (default: all)
# Needs cargo-fuzz (`cargo install cargo-fuzz`). Works on the stable toolchain through
# RUSTC_BOOTSTRAP=1, without sanitizers (no nightly ASan runtime is needed).
# Seeds: the rule fixtures, and the real archives from ../shared/corpus (or $CAFE_LINT_CORPUS)
# cut into one file per meeting. They are copied at run time into fuzz/corpus/<target>/, which
# is git-ignored: the archives' text is never committed. Findings land in fuzz/artifacts/.
set -euo pipefail
cd "$(dirname "$0")"
seconds=${1:-60}
shift || true
targets=("$@")
[ ${#targets[@]} -gt 0 ] || targets=(lint fix growth)
archives=${CAFE_LINT_CORPUS:-../../shared/corpus}

export RUSTC_BOOTSTRAP=1
flags=(--sanitizer none --debug-assertions)
cargo fuzz build "${flags[@]}"

seed() {
    local dir=corpus/$1
    mkdir -p "$dir"
    for f in ../tests/fixtures/*/*.md; do
        cp "$f" "$dir/fixture-$(basename "$(dirname "$f")")-$(basename "$f")"
    done
    for f in "$archives"/*collab-cafe*.md; do
        [ -e "$f" ] || continue
        # One seed per meeting: small inputs keep executions fast.
        awk -v out="$dir/archive-$(basename "$f" .md)" \
            '/^## /{n++} {print > (out "-" n ".md")}' "$f"
    done
}

mkdir -p logs
status=0
for target in "${targets[@]}"; do
    seed "$target"
    case $target in
        growth) max_len=1024 ;;
        *) max_len=8192 ;;
    esac
    echo "== $target: ${seconds}s (log: fuzz/logs/$target.log)"
    if ! cargo fuzz run "${flags[@]}" "$target" -- \
        -max_total_time="$seconds" -max_len="$max_len" -timeout=60 -rss_limit_mb=4096 \
        -print_final_stats=1 >"logs/$target.log" 2>&1; then
        status=1
        echo "   FINDING: see fuzz/logs/$target.log and fuzz/artifacts/$target/"
    fi
    grep -E "stat::number_of_executed_units|stat::peak_rss_mb" "logs/$target.log" | sed 's/^/   /' || true
done
exit $status
