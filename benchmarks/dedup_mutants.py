"""Mutation score of review/dedup.py: a seeded random sample of the mutants mutmut 2.5.1 generates
for the module, each run against the dedup unit tests; prints KILLED/SURVIVED per mutant (with its
line number and the mutated line) and the score.

    .venv/bin/python benchmarks/dedup_mutants.py [--sample 100] [--seed 16] [--workdir /tmp/mut]

Needs mutmut 2.5.1 in the virtualenv (``.venv/bin/pip install mutmut==2.5.1``); only its mutation
generator is used (``mutmut.list_mutations`` / ``mutmut.mutate``), not its runner or cache. The
committed HEAD of this repository is cloned into ``WORKDIR/main`` and the mutants are written over
the clone's copy of the module, one at a time; the working tree the script is started from is never
touched. Each mutant is one pytest run (``-x``, no xdist: the machine is shared), KILLED when pytest
exits non-zero or exceeds ``--timeout`` seconds. No benchmark data is needed (LAKTASI_BENCHDATA and
CI are removed from the tests' environment). Which survivors are equivalent mutants is judged by
reading them; the score printed here counts every survivor.
"""

from __future__ import annotations

import argparse
import ast
import difflib
import os
import random
import shutil
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
MODULE = "src/laktasi/review/dedup.py"
TESTS = ["tests/review/test_dedup_safeguards.py", "tests/review/test_dedup.py",
         "tests/review/test_dedup_review.py", "tests/review/test_dedup_notes.py",
         "tests/review/test_dedup_sparse.py", "tests/review/test_dedup_candidates.py"]


def git(*args: str, cwd: Path) -> str:
    return subprocess.run(["git", *args], cwd=cwd, check=True, capture_output=True, text=True).stdout.strip()


def fresh_clone(workdir: Path) -> Path:
    """Clone ROOT's HEAD into WORKDIR/main; an earlier clone of ROOT there is replaced."""
    clone = workdir / "main"
    if clone.exists():
        origin = subprocess.run(["git", "config", "remote.origin.url"], cwd=clone, capture_output=True,
                                text=True).stdout.strip()
        if Path(origin).resolve() != ROOT:
            raise SystemExit(f"{clone} exists and is not a clone of {ROOT}; remove it or pick another --workdir")
        shutil.rmtree(clone)
    workdir.mkdir(parents=True, exist_ok=True)
    git("clone", "-q", str(ROOT), str(clone), cwd=workdir)
    return clone


def run_tests(clone: Path, timeout: float) -> tuple[bool, str]:
    """(passed, last line of pytest's output); a timeout counts as failed."""
    env = {k: v for k, v in os.environ.items() if k not in ("LAKTASI_BENCHDATA", "CI", "PYTHONPATH")}
    env.update(PYTHONPATH=str(clone / "src"), PYTHONDONTWRITEBYTECODE="1")
    cmd = [sys.executable, "-m", "pytest", "-x", "-q", "-p", "no:cacheprovider", *TESTS]
    try:
        r = subprocess.run(cmd, cwd=clone, env=env, capture_output=True, text=True, timeout=timeout)
    except subprocess.TimeoutExpired:
        return False, f"timeout after {timeout:.0f} s"
    lines = (r.stdout + r.stderr).strip().splitlines()
    return r.returncode == 0, lines[-1] if lines else f"exit {r.returncode}"


def changed_line(original: str, mutated: str) -> tuple[int, str]:
    """1-based number and text of the first line the mutant changes."""
    old, new = original.splitlines(), mutated.splitlines()
    for tag, i1, _i2, j1, j2 in difflib.SequenceMatcher(a=old, b=new, autojunk=False).get_opcodes():
        if tag != "equal":
            return i1 + 1, new[j1] if j1 < j2 else "<line deleted>"
    raise AssertionError("mutant equals the original source")


