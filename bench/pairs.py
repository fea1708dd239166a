#!/usr/bin/env python3
"""Times cafe-lint and the floor in turn on the same input, run after run: on a machine whose
speed drifts (a shared one), hyperfine's series of one command then the other can catch
different moments, and their medians' ratio moves with them; the ratio within each round
does not.

With --fix: cafe-lint --fix, the floor, and the rewriting floor (`comrak-floor --rewrite`:
parse, parse again, write back atomically), each on a fresh copy of INPUT, not timed.

With --growth: each program on SMALL (five times: the median) then on INPUT, round after
round; the growth is the median of the rounds' INPUT / SMALL.

usage: bench/pairs.py [--fix | --growth SMALL] OUT.json RUNS CAFE FLOOR INPUT
(standard library only)
"""

import json
import shutil
import statistics
import subprocess
import sys
import time

args = sys.argv[1:]
fix = args[0] == "--fix"
small = args[1] if args[0] == "--growth" else None
if fix:
    args = args[1:]
elif small:
    args = args[2:]
out, runs, cafe, floor, data = args[0], int(args[1]), *args[2:5]
# The input itself, or its fresh copy for each run of --fix.
target = data.rstrip("/") + "-pairs-copy" if fix else data
commands = {
    "cafe-lint": [cafe, *(["--fix"] if fix else []), "--output-format", "concise", target],
    "floor": [floor, target],
}
if fix:
    commands["rewrite"] = [floor, "--rewrite", target]
if small:
    for name in ["cafe-lint", "floor"]:
        commands[f"{name} small"] = [*commands[name][:-1], small]


def seconds(command):
    if fix:
        shutil.rmtree(target, ignore_errors=True)
        shutil.copytree(data, target)
        subprocess.run(["sync"])
    start = time.perf_counter()
    subprocess.run(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    return time.perf_counter() - start


for _ in range(2):  # warm-up: the files in the page cache
    for command in commands.values():
        seconds(command)
times = {name: [] for name in commands}
for _ in range(runs):
    for name, command in commands.items():
        repeat = 5 if name.endswith(" small") else 1
        times[name].append(statistics.median(seconds(command) for _ in range(repeat)))
if fix:
    shutil.rmtree(target, ignore_errors=True)
with open(out, "w") as f:
    json.dump({"input": data, "small": small, "fix": fix, "times": times}, f)
