#!/usr/bin/env bash
# The speed benchmark (issue #5): cafe-lint against rumdl, markdownlint-cli2, `mdformat --check`
# and the floor (comrak-floor: find, read and parse the same files, nothing else), in one session
# on the same generated inputs. Installs what it needs (apt, pip into a venv, npm into a folder),
# all under target/, which git ignores.
#
#   bench/run.sh            everything (about an hour on 2 cores: markdownlint-cli2 and mdformat
#                           take minutes per run on the corpus)
#   bench/run.sh one rss    only some steps: setup one corpus pairs fix growth rss slow
#
# Results: target/bench-results/*.json (hyperfine --export-json), rss.txt, and summary.md (the
# ratios, made by bench/report.py). Runs per command: BENCH_RUNS (default 10) for cafe-lint and
# the floor, BENCH_MID_RUNS (3) for rumdl on the corpus, BENCH_SLOW_RUNS (1) for
# markdownlint-cli2 and mdformat on the corpus.
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD
DATA=$ROOT/target/bench-data
TOOLS=$ROOT/target/bench-tools
OUT=$ROOT/target/bench-results
RUNS=${BENCH_RUNS:-10}
MID_RUNS=${BENCH_MID_RUNS:-3}
SLOW_RUNS=${BENCH_SLOW_RUNS:-1}
CAFE=$ROOT/target/release/cafe-lint
FLOOR=$ROOT/target/release/examples/comrak-floor
GEN=$ROOT/target/release/examples/bench-gen

section() { printf '\n==== %s\n' "$*" >&2; }

apt_install() {
    command -v apt-get >/dev/null || { echo "bench: please install $*" >&2; exit 2; }
    [ -n "${APT_UPDATED:-}" ] || { apt-get update -qq; APT_UPDATED=1; }
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$@" >/dev/null
}

setup() {
    section "tools"
    command -v hyperfine >/dev/null || apt_install hyperfine
    [ -x /usr/bin/time ] || apt_install time
    command -v python3 >/dev/null || apt_install python3
    python3 -c 'import venv, ensurepip' 2>/dev/null || apt_install python3-venv
    command -v npm >/dev/null || apt_install nodejs npm
    if [ ! -x "$TOOLS/venv/bin/mdformat" ] || [ ! -x "$TOOLS/venv/bin/rumdl" ]; then
        python3 -m venv "$TOOLS/venv"
        "$TOOLS/venv/bin/pip" install -q rumdl mdformat
    fi
    if [ ! -x "$TOOLS/node/node_modules/.bin/markdownlint-cli2" ]; then
        npm install --silent --no-audit --no-fund --prefix "$TOOLS/node" markdownlint-cli2
    fi
    # Apart: built with the examples, the program's dependencies take the dev-dependencies'
    # features too (a different binary from the one `cargo build --release` makes).
    cargo build --release --examples
    cargo build --release --bins
    {
        "$CAFE" --version
        echo "rules: $("$CAFE" rules | tail -n +2 | awk '$2 != "off"' | wc -l) enabled by default"
        "$TOOLS/venv/bin/rumdl" --version
        { "$TOOLS/node/node_modules/.bin/markdownlint-cli2" --help || true; } | head -1
        "$TOOLS/venv/bin/mdformat" --version
        hyperfine --version
        echo "cores: $(nproc)"
    } | tee "$OUT/versions.txt" >&2

    section "data (target/bench-data)"
    "$GEN" files "$DATA/corpus" --files 1250
    "$GEN" copy "$DATA/one" --year 2025
    for size in 1 10 50; do
        "$GEN" file "$DATA/big-${size}M/notes.md" --bytes "${size}M"
        "$GEN" files "$DATA/many-${size}M" --bytes "${size}M"
    done
}

RUMDL="$TOOLS/venv/bin/rumdl"
MDLINT="$TOOLS/node/node_modules/.bin/markdownlint-cli2"
MDFORMAT="$TOOLS/venv/bin/mdformat"

# bench NAME RUNS WARMUP [hyperfine options and commands]: one hyperfine run, exported as
# NAME.json. Every tool exits non-zero when it finds problems: not a failure here (-i).
bench() {
    local name=$1 runs=$2 warmup=$3
    shift 3
    hyperfine -N -i --style basic --warmup "$warmup" --runs "$runs" \
        --export-json "$OUT/$name.json" "$@"
}

corpus() {
    section "1,250 files: check"
    local dir=$DATA/corpus
    bench corpus "$RUNS" 2 \
        -n cafe-lint "$CAFE --output-format concise $dir" \
        -n floor "$FLOOR $dir"
    bench corpus-rumdl "$MID_RUNS" 1 -n rumdl "$RUMDL check --no-cache $dir"
}

# The check's ratio to the floor again, the two run in turn (bench/pairs.py): what a drifting
# machine does to hyperfine's two series of runs does not reach it.
pairs() {
    section "1,250 files: check, cafe-lint and the floor in turn"
    python3 bench/pairs.py "$OUT/pairs.json" "$((RUNS * 2))" "$CAFE" "$FLOOR" "$DATA/corpus"
}

