"""Sample size and power against R pwr (r/stats/references.json) and the published formulas."""

from __future__ import annotations

import math

import pytest

from laktasi.errors import InputError
from laktasi.stats import power


def test_t_tests_match_pwr(rref):
    ref = rref["pwr_t"]  # R: pwr::pwr.t.test(d, power = 0.8 | n = 20, sig.level = 0.05, type)
    assert len(ref["rows"]) == 6
    for row in ref["rows"]:
        fn = power.paired_t if row["type"] == "paired" else power.two_sample_t
        solved = fn(row["d"], power=0.8)
        # pwr's uniroot stops at tolerance ~1e-4 in n; ours solves to 1e-10
        assert solved.n_exact == pytest.approx(row["n_for_80"], abs=2e-3)
        assert solved.n == math.ceil(row["n_for_80"])
        assert solved.power >= 0.8
        at20 = fn(row["d"], n=20)
        assert at20.power == pytest.approx(row["power_at_20"], rel=1e-9)
        assert at20.solved_for == "power"


def test_two_proportions_match_pwr_2p(rref):
    ref = rref["pwr_2p"]  # R: pwr::pwr.2p.test(h = ES.h(p1, p2), ...)
    for row in ref["rows"]:
        assert power.cohens_h(row["p1"], row["p2"]) == pytest.approx(row["h"], rel=1e-12)
        solved = power.two_proportions(row["p1"], row["p2"], power=0.8)
        assert solved.n_exact == pytest.approx(row["n_for_80"], abs=2e-3)
        assert solved.n_total == 2 * solved.n
        at30 = power.two_proportions(row["p1"], row["p2"], n=30)
        assert at30.power == pytest.approx(row["power_at_30"], rel=1e-9)


def test_ancova_is_borm_design_factor(rref):
    ref = rref["ancova_power"]  # R: pwr.t.test(two.sample)$n × (1 − ρ²), Borm et al. (2007)
    for row in ref["rows"]:
        r = power.ancova(row["d"], row["rho"], power=0.8)
        assert r.n_exact == pytest.approx(row["n_ancova"], abs=2e-3)
        assert r.effect["design_factor"] == pytest.approx(1 - row["rho"] ** 2)
        # power at the ANCOVA size equals the t-test power at the equivalent size
        back = power.ancova(row["d"], row["rho"], n=r.n_exact)
        assert back.power == pytest.approx(0.8, abs=1e-8)
    assert power.ancova(0.5, 0.0, power=0.8).n_exact == pytest.approx(power.two_sample_t(0.5, power=0.8).n_exact)


def test_mcnemar_connor(rref):
    ref = rref["mcnemar_power"]  # Connor (1987) formula, written separately in R
    for row in ref["rows"]:
        r = power.mcnemar(row["p_up"], row["p_down"], power=0.8)
        assert r.n_exact == pytest.approx(row["n"], rel=1e-8)
        assert power.mcnemar(row["p_up"], row["p_down"], n=40).power == pytest.approx(row["power_at_40"], rel=1e-9)
        # Connor's n is for the asymptotic test; the exact test at that n (binom.test enumeration in R)
        # falls a little short of 80% — documented in docs/power.md
        assert 0.7 < row["exact_power_at_ceiling_n"] < 0.8


def test_one_sided_needs_fewer():
    assert power.paired_t(0.5, power=0.8, alternative="one-sided").n < power.paired_t(0.5, power=0.8).n


def test_invalid_arguments_are_all_reported():
    with pytest.raises(InputError) as info:
        power.paired_t(0, power=1.5, alpha=0)
    codes = [p.column for p in info.value.problems]
    assert codes == ["d", "alpha", "power"]
    assert all(p.text.id and p.text.en for p in info.value.problems)
    with pytest.raises(InputError):
        power.two_sample_t(0.5)  # neither n nor power
    with pytest.raises(InputError):
        power.ancova(0.5, 1.0, power=0.8)
    with pytest.raises(InputError):
        power.mcnemar(0.2, 0.2, power=0.8)
    with pytest.raises(InputError):
        power.two_proportions(0.5, 0.5, n=10)


def test_tiny_effect_beyond_reach():
    with pytest.raises(InputError) as info:
        power.paired_t(1e-5, power=0.9)
    assert info.value.problems[0].code == "power_unreachable"


def test_mcnemar_exact_test_power_matches_r_enumeration(rref):
    for row in rref["mcnemar_power"]["rows"]:  # R: Σ dbinom(m, n, ψ) · P(binom.test rejects | m)
        n = math.ceil(row["n"])
        assert power.mcnemar_exact_power(row["p_up"], row["p_down"], n) == pytest.approx(
            row["exact_power_at_ceiling_n"], rel=1e-10)
        assert power.mcnemar(row["p_up"], row["p_down"], power=0.8).exact_test_power == pytest.approx(
            row["exact_power_at_ceiling_n"], rel=1e-10)


def test_mcnemar_exact_sizing_is_first_n_reaching_target():
    r = power.mcnemar(0.3, 0.1, power=0.8, exact=True)
    assert r.power >= 0.8 and r.exact_test_power == r.power
    connor = power.mcnemar(0.3, 0.1, power=0.8).n
    assert all(power.mcnemar_exact_power(0.3, 0.1, k) < 0.8 for k in range(connor, r.n))
