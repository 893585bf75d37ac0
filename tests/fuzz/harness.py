"""Fuzzing every file-taking command: mutations of the example files, run in forked children.

Shared by the CI suite (``tests/fuzz/test_fuzz.py``, a small hypothesis budget) and the benchmark
(``benchmarks/fuzz.py``, thousands of inputs). Each input is run as ``laktasi.cli.main(argv)`` in a
child forked from a process that has already imported the heavy libraries, so a run costs
milliseconds rather than an interpreter start, and the child's time and memory are bounded and
measured (``wait4`` rusage) without trusting the code under test.

Outcomes: ``ok`` (exit 0), ``input_error`` (exit 2, a ``laktasi:`` message, no traceback),
``internal`` (any other exit, a traceback, or "internal error"), ``hang`` (killed after the time
limit), ``over_memory`` (peak resident memory above the limit).
"""

from __future__ import annotations

import contextlib
import os
import random
import resource
import shlex
import signal
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
EXAMPLES = REPO / "examples"
FIXTURES = REPO / "tests" / "fixtures"

OUTCOMES = ("ok", "input_error", "internal", "hang", "over_memory")


# ---------------------------------------------------------------------------------------------
# Commands: seed files and how to call each command on a (mutated) input
# ---------------------------------------------------------------------------------------------

@dataclass(frozen=True)
class Command:
    name: str
    seeds: tuple[Path, ...]
    argv: Callable[[Path, Path], list[str]]  # (input file, output folder) -> argv


def _commands() -> dict[str, Command]:
    ex, fx = EXAMPLES, FIXTURES
    design = ex / "seed_balibo" / "design.yaml"
    return {c.name: c for c in [
        Command("analyze", (ex / "seed_balibo" / "data.csv", ex / "study_wide.csv", ex / "study_semicolon.csv",
                            ex / "study_three_times.csv", ex / "study.xlsx", ex / "study.sav"),
                lambda f, o: ["analyze", str(f), "--json", "--report", str(o / "r.docx")]),
        Command("analyze-design", (design, ex / "design_three_times.yaml", ex / "design_long.yaml"),
                lambda f, o: ["analyze", str(ex / "seed_balibo" / "data.csv"), "--design", str(f), "--json"]),
        Command("meta", (ex / "meta" / "bcg.csv", ex / "meta" / "contoh_prepost.csv",
                         ex / "meta" / "contoh_pijat_oksitosin.csv"),
                lambda f, o: ["meta", str(f), "--measure", _meta_measure(f), "--json",
                              "--forest", str(o / "f.png")]),
        Command("audit", (ex / "audit" / "seed_claims.yaml", ex / "audit" / "seed_excerpts.txt"),
                lambda f, o: ["audit", str(f), "--json"]),
        Command("review-search", (ex / "review" / "strategy_seed.yaml",),
                lambda f, o: ["review", "search", str(f), "--json"]),
        Command("review-import", (fx / "review" / "synthetic_scopus_oxytocin.ris",
                                  fx / "review" / "synthetic_pubmed_oxytocin.nbib",
                                  fx / "review" / "synthetic_rayyan.csv", fx / "review" / "imitation_ebsco.bib",
                                  fx / "review" / "synthetic_wos_tab_utf16.txt",
                                  fx / "review" / "imitation_endnote20.xml", fx / "review" / "imitation_zotero.xml",
                                  fx / "review" / "imitation_mendeley.xml",
                                  fx / "review" / "imitation_google_scholar.enw",
                                  fx / "review" / "imitation_publish_or_perish.json",
                                  fx / "review" / "synthetic_publish_or_perish.csv",
                                  fx / "review" / "imitation_springer.csv",
                                  fx / "review" / "imitation_psycinfo_apa.ris",
                                  fx / "review" / "imitation_eric.nbib"),
                lambda f, o: ["review", "import", str(f), "--out", str(o / "records.csv"), "--json"]),
        Command("review-dedup", (fx / "review_dedup" / "pubmed.ris", fx / "review_dedup" / "scopus.ris",
                                 fx / "review_dedup" / "adversarial.csv"),
                lambda f, o: ["review", "dedup", str(f), "--out", str(o / "d.csv"), "--all", str(o / "a.csv"),
                              "--json"]),
        Command("review-prisma", (ex / "review" / "prisma_counts.yaml",
                                  ex / "review" / "prisma_counts_other_methods.yaml"),
                lambda f, o: ["review", "prisma", str(f), "--out", str(o / "p.svg"), "--json"]),
        Command("review-table", (ex / "review" / "extraction_seed.csv",),
                lambda f, o: ["review", "table", str(f), "--out", str(o / "t.docx"), "--json"]),
        # power takes no file: its "file" is the argument line, mutated like any other text
        Command("power", tuple(sorted((Path(__file__).parent / "seeds").glob("power_*.args"))),
                lambda f, o: [*_args_line(f), "--json"]),
    ]}


