#!/usr/bin/env bash
# cafe-lint and mdformat must agree. On copies of the four archives (../shared/corpus, or
# $CAFE_LINT_CORPUS) in a temporary folder:
#   1. `cafe-lint --fix`, then mdformat (GFM, --wrap keep): count the lines mdformat still
#      changes. Fails above $MDFORMAT_MAX_CHANGED (default 150, total over the four files).
#   2. mdformat on the originals, then cafe-lint's formatting rules on its output: any
#      diagnostic fails (the two tools must never undo each other's work).
# The threshold: after --fix, 134 lines remain (measured), all outside the formatting rules'
# scope: pad escapes (`\&`, `\_`, `\>`) that unnecessary-escape removes, escapes mdformat adds
# (`<3` -> `\<3`), double spaces inside sentences (mdformat collapses them; the rendered
# text differs, so no HTML-neutral rule can), ordered lists renumbered `1.`, a heading with two
# spaces after `#####`, and lazy continuation lines of pad syntax. 150 leaves room for the
# text of a new meeting, and is ~4% of the 3,472 lines mdformat changes without --fix.
set -euo pipefail
cd "$(dirname "$0")/.."

corpus=${CAFE_LINT_CORPUS:-../shared/corpus}
max_changed=${MDFORMAT_MAX_CHANGED:-150}
formatting=list-marker,marker-space,list-indent,trailing-whitespace,blank-lines,final-newline

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

python3 -m venv "$tmp/venv"
"$tmp/venv/bin/pip" install --quiet mdformat mdformat-gfm
mdformat() { "$tmp/venv/bin/mdformat" --wrap keep "$@"; }

cargo build --quiet
cafe_lint=target/debug/cafe-lint

mkdir "$tmp/original" "$tmp/fixed" "$tmp/fixed-mdformat" "$tmp/mdformat"
for dir in original fixed fixed-mdformat mdformat; do
    cp "$corpus"/*collab-cafe*.md "$tmp/$dir/"
    chmod u+w "$tmp/$dir"/*.md
done
mdformat "$tmp/mdformat"/*.md
"$cafe_lint" --fix --exit-zero "$tmp/fixed"/*.md >/dev/null 2>&1
cp "$tmp/fixed"/*.md "$tmp/fixed-mdformat/"
mdformat "$tmp/fixed-mdformat"/*.md

changed_lines() { diff "$1" "$2" | grep -c '^[<>]' || true; }

printf '%-12s %22s %26s\n' file "mdformat alone" "mdformat after --fix"
total=0
for path in "$tmp/original"/*.md; do
    name=$(basename "$path")
    before=$(changed_lines "$path" "$tmp/mdformat/$name")
    after=$(changed_lines "$tmp/fixed/$name" "$tmp/fixed-mdformat/$name")
    total=$((total + after))
    printf '%-12s %22s %26s\n' "${name##*__}" "$before" "$after"
done
echo "lines mdformat changes after cafe-lint --fix: $total (allowed: $max_changed)"

echo "formatting diagnostics on mdformat's output:"
status=0
"$cafe_lint" --select "$formatting" --output-format concise "$tmp/mdformat"/*.md || status=$?
if [ "$status" -ne 0 ]; then
    echo "FAIL: cafe-lint reports formatting problems in mdformat's output"
    exit 1
fi
if [ "$total" -gt "$max_changed" ]; then
    echo "FAIL: mdformat still changes $total lines after cafe-lint --fix (> $max_changed)"
    exit 1
fi
echo "OK"
