#!/usr/bin/env python3
"""Times cafe-lint and the floor in turn on the same input, run after run: on a machine whose
speed drifts (a shared one), hyperfine's series of one command then the other can catch
different moments, and their medians' ratio moves with them; the ratio within each pair
does not.

usage: bench/pairs.py OUT.json RUNS CAFE FLOOR INPUT   (standard library only)
"""

import json
import subprocess
import sys
import time

out, runs, cafe, floor, data = sys.argv[1], int(sys.argv[2]), *sys.argv[3:6]
commands = {
    "cafe-lint": [cafe, "--output-format", "concise", data],
    "floor": [floor, data],
}


def seconds(command):
    start = time.perf_counter()
    subprocess.run(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    return time.perf_counter() - start


for _ in range(2):  # warm-up: the files in the page cache
    for command in commands.values():
        seconds(command)
times = {name: [] for name in commands}
for _ in range(runs):
    for name, command in commands.items():
        times[name].append(seconds(command))
with open(out, "w") as f:
    json.dump({"input": data, "times": times}, f)
