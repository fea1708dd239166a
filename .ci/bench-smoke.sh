#!/usr/bin/env bash
# Proves the benchmark machinery (bench/) works, without timing anything: builds the generator
# and the floor, generates a small corpus (twice: it must be the same bytes), and runs cafe-lint
# (check and fix) and the floor over it once each. Needs ../shared/corpus.
set -euo pipefail
cd "$(dirname "$0")/.."

cargo build --quiet --bins --examples
BIN=target/debug
DATA=target/bench-data-smoke
rm -rf "$DATA"

"$BIN/examples/bench-gen" files "$DATA/corpus" --files 8
"$BIN/examples/bench-gen" files "$DATA/again" --files 8
diff -r "$DATA/corpus" "$DATA/again" >/dev/null || { echo "bench-gen is not deterministic" >&2; exit 1; }
"$BIN/examples/bench-gen" file "$DATA/big/notes.md" --bytes 256K
"$BIN/examples/bench-gen" copy "$DATA/one" --year 2025

# cafe-lint exits 1 when it reports problems (the archives have some); 2 is a failure.
lint() {
    local code=0
    "$BIN/cafe-lint" --output-format concise "$@" >/dev/null || code=$?
    [ "$code" -le 1 ] || { echo "cafe-lint $* exited $code" >&2; exit 1; }
}
lint "$DATA/corpus"
lint "$DATA/big" "$DATA/one"
cp -r "$DATA/corpus" "$DATA/fix"
lint --fix "$DATA/fix"

floor=$("$BIN/examples/comrak-floor" "$DATA/corpus")
echo "floor: $floor"
case "$floor" in
    "8 files, "*) ;;
    *) echo "comrak-floor did not read the 8 files" >&2; exit 1 ;;
esac

# The interleaved ratio: timed once, and reported.
OUT=$DATA/results
mkdir -p "$OUT"
python3 bench/pairs.py "$OUT/pairs.json" 1 "$BIN/cafe-lint" "$BIN/examples/comrak-floor" "$DATA/corpus"
python3 bench/pairs.py --fix "$OUT/fix-pairs.json" 1 "$BIN/cafe-lint" "$BIN/examples/comrak-floor" "$DATA/corpus"
[ ! -e "$DATA/corpus-pairs-copy" ] || { echo "pairs.py --fix left its copy" >&2; exit 1; }
# The rewriting floor writes back what it read.
cp -r "$DATA/corpus" "$DATA/rewrite"
"$BIN/examples/comrak-floor" --rewrite "$DATA/rewrite" >/dev/null
diff -r "$DATA/corpus" "$DATA/rewrite" >/dev/null || { echo "comrak-floor --rewrite changed a file" >&2; exit 1; }
python3 bench/pairs.py --growth "$DATA/one" "$OUT/growth-big-pairs.json" 1 "$BIN/cafe-lint" "$BIN/examples/comrak-floor" "$DATA/big"
# Into a file, then searched: `grep -q` quits at its first match, and report.py, still
# writing, would die of the closed pipe (a red CI by timing alone).
python3 bench/report.py "$OUT" > "$OUT/report.md"
grep -q "run in turn" "$OUT/report.md" || { echo "report.py did not report the pairs" >&2; exit 1; }
grep -q "in turn: cafe-lint 50 MB / 1 MB" "$OUT/report.md" || { echo "report.py did not report the growth in turn" >&2; exit 1; }
grep -q "rewriting floor / floor" "$OUT/report.md" || { echo "report.py did not report the fix pairs" >&2; exit 1; }

bash -n bench/run.sh
python3 -c 'import ast, sys; ast.parse(open(sys.argv[1]).read())' bench/report.py
rm -rf "$DATA"
echo "bench smoke: ok"