def _args_line(f: Path) -> list[str]:
    line = f.read_bytes().decode("utf-8", "replace").replace("\x00", "")
    try:
        return shlex.split(line)[:40]
    except ValueError:  # an unbalanced quote after mutation
        return line.split()[:40]


def _meta_measure(f: Path) -> str:
    head = f.read_bytes()[:2000].lower()
    if b"mean_pre" in head:
        return "SMCR"
    if b"mean_t" in head:
        return "MD"
    return "RR"


COMMANDS = _commands()


# ---------------------------------------------------------------------------------------------
# Mutations (each: bytes, random source -> bytes)
# ---------------------------------------------------------------------------------------------

BOMB = ('a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]\n'
        + "".join(f"{chr(98 + i)}: &{chr(98 + i)} [" + ",".join([f"*{chr(97 + i)}"] * 9) + "]\n"
                  for i in range(8))).encode()
EXTREMES = [b"1e200", b"-1e200", b"1e308", b"1e-320", b"inf", b"-inf", b"nan", b"NaN", b"0", b"-0",
            b"99999999999999999999999", b"1,5", b"2025-13-45", b"", b"-1", b"1e999", b"0x10", b"\xe9"]


def _lines(data: bytes) -> list[bytes]:
    return data.split(b"\n")


def m_truncate(d: bytes, r: random.Random) -> bytes:
    return d[: r.randrange(len(d) + 1)] if d else d


def m_flip(d: bytes, r: random.Random) -> bytes:
    if not d:
        return d
    b = bytearray(d)
    for _ in range(r.randint(1, 8)):
        b[r.randrange(len(b))] = r.randrange(256)
    return bytes(b)


def m_delete(d: bytes, r: random.Random) -> bytes:
    if not d:
        return d
    i = r.randrange(len(d))
    return d[:i] + d[i + r.randint(1, 64):]


def m_junk(d: bytes, r: random.Random) -> bytes:
    i = r.randrange(len(d) + 1)
    junk = r.choice([bytes(r.randrange(256) for _ in range(r.randint(1, 64))), b"\x00" * 16, b"\r", b"\t",
                     b'"', b",,,,", b";", b"- ", b": ", b"[", b"{", b"&a *a", b"!!python/object:os.system",
                     b"\x1b[31m", b"\x0b\x0c"])
    return d[:i] + junk + d[i:]


def m_encoding(d: bytes, r: random.Random) -> bytes:
    try:
        text = d.decode("utf-8-sig")
    except UnicodeDecodeError:
        return d
    enc = r.choice(["utf-16", "utf-16-le", "utf-8-sig", "cp1252", "latin-1", "mixed"])
    if enc == "mixed":
        return b"\xef\xbb\xbf" + text.encode("utf-8") + "\nJosé".encode("latin-1")
    return text.encode(enc, errors="replace")


def m_line_endings(d: bytes, r: random.Random) -> bytes:
    return d.replace(b"\r\n", b"\n").replace(b"\n", r.choice([b"\r\n", b"\r", b"\n\n", b"\x85"]))


def m_huge_field(d: bytes, r: random.Random) -> bytes:
    lines = _lines(d)
    if len(lines) < 2:
        return d + b"x" * 200_000
    k = r.randrange(1, len(lines))
    lines[k] = b"x" * r.choice([131_073, 300_000]) + b"," + lines[k]
    return b"\n".join(lines)


def m_number(d: bytes, r: random.Random) -> bytes:
    import re

    spots = [m.span() for m in re.finditer(rb"-?\d+(?:[.,]\d+)?(?:e-?\d+)?", d)]
    if not spots:
        return d
    out = d
    for a, b in sorted(r.sample(spots, min(len(spots), r.randint(1, 4))), reverse=True):
        out = out[:a] + r.choice(EXTREMES) + out[b:]
    return out


