#!/usr/bin/env bash
# How time and memory grow with the file: lint and --fix archives of 6.25, 12.5, 25 and 50 MB,
# made at run time by repeating the real archives (../shared/corpus, or $CAFE_LINT_CORPUS) in a
# temp folder. Prints a table and the ratio of each size to the one before (linear: ~2.0).
# Exits 1 if a doubling more than triples the time (generous: timing on a shared machine).
#   .ci/scale.sh [MAX_MB]     (default 50)
set -euo pipefail
cd "$(dirname "$0")/.."
max_mb=${1:-50}
archives=${CAFE_LINT_CORPUS:-../shared/corpus}
cargo build --release --quiet
bin=$PWD/target/release/cafe-lint
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

cat "$archives"/*collab-cafe*.md > "$work/unit.md"
calc() { awk "BEGIN { print $* }"; }
sizes=()
mb=$max_mb
while awk "BEGIN { exit !($mb >= 6) }"; do sizes=("$mb" "${sizes[@]}"); mb=$(calc "$mb / 2"); done

printf '%8s %10s %10s %10s %10s %12s\n' MB lint_s ratio fix_s ratio fix_peak_MB
prev_lint= prev_fix= status=0
for mb in "${sizes[@]}"; do
    bytes=$(calc "int($mb * 1048576)")
    file=$work/archive-$mb.md
    # Whole archives, repeated until the size is reached.
    while [ "$(stat -c %s "$file" 2>/dev/null || echo 0)" -lt "$bytes" ]; do cat "$work/unit.md" >> "$file"; done
    /usr/bin/time -f '%e %M' -o "$work/time" "$bin" --exit-zero "$file" >/dev/null 2>&1
    read -r lint _ < "$work/time"
    cp "$file" "$file.fix"
    /usr/bin/time -f '%e %M' -o "$work/time" "$bin" --fix --exit-zero "$file.fix" >/dev/null 2>&1
    read -r fix rss_kb < "$work/time"
    rss=$((rss_kb / 1024))
    ratio() { if [ -n "$2" ]; then awk "BEGIN { printf \"%.2f\", $1 / ($2 > 0 ? $2 : 0.01) }"; else echo -; fi; }
    r_lint=$(ratio "$lint" "$prev_lint")
    r_fix=$(ratio "$fix" "$prev_fix")
    printf '%8s %10s %10s %10s %10s %12s\n' "$mb" "$lint" "$r_lint" "$fix" "$r_fix" "$rss"
    for r in "$r_lint" "$r_fix"; do
        if [ "$r" != - ] && awk "BEGIN { exit !($r > 3) }"; then status=1; fi
    done
    prev_lint=$lint prev_fix=$fix
    rm -f "$file.fix"
done
[ $status = 0 ] || echo "a doubling of the file more than tripled the time"
exit $status
