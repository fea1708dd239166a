#!/usr/bin/env bash
# Runs both hooks of this repo with `pre-commit try-repo` in a throwaway git repo:
# `cafe-lint` fails on a bare URL, `cafe-lint-fix` rewrites it, a clean file passes.
set -euo pipefail
repo=$(cd "$(dirname "$0")/.." && pwd)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

python3 -m venv "$work/venv"
"$work/venv/bin/pip" install --quiet pre-commit
# Each try-repo installs the hooks afresh (`cargo install`); a shared target folder lets the
# later installs reuse the first one's build.
export PATH="$work/venv/bin:$PATH" PRE_COMMIT_HOME="$work/cache" CARGO_TARGET_DIR="$work/target"

cd "$work" && mkdir notes && cd notes
git init --quiet
git config user.email ci@example.org && git config user.name ci
printf '# 2025 Collaboration Cafe Notes Archive\n\n## 2025-10-21\n\n- see https://example.org/a.\n' > 2025.md
printf '# 2024 Collaboration Cafe Notes Archive\n\n## 2024-10-15\n\n- see <https://example.org/b>.\n' > 2024.md
git add . && git commit --quiet -m notes

fail() { echo "pre-commit check FAILED: $*" >&2; exit 1; }

if pre-commit try-repo "$repo" cafe-lint --files 2025.md > check.log 2>&1; then
  cat check.log; fail "cafe-lint passed a file with a bare URL"
fi
cat check.log
grep -q '2025.md:5:7: bare-url bare URL' check.log || fail "cafe-lint failed without reporting the bare URL"
grep -q 'see https://example.org/a\.' 2025.md || fail "cafe-lint (check) changed the file"

if pre-commit try-repo "$repo" cafe-lint-fix --files 2025.md; then
  fail "cafe-lint-fix did not report that it rewrote the file"
fi
grep -q 'see <https://example.org/a>\.' 2025.md || fail "cafe-lint-fix did not wrap the URL"

pre-commit try-repo "$repo" cafe-lint --files 2025.md || fail "the fixed file does not pass"
pre-commit try-repo "$repo" cafe-lint --files 2024.md || fail "a clean file does not pass"
echo "pre-commit check: 4 passed, 0 failed"
