"""Fuzz every file-taking command with thousands of mutated example files; print outcomes per command.

    .venv/bin/python benchmarks/fuzz.py                 # 5,000 inputs, seed 0
    .venv/bin/python benchmarks/fuzz.py --n 500 --seed 3 --save /tmp/fuzz-failures

Each input is a mutation of an example file (truncation, byte flips, deletions, junk, re-encoding,
line endings, huge fields, numbers at the extremes, line shuffles, YAML alias bombs and nesting,
control characters, empty files; power's argument line likewise) run through ``laktasi.cli.main``
in a forked child with a time limit and its peak memory measured (tests/fuzz/harness.py). The
promise being measured: every run ends in ``ok`` (exit 0) or ``input_error`` (exit 2 with a
message, no traceback); ``internal``, ``hang`` and ``over_memory`` must all be 0.
"""

from __future__ import annotations

import argparse
import collections
import json
import os
import random
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests" / "fuzz"))

import harness  # noqa: E402


def _case(seed: int, i: int, command: str | None) -> harness.Case:
    """Input ``i`` depends only on (seed, i), so the set of inputs is the same for any --jobs."""
    return harness.random_case(random.Random(seed * 1_000_003 + i), command)


def _worker(args: argparse.Namespace, job: int, out: Path) -> None:
    with out.open("w", encoding="utf-8") as handle:
        for i in range(job, args.n, args.jobs):
            case = _case(args.seed, i, args.command)
            o = harness.run_one(case.command, case.data, case.seed_file.suffix, timeout=args.timeout,
                                memory_mb=args.memory_mb)
            handle.write(json.dumps([i, o.outcome, o.exit_code, o.seconds, o.max_rss_mb, o.stderr_tail]) + "\n")
            handle.flush()
            if o.outcome not in ("ok", "input_error") and args.save:
                args.save.mkdir(parents=True, exist_ok=True)
                (args.save / f"{i:05d}-{case.command}{case.seed_file.suffix}").write_bytes(case.data)
            if job == 0 and (i // args.jobs + 1) % 100 == 0:
                print(f"... about {i + 1} inputs", file=sys.stderr, flush=True)


def _run_all(args: argparse.Namespace) -> list[tuple[harness.Case, harness.Outcome]]:
    with tempfile.TemporaryDirectory(prefix="laktasi-fuzz-jobs-") as tmp:
        files = [Path(tmp) / f"job{j}.jsonl" for j in range(args.jobs)]
        pids = []
        for j, f in enumerate(files):
            pid = os.fork()
            if pid == 0:
                code = 0
                try:
                    _worker(args, j, f)
                except BaseException:  # noqa: BLE001 - a worker must never fall back into the parent's loop
                    import traceback

                    traceback.print_exc()
                    code = 1
                finally:
                    os._exit(code)
            pids.append(pid)
        for pid in pids:
            os.waitpid(pid, 0)
        results = []
        for f in files:
            for line in f.read_text(encoding="utf-8").splitlines():
                i, kind, code, seconds, rss, tail = json.loads(line)
                case = _case(args.seed, i, args.command)
                results.append((case, harness.Outcome(case.command, kind, code, seconds, rss, tail)))
    if len(results) != args.n:
        raise SystemExit(f"only {len(results)} of {args.n} inputs were run")
    return results


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--n", type=int, default=5000, help="number of inputs (default 5000)")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--timeout", type=float, default=30.0, help="seconds before a run counts as a hang")
    parser.add_argument("--memory-mb", type=int, default=1024, help="peak RSS above this counts as over_memory")
    parser.add_argument("--command", choices=sorted(harness.COMMANDS), help="fuzz only this command")
    parser.add_argument("--save", type=Path, help="write each failing input here, named by its case")
    parser.add_argument("--jobs", type=int, default=1, help="inputs run at once (default 1)")
    args = parser.parse_args()

    harness.preload()
    start = time.perf_counter()
    results = _run_all(args)
    counts: collections.Counter[tuple[str, str]] = collections.Counter()
    failures: list[tuple[harness.Case, harness.Outcome]] = []
    for case, outcome in results:
        counts[(case.command, outcome.outcome)] += 1
        if outcome.outcome not in ("ok", "input_error"):
            failures.append((case, outcome))
    slowest = max((o.seconds, c.describe()) for c, o in results)
    peak = max((o.max_rss_mb, c.describe()) for c, o in results)
    elapsed = time.perf_counter() - start

    commands = sorted({c for c, _ in counts})
    width = max(7, *(len(c) for c in commands))
    print(f"laktasi fuzz: {args.n} inputs, seed {args.seed}, {elapsed:.0f} s "
          f"({elapsed / args.n:.2f} s per input), limits {args.timeout:g} s and {args.memory_mb} MB\n")
    print(f"| {'command':<{width}} | " + " | ".join(f"{o:>11}" for o in harness.OUTCOMES) + " | total |")
    print(f"|{'-' * (width + 2)}|" + "|".join("-" * 13 for _ in harness.OUTCOMES) + "|-------|")
    for c in commands:
        row = [counts[(c, o)] for o in harness.OUTCOMES]
        print(f"| {c:<{width}} | " + " | ".join(f"{n:>11}" for n in row) + f" | {sum(row):>5} |")
    totals = [sum(counts[(c, o)] for c in commands) for o in harness.OUTCOMES]
    print(f"| {'all':<{width}} | " + " | ".join(f"{n:>11}" for n in totals) + f" | {sum(totals):>5} |")
    print(f"\nslowest run: {slowest[0]:.1f} s ({slowest[1]})")
    print(f"largest peak memory: {peak[0]:.0f} MB ({peak[1]})")
    for case, outcome in failures[:50]:
        print(f"\n{outcome.outcome}: {case.describe()} exit={outcome.exit_code} {outcome.seconds:.1f} s "
              f"{outcome.max_rss_mb:.0f} MB\n  {outcome.stderr_tail.strip()[-400:]}")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