def function_lines(source: str, names: list[str]) -> list[tuple[int, int]]:
    """First and last line (1-based) of each named top-level function of ``source``."""
    spans = [(node.lineno, node.end_lineno or node.lineno) for node in ast.parse(source).body
             if isinstance(node, ast.FunctionDef) and node.name in names]
    if len(spans) != len(set(names)):
        raise SystemExit(f"not every function was found: {names}")
    return spans


def main() -> int:
    ap = argparse.ArgumentParser(description="Mutation score of review/dedup.py on a sample of mutmut mutants.")
    ap.add_argument("--sample", type=int, default=100, help="mutants to run (default 100; 0 = all)")
    ap.add_argument("--seed", type=int, default=16, help="seed of random.Random for the sample (default 16)")
    ap.add_argument("--workdir", type=Path, default=Path("/tmp/mut"), help="where the clone is made")
    ap.add_argument("--timeout", type=float, default=300, help="seconds per test run (default 300)")
    ap.add_argument("--module", default=MODULE, help=f"the module to mutate (default {MODULE}; also "
                    "src/laktasi/review/dedup_keys.py or dedup_candidates.py)")
    ap.add_argument("--function", action="append", default=[],
                    help="only mutants inside this top-level function (repeatable), e.g. _only_slips")
    args = ap.parse_args()
    module = args.module

    import mutmut  # here, not at import time: collecting or linting this file needs no mutmut

    if mutmut.__version__ != "2.5.1":
        print(f"warning: mutmut {mutmut.__version__}, the numbers were measured with 2.5.1", file=sys.stderr)
    start = time.monotonic()
    clone = fresh_clone(args.workdir.resolve())
    path = clone / module
    original = path.read_text(encoding="utf-8")
    print(f"{module} at {git('rev-parse', '--short', 'HEAD', cwd=clone)}, clone {clone}", flush=True)

    passed, summary = run_tests(clone, args.timeout)
    if not passed:
        raise SystemExit(f"the tests fail without any mutant: {summary}")
    print(f"unmutated: {summary}", flush=True)

    mutants = mutmut.list_mutations(mutmut.Context(source=original, filename=module))
    if args.function:
        spans = function_lines(original, args.function)
        # mutmut numbers lines from 0
        mutants = [m for m in mutants if any(a <= m.line_number + 1 <= b for a, b in spans)]
    k = len(mutants) if args.sample <= 0 else min(args.sample, len(mutants))
    chosen = sorted(random.Random(args.seed).sample(range(len(mutants)), k))  # run in file order
    print(f"{len(mutants)} mutants generated; running {k} (seed {args.seed})", flush=True)

    survivors = []
    killed = 0
    try:
        for n, i in enumerate(chosen, 1):
            mid = mutants[i]
            context = mutmut.Context(source=original, mutation_id=mid, filename=module)
            mutated, count = mutmut.mutate(context)
            assert count == 1, (mid, count)
            lineno, text = changed_line(original, mutated)
            path.write_text(mutated, encoding="utf-8")
            try:
                passed, summary = run_tests(clone, args.timeout)
            finally:
                path.write_text(original, encoding="utf-8")
            killed += not passed
            status = "SURVIVED" if passed else "KILLED  "
            print(f"[{n:3}/{k}] {status} #{i} line {lineno} (mutmut index {mid.index}): {text.strip()}",
                  flush=True)
            if passed:
                survivors.append((i, lineno, text.strip()))
    finally:
        path.write_text(original, encoding="utf-8")

    if git("status", "--porcelain", cwd=clone):
        raise SystemExit(f"the clone {clone} is not clean after the run")
    print(f"\nclone restored (git status clean); wall time {time.monotonic() - start:.0f} s")
    print(f"{len(mutants)} mutants generated, {k} run: {killed} killed, {k - killed} survived; "
          f"score {killed}/{k} = {killed / k:.1%} (before setting equivalent survivors aside)")
    for i, lineno, text in survivors:
        print(f"  survived #{i} line {lineno}: {text}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