def m_all_numbers(d: bytes, r: random.Random) -> bytes:
    import re

    value = r.choice([b"inf", b"1e200", b"0", b"1e308", b"-1e308"])
    return re.sub(rb"(?<![A-Za-z_])\d+(?:\.\d+)?(?![A-Za-z_])", value, d)


def m_lines(d: bytes, r: random.Random) -> bytes:
    lines = _lines(d)
    if len(lines) < 2:
        return d
    op = r.choice(["dup", "drop", "swap", "short", "header_only", "blank"])
    k = r.randrange(len(lines))
    if op == "dup":
        lines.insert(k, lines[k])
    elif op == "drop":
        del lines[k]
    elif op == "swap":
        j = r.randrange(len(lines))
        lines[k], lines[j] = lines[j], lines[k]
    elif op == "short":
        lines[k] = lines[k][: len(lines[k]) // 2]
    elif op == "header_only":
        lines = lines[:1]
    else:
        lines.insert(k, b"")
    return b"\n".join(lines)


def m_yaml_bomb(d: bytes, r: random.Random) -> bytes:
    return r.choice([BOMB, BOMB + d, d + b"\n" + BOMB])


def m_nesting(d: bytes, r: random.Random) -> bytes:
    n = r.choice([100, 1000, 4000])
    kind = r.choice(["flow", "block", "map"])
    if kind == "flow":
        nest = b"[" * n + b"]" * n
    elif kind == "map":
        nest = b"{a: " * n + b"1" + b"}" * n
    else:
        nest = b"".join(b"  " * i + b"- \n" for i in range(min(n, 1000)))
    return r.choice([nest, d + b"\nx: " + nest])


def m_control(d: bytes, r: random.Random) -> bytes:
    if not d:
        return d
    i = r.randrange(len(d))
    return d[:i] + bytes([r.choice([0, 1, 7, 8, 11, 12, 27, 31, 127])]) + d[i:]


def m_empty(d: bytes, r: random.Random) -> bytes:
    return r.choice([b"", b"\n", b"\xef\xbb\xbf", b"\xff\xfe", b"\xff\xfea", b" ", b"---\n", b"~\n", b"[]", b"{}"])


MUTATORS: dict[str, Callable[[bytes, random.Random], bytes]] = {
    "truncate": m_truncate, "flip": m_flip, "delete": m_delete, "junk": m_junk, "encoding": m_encoding,
    "line_endings": m_line_endings, "huge_field": m_huge_field, "number": m_number,
    "all_numbers": m_all_numbers, "lines": m_lines, "yaml_bomb": m_yaml_bomb, "nesting": m_nesting,
    "control": m_control, "empty": m_empty,
}


def mutate(data: bytes, ops: Sequence[str], seed: int) -> bytes:
    r = random.Random(seed)
    for op in ops:
        data = MUTATORS[op](data, r)
    return data


# ---------------------------------------------------------------------------------------------
# Running one input in a forked child
# ---------------------------------------------------------------------------------------------

@dataclass(frozen=True)
class Outcome:
    command: str
    outcome: str
    exit_code: int | None
    seconds: float
    max_rss_mb: float
    stderr_tail: str


def preload() -> None:
    """Import what the commands import, once, so that each forked child starts warm."""
    os.environ.setdefault("MPLBACKEND", "Agg")
    import matplotlib

    matplotlib.use("Agg")
    import docx  # noqa: F401
    import matplotlib.pyplot  # noqa: F401
    import openpyxl  # noqa: F401
    import pandas  # noqa: F401
    import scipy.stats  # noqa: F401
    import statsmodels.api  # noqa: F401

    import laktasi.cli
    from laktasi.cli import build_parser

    build_parser("en")
    for mod in ("laktasi.trial.analysis", "laktasi.report.study", "laktasi.meta.analysis",
                "laktasi.report.meta_plots", "laktasi.report.meta_report", "laktasi.audit",
                "laktasi.review.io", "laktasi.review.dedup", "laktasi.review.prisma",
                "laktasi.report.prisma_diagram", "laktasi.review.study_table", "laktasi.review.strategy"):
        with contextlib.suppress(ImportError):
            __import__(mod)
    del laktasi


def run_one(command: str, data: bytes, suffix: str, *, timeout: float = 20.0, memory_mb: int = 1024,
            workdir: Path | None = None) -> Outcome:
    """Write ``data`` to a file with ``suffix``, run the command on it in a forked child, classify."""
    cmd = COMMANDS[command]
    with tempfile.TemporaryDirectory(prefix="laktasi-fuzz-", dir=workdir) as tmp:
        folder = Path(tmp)
        src = folder / f"input{suffix}"
        src.write_bytes(data)
        out_dir = folder / "out"
        out_dir.mkdir()
        argv = cmd.argv(src, out_dir)
        out_path, err_path = folder / "stdout", folder / "stderr"
        start = time.perf_counter()
        pid = os.fork()
        if pid == 0:  # child: never returns
            _child(argv, out_path, err_path, memory_mb)
        deadline = start + timeout
        status, usage, killed = 0, None, False
        while True:
            wpid, status, usage = os.wait4(pid, os.WNOHANG)
            if wpid:
                break
            if time.perf_counter() > deadline:
                os.kill(pid, signal.SIGKILL)
                _, status, usage = os.wait4(pid, 0)
                killed = True
                break
            time.sleep(0.005)
        seconds = time.perf_counter() - start
        rss_mb = usage.ru_maxrss / 1024 if usage else 0.0
        stderr = err_path.read_text(encoding="utf-8", errors="replace") if err_path.exists() else ""
    code = os.waitstatus_to_exitcode(status) if not killed else None
    if killed:
        kind = "hang"
    elif rss_mb > memory_mb or "MemoryError" in stderr:
        kind = "over_memory"
    elif "Traceback" in stderr or "internal error" in stderr or code not in (0, 2):
        kind = "internal"
    elif code == 2:
        kind = "input_error" if "laktasi" in stderr else "internal"
    else:
        kind = "ok"
    return Outcome(command, kind, code, seconds, rss_mb, stderr[-600:])


def _child(argv: list[str], out_path: Path, err_path: Path, memory_mb: int) -> None:
    code = 70
    try:
        # A hard ceiling well above the 1 GB that counts as a failure, so a runaway input cannot take
        # the machine down; the measured peak (ru_maxrss) is what classifies the run.
        limit = (memory_mb * 3) * 1024 * 1024
        with contextlib.suppress(ValueError, OSError):
            resource.setrlimit(resource.RLIMIT_AS, (limit, limit))
        out_fd = os.open(out_path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        err_fd = os.open(err_path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        os.dup2(out_fd, 1)
        os.dup2(err_fd, 2)
        sys.stdout = open(1, "w", encoding="utf-8", closefd=False)  # noqa: SIM115
        sys.stderr = open(2, "w", encoding="utf-8", closefd=False)  # noqa: SIM115
        os.environ.pop("LAKTASI_DEBUG", None)
        from laktasi.cli import main

        try:
            code = main(argv)
        except SystemExit as exc:  # argparse
            code = exc.code if isinstance(exc.code, int) else 2
        sys.stdout.flush()
        sys.stderr.flush()
    except BaseException:  # noqa: BLE001 - report anything escaping main() as a traceback
        import traceback

        with contextlib.suppress(Exception):
            traceback.print_exc()
            sys.stderr.flush()
        code = 70
    finally:
        os._exit(code if isinstance(code, int) else 70)


@dataclass(frozen=True)
class Case:
    command: str
    seed_file: Path
    ops: tuple[str, ...]
    seed: int

    @property
    def data(self) -> bytes:
        return mutate(self.seed_file.read_bytes(), self.ops, self.seed)

    def describe(self) -> str:
        return f"{self.command} {self.seed_file.relative_to(REPO)} ops={','.join(self.ops)} seed={self.seed}"


def random_case(r: random.Random, command: str | None = None) -> Case:
    """A command, one of its seed files and a few mutations, drawn from ``r``."""
    name = command or r.choice(sorted(COMMANDS))
    seed_file = r.choice(COMMANDS[name].seeds)
    ops = tuple(r.choices(sorted(MUTATORS), k=r.choice([1, 1, 2, 3])))
    return Case(name, seed_file, ops, r.randrange(2**32))
