"""Every file-taking command, fed mutated example files, exits 0 or 2 — never a traceback, hang or blow-up.

A small hypothesis budget per command (derandomised, so CI is deterministic); the large run is
``benchmarks/fuzz.py`` (5,000+ inputs). Each example runs ``laktasi.cli.main`` in a forked child
(tests/fuzz/harness.py) with a time limit and its peak memory measured.
"""

from __future__ import annotations

import sys

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from . import harness

pytestmark = pytest.mark.skipif(sys.platform != "linux", reason="the harness forks and reads wait4 rusage")

EXAMPLES_PER_COMMAND = 8  # ~10 commands × 8 × ~0.4 s: about half a minute in CI
TIMEOUT_S = 60.0  # generous for a loaded CI machine; a real hang is unbounded
MEMORY_MB = 1024


@pytest.fixture(scope="module", autouse=True)
def _warm() -> None:
    harness.preload()


@pytest.mark.parametrize("command", sorted(harness.COMMANDS))
def test_mutated_inputs_exit_0_or_2(command: str) -> None:
    seeds = harness.COMMANDS[command].seeds

    @settings(max_examples=EXAMPLES_PER_COMMAND, deadline=None, derandomize=True, database=None,
              suppress_health_check=list(HealthCheck))
    @given(seed_file=st.sampled_from(seeds),
           ops=st.lists(st.sampled_from(sorted(harness.MUTATORS)), min_size=1, max_size=3),
           seed=st.integers(0, 2**32 - 1))
    def check(seed_file, ops, seed):
        case = harness.Case(command, seed_file, tuple(ops), seed)
        outcome = harness.run_one(command, case.data, seed_file.suffix, timeout=TIMEOUT_S, memory_mb=MEMORY_MB)
        assert outcome.outcome in ("ok", "input_error"), (case.describe(), outcome)

    check()


@pytest.mark.parametrize("op", ["yaml_bomb", "nesting"])
@pytest.mark.parametrize("command", ["audit", "review-search", "review-prisma", "analyze-design"])
def test_yaml_bombs_and_nesting_are_refused_fast_and_small(command: str, op: str) -> None:
    for seed in range(3):
        case = harness.Case(command, harness.COMMANDS[command].seeds[0], (op,), seed)
        outcome = harness.run_one(command, case.data, ".yaml", timeout=TIMEOUT_S, memory_mb=MEMORY_MB)
        assert outcome.outcome == "input_error", (case.describe(), outcome)
        assert len(outcome.stderr_tail) < 600 and "lol" not in outcome.stderr_tail  # nothing expanded, echoed