fix() {
    section "1,250 files: fix (a fresh copy for each run)"
    local dir=$DATA/fix
    # -N runs prepare commands without a shell too: the shell is asked for by name.
    local fresh="bash -c 'rm -rf $dir && cp -r $DATA/corpus $dir'"
    # The rewriting floor: the least a fixer on comrak that re-parses what it writes does
    # (parse, parse again, write back atomically).
    bench fix "$RUNS" 1 --prepare "$fresh" \
        -n cafe-lint "$CAFE --fix --output-format concise $dir" \
        -n floor "$FLOOR $dir" \
        -n rewrite "$FLOOR --rewrite $dir"
    bench fix-rumdl "$MID_RUNS" 1 --prepare "$fresh" -n rumdl "$RUMDL check --fix --no-cache $dir"
    rm -rf "$dir"
    section "1,250 files: fix, the floor and the rewriting floor in turn (a fresh copy for each)"
    python3 bench/pairs.py --fix "$OUT/fix-pairs.json" "$RUNS" "$CAFE" "$FLOOR" "$DATA/corpus"
}

# The two tools that take minutes on the corpus, last: markdownlint-cli2 and mdformat.
slow() {
    section "1,250 files: markdownlint-cli2 and mdformat (check, then fix)"
    local dir=$DATA/fix
    # -N runs prepare commands without a shell too: the shell is asked for by name.
    local fresh="bash -c 'rm -rf $dir && cp -r $DATA/corpus $dir'"
    bench corpus-slow "$SLOW_RUNS" 0 \
        -n markdownlint-cli2 "$MDLINT $DATA/corpus/**/*.md" \
        -n mdformat "$MDFORMAT --check $DATA/corpus"
    bench fix-slow "$SLOW_RUNS" 0 --prepare "$fresh" \
        -n markdownlint-cli2 "$MDLINT --fix $dir/**/*.md" \
        -n mdformat "$MDFORMAT $dir"
    rm -rf "$dir"
}

one() {
    section "one archive (110 KB), process start included"
    local file=$DATA/one/2025.md
    bench one $((RUNS * 5)) 5 \
        -n cafe-lint "$CAFE --output-format concise $file" \
        -n floor "$FLOOR $file" \
        -n rumdl "$RUMDL check --no-cache $file" \
        -n markdownlint-cli2 "$MDLINT $file" \
        -n mdformat "$MDFORMAT --check $file"
}

growth() {
    section "growth: 1, 10 and 50 MB, in one file and in many"
    for shape in big many; do
        # The 1 and 10 MB cases take milliseconds and vary by a fifth from run to run (the
        # 1 MB one, divided into the 50 MB one, decides the ratio): five times the runs.
        for sizes in "1 10" 50; do
            local args=() runs=$RUNS name=growth-$shape
            [ "$sizes" = 50 ] || { runs=$((RUNS * 5)); name=$name-small; }
            for size in $sizes; do
                local path=$DATA/$shape-${size}M
                args+=(-n "cafe-lint $size MB" "$CAFE --output-format concise $path")
                args+=(-n "floor $size MB" "$FLOOR $path")
            done
            bench "$name" "$runs" 1 "${args[@]}"
        done
        # 1 and 50 MB in turn, round after round: a drift of the machine's speed between
        # hyperfine's series moves their ratio, not the rounds'.
        python3 bench/pairs.py --growth "$DATA/$shape-1M" "$OUT/growth-$shape-pairs.json" \
            "$RUNS" "$CAFE" "$FLOOR" "$DATA/$shape-50M"
    done
}

# max_rss command...: its peak resident set, in KB.
max_rss() {
    /usr/bin/time -v -o "$OUT/time.txt" "$@" >/dev/null 2>&1 || true
    awk -F': ' '/Maximum resident/ {print $2}' "$OUT/time.txt"
}

rss() {
    section "peak memory (max RSS, /usr/bin/time -v)"
    local dir=$DATA/fix
    {
        for input in corpus many-1M many-10M many-50M big-1M big-50M; do
            for mode in check fix; do
                local path=$DATA/$input flags=(--output-format concise)
                if [ "$mode" = fix ]; then
                    rm -rf "$dir" && cp -r "$path" "$dir"
                    path=$dir
                    flags+=(--fix)
                fi
                local kb
                kb=$(max_rss "$CAFE" "${flags[@]}" "$path")
                local files
                files=$(find "$path" -name '*.md' | wc -l)
                printf '%s\t%s\t%s files\t%s KB\n' "$input" "$mode" "$files" "$kb"
            done
        done
        printf 'corpus\tfloor\t1250 files\t%s KB\n' "$(max_rss "$FLOOR" "$DATA/corpus")"
    } | tee "$OUT/rss.txt" >&2
    rm -rf "$dir"
}

mkdir -p "$OUT"
steps=("$@")
[ ${#steps[@]} -gt 0 ] || steps=(setup one corpus pairs fix growth rss slow)
for step in "${steps[@]}"; do
    "$step"
done
python3 bench/report.py "$OUT" | tee "$OUT/summary.md"
