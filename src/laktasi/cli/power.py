"""``laktasi power DESIGN …``: sample size (give ``--power``) or power (give ``--n``).

Designs: ``paired-t``, ``two-sample-t``, ``ancova``, ``mcnemar``, ``two-proportions``.
Numbers may use a decimal comma (``--d 0,5``). With ``--json`` standard output is one JSON
object (the fields of :class:`laktasi.stats.power.PowerResult`).
"""

from __future__ import annotations

import argparse
import math
from dataclasses import asdict, replace
from typing import Any

from laktasi.cli._common import add_json_flag, add_lang_flag, print_json
from laktasi.errors import InputError, Problem, Text

# design -> (help en, options it needs); each option is (flag, dest, help)
DESIGNS: dict[str, tuple[str, tuple[tuple[str, str, str], ...]]] = {
    "paired-t": ("paired t-test (pre/post in one arm); --d is d_z = mean change / SD of change",
                 (("--d", "d", "standardised mean change d_z, e.g. 0.5"),)),
    "two-sample-t": ("two-sample t-test between arms; --d is Cohen's d",
                     (("--d", "d", "standardised difference between arms (Cohen's d), e.g. 0.5"),)),
    "ancova": ("ANCOVA of post adjusting for pre (Borm et al. 2007)",
               (("--d", "d", "standardised difference between arms on the post measurement"),
                ("--rho", "rho", "pre–post correlation, e.g. 0.6"))),
    "mcnemar": ("McNemar test of a yes/no outcome before and after (Connor 1987)",
                (("--p-up", "p_up", "proportion of pairs changing no → yes, e.g. 0.3"),
                 ("--p-down", "p_down", "proportion of pairs changing yes → no, e.g. 0.1"))),
    "two-proportions": ("two independent proportions (Cohen's h)",
                        (("--p1", "p1", "proportion in the other arm, e.g. 0.6"),
                         ("--p2", "p2", "proportion in the reference arm, e.g. 0.4"))),
}

TITLES = {
    "paired_t": Text("Paired t-test", "Uji t berpasangan"),
    "two_sample_t": Text("Two-sample t-test", "Uji t dua sampel independen"),
    "ancova": Text("ANCOVA (post adjusted for pre)", "ANCOVA (post disesuaikan dengan pre)"),
    "mcnemar": Text("McNemar test", "Uji McNemar"),
    "two_proportions": Text("Two independent proportions", "Dua proporsi independen"),
}


METHOD_ID = {
    "exact": "uji binomial eksak, power dihitung dengan enumerasi",
    "paired_t": "t nonsentral, df = n − 1",
    "two_sample_t": "t nonsentral, df = 2n − 2",
    "ancova": "besar sampel uji t dua sampel × (1 − ρ²)",
    "mcnemar": "pendekatan normal (Connor 1987)",
    "two_proportions": "pendekatan normal pada h Cohen",
}


def register(subparsers: Any) -> None:
    parser: argparse.ArgumentParser = subparsers.add_parser(
        "power",
        help="sample size or power: paired t, two-sample t, ANCOVA, McNemar, two proportions",
        description="Sample size (give --power) or power (give --n) for a study design. "
        "Example: laktasi power paired-t --d 0.5 --power 0.8",
    )
    sub = parser.add_subparsers(dest="design", metavar="DESIGN")
    for name, (help_text, options) in DESIGNS.items():
        p = sub.add_parser(name, help=help_text, description=help_text)
        for flag, dest, opt_help in options:
            p.add_argument(flag, dest=dest, metavar="X", help=opt_help)
        if any(dest == "d" for _, dest, _ in options):
            p.add_argument("--diff", metavar="X", help="instead of --d: expected difference in the outcome's unit "
                           "(e.g. 10 ml); d = diff / sd")
            p.add_argument("--sd", metavar="S", help="instead of --d: standard deviation in the same unit "
                           + ("(of the change)" if name == "paired-t" else "(within an arm)"))
        p.add_argument("--power", metavar="P", help="target power, e.g. 0.8 (computes the sample size)")
        p.add_argument("--n", metavar="N", help="sample size: pairs, or participants per arm (computes power)")
        p.add_argument("--alpha", metavar="A", default="0.05", help="significance level (default 0.05)")
        p.add_argument("--one-sided", action="store_true", help="one-sided test (default two-sided)")
        if name == "mcnemar":
            p.add_argument("--exact", action="store_true",
                           help="size for the exact (binomial) McNemar test that 'laktasi analyze' runs")
        add_json_flag(p)
        add_lang_flag(p)
        p.set_defaults(func=run)

    def show_help(args: argparse.Namespace) -> int:
        parser.print_help()
        return 0

    parser.set_defaults(func=show_help)


