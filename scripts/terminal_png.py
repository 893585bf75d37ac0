"""Render a command's terminal output as a PNG for the docs (dark terminal, monospace).

Usage: .venv/bin/python scripts/terminal_png.py OUT.png -- laktasi analyze DATA ...
The command is run for real; its standard output (prefixed by the command line) becomes the picture.
"""

from __future__ import annotations

import os
import shlex
import subprocess
import sys

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402


def main(argv: list[str]) -> int:
    if len(argv) < 3 or argv[1] != "--":
        print(__doc__, file=sys.stderr)
        return 2
    out, command = argv[0], argv[2:]
    exe = os.path.join(os.path.dirname(sys.executable), command[0])
    run = subprocess.run([exe if os.path.exists(exe) else command[0], *command[1:]],
                         capture_output=True, text=True, check=False)
    text = "$ " + shlex.join(command) + "\n" + run.stdout.rstrip("\n")
    lines = text.split("\n")
    width = max(len(line) for line in lines)
    fig = plt.figure(figsize=(0.072 * width + 0.4, 0.16 * len(lines) + 0.4), dpi=110)
    fig.patch.set_facecolor("#1e1e1e")
    fig.text(0.01, 0.99, text, family="DejaVu Sans Mono", fontsize=9, color="#e8e8e8", va="top", ha="left")
    fig.savefig(out, facecolor=fig.get_facecolor())
    print(f"{out}: {len(lines)} lines, exit {run.returncode}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
