#!/usr/bin/env python3
"""Turns bench/run.sh's hyperfine exports into the ratio tables of BENCHMARKS.md.

usage: bench/report.py target/bench-results   (prints Markdown; standard library only)
"""

import json
import statistics
import sys
from pathlib import Path

OUT = Path(sys.argv[1] if len(sys.argv) > 1 else "target/bench-results")


def medians(*names):
    """Median seconds per command name, over the given exports that exist."""
    result = {}
    for name in names:
        path = OUT / f"{name}.json"
        if path.exists():
            for r in json.loads(path.read_text())["results"]:
                result[r["command"]] = statistics.median(r["times"])
    return result


def verdict(value, ok):
    return "met" if ok(value) else "**missed**"


def tool_table(title, m, target):
    if "cafe-lint" not in m:
        return
    base = m["cafe-lint"]
    print(f"### {title}\n")
    print("| tool | time / cafe-lint's |")
    print("| --- | ---: |")
    for tool in ["cafe-lint", "floor", "rewrite", "rumdl", "markdownlint-cli2", "mdformat"]:
        if tool in m:
            print(f"| {tool} | {m[tool] / base:.2f} |")
    print()
    for line in target(m):
        print(f"- {line}")
    print()


def corpus_targets(m):
    if "floor" in m:
        r = m["cafe-lint"] / m["floor"]
        yield f"cafe-lint / floor = {r:.2f} (target ≤ 2: {verdict(r, lambda x: x <= 2)})"
    if "rumdl" in m:
        r = m["rumdl"] / m["cafe-lint"]
        yield f"rumdl / cafe-lint = {r:.1f} (target ≥ 5: {verdict(r, lambda x: x >= 5)})"


def in_turn(times, over, under):
    """The median of the rounds' ratios of `over` to `under`, and their range."""
    ratios = [o / u for o, u in zip(times[over], times[under])]
    r = statistics.median(ratios)
    return r, f"the median of {len(ratios)} rounds' ratios (from {min(ratios):.2f} to {max(ratios):.2f})"


def pairs():
    """The check's ratio to the floor, the two run in turn (bench/pairs.py)."""
    path = OUT / "pairs.json"
    if not path.exists():
        return
    times = json.loads(path.read_text())["times"]
    r, how = in_turn(times, "cafe-lint", "floor")
    print("### 1,250 files (check), cafe-lint and the floor run in turn\n")
    print(f"- cafe-lint / floor = {r:.2f}, {how}; target ≤ 2: {verdict(r, lambda x: x <= 2)}")
    print()


def fix_pairs():
    """--fix, the floor and the rewriting floor run in turn (bench/pairs.py --fix)."""
    path = OUT / "fix-pairs.json"
    if not path.exists():
        return
    times = json.loads(path.read_text())["times"]
    print("### 1,250 files (fix, fresh copy each run), run in turn\n")
    r, how = in_turn(times, "cafe-lint", "floor")
    print(f"- cafe-lint --fix / floor = {r:.2f}, {how}; target ≤ 3: {verdict(r, lambda x: x <= 3)}")
    r, how = in_turn(times, "rewrite", "floor")
    print(f"- rewriting floor / floor = {r:.2f}, {how}")
    r, how = in_turn(times, "cafe-lint", "rewrite")
    print(f"- cafe-lint --fix / rewriting floor = {r:.2f}, {how}")
    print()


def fix_targets(m):
    if "floor" in m:
        r = m["cafe-lint"] / m["floor"]
        yield f"cafe-lint --fix / floor = {r:.2f} (target ≤ 3: {verdict(r, lambda x: x <= 3)})"
    if "rewrite" in m:
        yield f"rewriting floor / floor = {m['rewrite'] / m['floor']:.2f}"
        yield f"cafe-lint --fix / rewriting floor = {m['cafe-lint'] / m['rewrite']:.2f}"


def one_targets(m):
    if "rumdl" in m:
        r = m["cafe-lint"] / m["rumdl"]
        yield f"cafe-lint / rumdl = {r:.2f} (target ≤ 0.5: {verdict(r, lambda x: x <= 0.5)})"


def growth():
    rows = []
    for shape, label in [("big", "one file"), ("many", "many files")]:
        m = medians(f"growth-{shape}", f"growth-{shape}-small")
        for tool in ["cafe-lint", "floor"]:
            t = {size: m.get(f"{tool} {size} MB") for size in (1, 10, 50)}
            if None in t.values():
                continue
            ok = verdict(t[50] / t[1], lambda x: x <= 60) if tool == "cafe-lint" else ""
            rows.append(
                f"| {label} | {tool} | {t[10] / t[1]:.1f} | {t[50] / t[1]:.1f} | {ok} |"
            )
    if rows:
        print("### Growth: time at 10 and 50 MB over time at 1 MB\n")
        print("| input | program | 10 MB / 1 MB | 50 MB / 1 MB | target 50/1 ≤ 60 |")
        print("| --- | --- | ---: | ---: | --- |")
        print("\n".join(rows))
        print()
    lines = []
    for shape, label in [("big", "one file"), ("many", "many files")]:
        path = OUT / f"growth-{shape}-pairs.json"
        if not path.exists():
            continue
        times = json.loads(path.read_text())["times"]
        r, how = in_turn(times, "cafe-lint", "cafe-lint small")
        f, _ = in_turn(times, "floor", "floor small")
        lines.append(
            f"- {label}, 1 and 50 MB in turn: cafe-lint 50 MB / 1 MB = {r:.1f}, {how} "
            f"(floor {f:.1f}); target ≤ 60: {verdict(r, lambda x: x <= 60)}"
        )
    if lines:
        print("\n".join(lines) + "\n")


def rss():
    path = OUT / "rss.txt"
    if not path.exists():
        return
    print("### Peak memory (max RSS)\n")
    print("| input | mode | files | max RSS |")
    print("| --- | --- | ---: | ---: |")
    for line in path.read_text().splitlines():
        name, mode, files, kb = line.split("\t")
        mb = int(kb.split()[0]) / 1024
        print(f"| {name} | {mode} | {files.split()[0]} | {mb:.1f} MB |")
    print()


tool_table(
    "1,250 files (check)", medians("corpus", "corpus-rumdl", "corpus-slow"), corpus_targets
)
pairs()
tool_table(
    "1,250 files (fix, fresh copy each run)",
    medians("fix", "fix-rumdl", "fix-slow"),
    fix_targets,
)
fix_pairs()
tool_table("One 110 KB archive (process start included)", medians("one"), one_targets)
growth()
rss()