def _numbers(args: argparse.Namespace) -> dict[str, float | None]:
    """Parse every numeric option (decimal point or comma); report all bad values at once."""
    from laktasi.report.numbers import parse_number

    _, options = DESIGNS[args.design]
    wanted = [(flag, dest) for flag, dest, _ in options] + [("--power", "power"), ("--n", "n"), ("--alpha", "alpha")]
    values: dict[str, float | None] = {}
    problems: list[Problem] = []
    for flag, dest in wanted:
        raw = getattr(args, dest)
        if dest == "d" and raw is None and (args.diff is not None or args.sd is not None):
            values["d"] = _d_from_diff_sd(args.diff, args.sd, problems)
            continue
        if raw is None:
            values[dest] = None
            if dest not in ("power", "n"):
                extra = " (or --diff and --sd)" if dest == "d" else ""
                extra_id = " (atau --diff dan --sd)" if dest == "d" else ""
                problems.append(Problem("missing_option", Text(en=f"{flag}{extra} is required for {args.design}",
                                                               id=f"{flag}{extra_id} wajib untuk {args.design}"),
                                        column=flag))
            continue
        try:
            values[dest] = parse_number(str(raw))
            if not math.isfinite(values[dest] or 0.0):
                raise ValueError
        except ValueError:
            problems.append(Problem("not_a_number", Text(en=f"{flag}: not a number", id=f"{flag}: bukan angka"),
                                    column=flag, value=raw))
    alpha = values.get("alpha")
    if alpha is not None and 0 < alpha < 1e-8:  # other bad values are reported with the rest by stats.power
        # scipy's noncentral t is not reliable far beyond this, and no study plans for it
        problems.append(Problem("invalid_power_argument", Text(
            en="--alpha below 0.00000001 is not supported", id="--alpha di bawah 0,00000001 tidak didukung"),
            column="--alpha", value=alpha))
    if problems:
        raise InputError(problems)
    return values


def _d_from_diff_sd(diff: str | None, sd: str | None, problems: list[Problem]) -> float | None:
    """d = diff / sd from the two options, adding a problem for each missing or bad one."""
    from laktasi.report.numbers import parse_number

    parsed: dict[str, float] = {}
    for flag, raw in (("--diff", diff), ("--sd", sd)):
        if raw is None:
            problems.append(Problem("missing_option", Text(en=f"{flag} is needed with --diff/--sd",
                                                           id=f"{flag} diperlukan bersama --diff/--sd"), column=flag))
            continue
        try:
            parsed[flag] = parse_number(str(raw))
        except ValueError:
            problems.append(Problem("not_a_number", Text(en=f"{flag}: not a number", id=f"{flag}: bukan angka"),
                                    column=flag, value=raw))
    if "--sd" in parsed and not parsed["--sd"] > 0:
        problems.append(Problem("invalid_power_argument", Text(en="--sd must be above 0", id="--sd harus di atas 0"),
                                column="--sd", value=parsed["--sd"]))
        return None
    if len(parsed) == 2:
        return parsed["--diff"] / parsed["--sd"]
    return None


