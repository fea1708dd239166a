#!/usr/bin/env bash
# Hardening checks (issue #4, "Fixes you can trust"). Run from .ci/run, or alone:
#   bash .ci/hardening.sh
# Fast: the property tests, hostile input and verified-fix tests (also part of `cargo test`),
# the exhaustive sweep of four-line files (tests/sweep.rs, release build), the corpus
# convergence and CRLF checks, and the crash-safety tests (SIGKILL during --fix,
# CAFE_LINT_KILL_TRIALS trials, default 200; concurrent runs). A fuzz smoke run only when asked
# (building the instrumented targets takes minutes): CAFE_LINT_FUZZ_SECONDS=30 runs each target
# that long, installing cargo-fuzz first if it is missing. The long runs (10 minutes per target)
# are `fuzz/run.sh 600`; how time grows up to 50 MB is `.ci/scale.sh`.
set -euo pipefail
cd "$(dirname "$0")/.."

section() { printf '\n==== %s\n' "$*"; }

section "hardening: verified fixes, line endings, property tests, hostile input"
cargo test --test fixing --test properties --test hostile --test regressions

section "hardening: every file of four lines from two alphabets, of three with mixed line endings (177,728)"
cargo test --release --test sweep -- --ignored

section "hardening: corpus files converge, are idempotent and fix alike with CRLF"
cargo test --test fixing -- --ignored

section "hardening: SIGKILL during --fix, and concurrent runs"
CAFE_LINT_KILL_TRIALS=${CAFE_LINT_KILL_TRIALS:-200} \
    cargo test --test crash -- --ignored --nocapture --test-threads 1

section "hardening: fuzz smoke run"
if [ -n "${CAFE_LINT_FUZZ_SECONDS:-}" ]; then
    cargo fuzz --version >/dev/null 2>&1 || cargo install cargo-fuzz --locked
    bash fuzz/run.sh "$CAFE_LINT_FUZZ_SECONDS"
else
    echo "skipped (CAFE_LINT_FUZZ_SECONDS=30 runs each fuzz target 30 s)"
fi