def compute(args: argparse.Namespace) -> Any:
    from laktasi.stats import power

    v = _numbers(args)
    common: dict[str, Any] = {"n": v["n"], "power": v["power"], "alpha": v["alpha"],
                              "alternative": "one-sided" if args.one_sided else "two-sided"}
    if args.design == "paired-t":
        return power.paired_t(v["d"], **common)  # type: ignore[arg-type]
    if args.design == "two-sample-t":
        return power.two_sample_t(v["d"], **common)  # type: ignore[arg-type]
    if args.design == "ancova":
        return power.ancova(v["d"], v["rho"], **common)  # type: ignore[arg-type]
    if args.design == "mcnemar":
        return power.mcnemar(v["p_up"], v["p_down"], exact=args.exact, **common)  # type: ignore[arg-type]
    return power.two_proportions(v["p1"], v["p2"], **common)  # type: ignore[arg-type]


def run(args: argparse.Namespace) -> int:
    result = compute(args)
    if getattr(args, "d", None) is None and getattr(args, "diff", None) is not None:
        from laktasi.report.numbers import parse_number

        # keep the user's own numbers beside the standardised d they imply
        effect = {**result.effect, "diff": parse_number(args.diff), "sd": parse_number(args.sd)}
        result = replace(result, effect=effect)
    if args.json:
        print_json(asdict(result))
    else:
        print(describe(result, args.lang))
    return 0


def describe(r: Any, lang: str) -> str:
    """A few readable lines for a terminal, in Indonesian or English, locale number format."""
    from laktasi.report.numbers import fmt_num

    def t(en: str, id_: str) -> str:
        return id_ if lang == "id" else en

    def num(x: float, digits: int = 2) -> str:
        return fmt_num(x, digits, lang)

    names = {"diff": t("difference", "selisih"), "sd": "SD", "d": "d", "rho": "ρ", "p_up": t("p(no→yes)", "p(tidak→ya)"), "p_down": t("p(yes→no)", "p(ya→tidak)"),
             "p1": "p1", "p2": "p2", "h": "h", "design_factor": t("design factor 1−ρ²", "faktor desain 1−ρ²")}
    shown = [k for k in names if k in r.effect and k not in ("psi", "delta")]
    inputs = "; ".join(f"{names[k]} = {num(r.effect[k], 3 if k == 'h' else 2)}" for k in shown)
    sides = t("one-sided", "satu sisi") if r.alternative == "one-sided" else t("two-sided", "dua sisi")
    unit = t("pairs", "pasang") if r.unit == "pairs" else t("per arm", "per kelompok")
    lines = [TITLES[r.design].in_(lang) + " — " + (t("sample size", "besar sampel") if r.solved_for == "n"
                                                   else t("power", "power")),
             f"  {inputs}; alpha = {num(r.alpha, 3).rstrip('0').rstrip(',.')} ({sides})"]
    if r.solved_for == "n":
        lines.append(f"  {t('Target power', 'Power yang diinginkan')}: {num(r.target_power, 2)}")
        real = "" if float(r.n_exact).is_integer() else f" (n = {num(r.n_exact, 2)})"
        lines.append(f"  {t('Required', 'Diperlukan')}: {r.n} {unit}{real}"
                     + (f", {t('total', 'total')} {r.n_total}" if r.unit == "per_group" else ""))
        lines.append(f"  {t('Power with', 'Power dengan')} {r.n} {unit}: {num(r.power, 3)}")
    else:
        lines.append(f"  n = {fmt_num(r.n_exact, 0 if float(r.n_exact).is_integer() else 2, lang)} {unit}")
        lines.append(f"  Power: {num(r.power, 3)}")
    if r.exact_test_power is not None and r.method.startswith("normal"):
        lines.append(f"  {t('Power of the exact McNemar test with', 'Power uji McNemar eksak dengan')} {r.n} {unit}: "
                     f"{num(r.exact_test_power, 3)} ({t('use --exact to size for it', 'pakai --exact untuk menghitung besar sampelnya')})")
    lines.append(f"  {t('Method', 'Metode')}: {METHOD_ID['exact' if r.method.startswith('exact') else r.design] if lang == 'id' else r.method}")
    lines.append(f"  {t('Reference', 'Rujukan')}: {r.reference}")
    return "\n".join(lines)

