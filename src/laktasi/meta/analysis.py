"""A complete meta-analysis of a study table: pooled effect, heterogeneity, subgroups, meta-regression,
small-study tests and leave-one-out — one frozen result with the ``laktasi meta --json`` document.

This is what the CLI, the reports and the web pages call; the numbers come from
:mod:`laktasi.meta.models`, :mod:`~laktasi.meta.mh`, :mod:`~laktasi.meta.bias` and
:mod:`~laktasi.meta.sensitivity`.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any, Literal

import numpy as np
from numpy.typing import NDArray
from scipy import stats

from laktasi.errors import InputError, Problem, Text, Warning_
from laktasi.meta.bias import EggerTest, RankTest, TrimFill, egger_test, rank_test, trim_and_fill
from laktasi.meta.diagnostics import BaujatPoints, Cumulative, Influence, cumulative, influence_and_baujat
from laktasi.meta.effects import back_transform
from laktasi.meta.mh import MHResult, mantel_haenszel
from laktasi.meta.models import METHODS, MetaRegression, MetaResult, check_effects, fit, meta_regression
from laktasi.meta.sensitivity import LeaveOneOut, leave_one_out
from laktasi.meta.table import PROPORTION_MEASURES, RATIO_MEASURES, StudyTable

FloatArray = NDArray[np.float64]
ALL_METHODS = (*METHODS, "MH")
#: Fewer studies than this and funnel-plot tests have too little power (Sterne et al. 2011, BMJ 343:d4002).
MIN_STUDIES_FOR_BIAS_TESTS = 10
#: Leave-one-out refits the model k times (about 2 s at k = 1,000); beyond this it is skipped with a warning.
MAX_LEAVE_ONE_OUT_K = 2000
#: What the prediction interval's quantile is: normal (metafor ``predict`` default), t(k − 1) with
#: Hartung–Knapp (also metafor's), or Riley's t(k − 2) (Higgins et al. 2009; ``pi.type="riley"``).
PI_TYPES = ("metafor", "riley")
PI_LABELS = {
    "z": Text(en="normal quantile (z), as metafor predict()",
              id="kuantil normal (z), seperti predict() metafor"),
    "t_k-1": Text(en="t quantile with k − 1 df (Hartung–Knapp), as metafor predict()",
                  id="kuantil t dengan df k − 1 (Hartung–Knapp), seperti predict() metafor"),
    "t_k-2": Text(en="t quantile with k − 2 df (Riley et al. 2011; Higgins et al. 2009)",
                  id="kuantil t dengan df k − 2 (Riley dkk. 2011; Higgins dkk. 2009)"),
}

__all__ = ["ALL_METHODS", "MetaAnalysis", "Pooled", "StudyRow", "run_meta_analysis"]


@dataclass(frozen=True)
class Pooled:
    """A pooled effect on the analysis scale (log for RR/OR); ``None`` PI for FE/MH."""

    k: int
    estimate: float
    se: float
    ci_low: float
    ci_high: float
    statistic: float
    p_value: float
    ddf: int | None
    tau2: float
    tau2_ci: tuple[float, float] | None
    i2: float
    i2_ci: tuple[float, float] | None
    h2: float | None
    q: float
    q_df: int
    q_p: float
    pi_low: float | None
    pi_high: float | None
    converged: bool
    iterations: int | None
    weights: FloatArray

    @classmethod
    def from_result(cls, r: MetaResult | MHResult) -> Pooled:
        if isinstance(r, MHResult):
            return cls(r.k, r.estimate, r.se, r.ci_low, r.ci_high, r.statistic, r.p_value, None, 0.0, None,
                       r.i2, None, None, r.q, r.q_df, r.q_p, None, None, True, None, r.weights)
        return cls(r.k, r.estimate, r.se, r.ci_low, r.ci_high, r.statistic, r.p_value, r.ddf, r.tau2, r.tau2_ci,
                   r.i2, r.i2_ci, r.h2, r.q, r.q_df, r.q_p, r.pi_low, r.pi_high, r.converged, r.iterations, r.weights)


@dataclass(frozen=True)
class StudyRow:
    """One study as it enters the analysis (``ci_*`` is the study's own normal-theory 95% CI)."""

    study: str
    row: int
    yi: float
    vi: float
    ci_low: float
    ci_high: float
    weight: float
    n: int | None
    subgroup: str | None
    corrected: bool  # ½ added to a zero cell
    estimated: bool  # mean/SD estimated from a median (Wan et al. 2014)


@dataclass(frozen=True)
class SubgroupResult:
    name: str
    pooled: Pooled


@dataclass(frozen=True)
class MetaAnalysis:
    """Everything ``laktasi meta`` reports. Effects of ratio measures are on the log scale."""

    measure: str
    method: str
    hk: bool
    level: float
    studies: tuple[StudyRow, ...]
    pooled: Pooled
    subgroup_column: str | None
    subgroups: tuple[SubgroupResult, ...]
    q_between: float | None
    df_between: int | None
    p_between: float | None
    moderator_column: str | None
    regression: MetaRegression | None
    egger: EggerTest | None
    begg: RankTest | None
    trimfill: TrimFill | None
    loo: LeaveOneOut | None
    warnings: tuple[Warning_, ...]
    #: ``"z"``, ``"t_k-1"`` or ``"t_k-2"``: the quantile the prediction interval used (see PI_LABELS)
    pi_kind: str = "z"
    influence: Influence | None = None
    cumulative: Cumulative | None = None
    baujat: BaujatPoints | None = None
    #: group sizes for the PFT back-transformation (harmonic mean), else ``None``
    back_n: FloatArray | None = None

    @property
    def ratio(self) -> bool:
        """Pooled on the log scale and shown exponentiated (RR, OR, ROM)."""
        return self.measure in RATIO_MEASURES

    @property
    def transformed(self) -> bool:
        """Shown on another scale than pooled (ratio measures, logit and Freeman–Tukey proportions)."""
        return self.ratio or self.measure in ("PLO", "PFT")

    def display(self, x: float | None) -> float | None:
        """A value of the analysis scale as shown to readers (metafor ``predict(transf=)``)."""
        if x is None or not math.isfinite(x):
            return x
        return float(back_transform(self.measure, [x], self.back_n)[0])

    @property
    def pi_label(self) -> Text:
        """What the prediction interval is, for every place that prints it."""
        return PI_LABELS[self.pi_kind]

    def to_json(self, lang: str = "en") -> dict[str, Any]:
        """The ``laktasi meta --json`` document (design.md contract, plus extra sections)."""
        p = self.pooled
        doc: dict[str, Any] = {
            "k": p.k, "measure": self.measure, "method": self.method, "hk": self.hk,
            "estimate": p.estimate, "se": p.se, "ci_low": p.ci_low, "ci_high": p.ci_high,
            "statistic": p.statistic, "df": p.ddf, "p_value": p.p_value,
            "tau2": p.tau2, "tau2_ci": _pair(p.tau2_ci), "i2": p.i2, "i2_ci": _pair(p.i2_ci), "h2": p.h2,
            "q": p.q, "q_df": p.q_df, "q_p": p.q_p, "pi_low": p.pi_low, "pi_high": p.pi_high,
            "converged": p.converged, "iterations": p.iterations,
        }
        if self.ratio:
            doc.update(_exp_fields(p))
        elif self.measure in PROPORTION_MEASURES:
            doc.update({f"proportion_{f}": self.display(getattr(p, f))
                        for f in ("estimate", "ci_low", "ci_high", "pi_low", "pi_high")})
        doc["pi_type"] = {"kind": self.pi_kind, "label": self.pi_label.in_(lang)} if p.pi_low is not None else None
        doc["studies"] = [
            {"study": s.study, "yi": _num(s.yi), "vi": _num(s.vi), "weight": s.weight, "ci_low": _num(s.ci_low),
             "ci_high": _num(s.ci_high), "n": s.n, **({"subgroup": s.subgroup} if s.subgroup is not None else {}),
             "zero_cell_corrected": s.corrected, "estimated_from_median": s.estimated}
            for s in self.studies
        ]
        if self.subgroup_column is not None:
            doc["subgroups"] = {
                "column": self.subgroup_column,
                "groups": [{"name": g.name, **_pooled_json(g.pooled, self.ratio)} for g in self.subgroups],
                "q_between": self.q_between, "df_between": self.df_between, "p_between": self.p_between,
            }
        if self.regression is not None:
            r = self.regression
            doc["meta_regression"] = {
                "moderator": self.moderator_column, "method": r.method, "k": r.k,
                "coefficients": [
                    {"name": n, "estimate": float(r.beta[i]), "se": float(r.se[i]), "statistic": float(r.statistic[i]),
                     "p_value": float(r.p_value[i]), "ci_low": float(r.ci_low[i]), "ci_high": float(r.ci_high[i])}
                    for i, n in enumerate(r.names)
                ],
                "df": r.ddf, "tau2": r.tau2, "i2": r.i2, "r2": r.r2,
                "q_moderators": r.q_moderators, "q_moderators_df": r.q_moderators_df,
                "q_moderators_p": r.q_moderators_p, "q_moderators_test": "F" if r.hk else "chi2",
                "q_residual": r.q_residual, "q_residual_p": r.q_residual_p,
                "converged": r.converged, "iterations": r.iterations,
            }
        bias: dict[str, Any] = {}
        if self.egger is not None:
            e = self.egger
            bias["egger"] = {"model": e.model, "statistic": e.statistic, "df": e.ddf, "p_value": e.p_value,
                             "limit_estimate": e.limit_estimate, "limit_ci_low": e.limit_ci_low,
                             "limit_ci_high": e.limit_ci_high}
        if self.begg is not None:
            bias["begg"] = {"tau": self.begg.tau, "p_value": self.begg.p_value, "exact": self.begg.exact}
        if self.trimfill is not None:
            t = self.trimfill
            tf = {"k0": t.k0, "se_k0": t.se_k0, "side": t.side, "estimate": t.result.estimate,
                  "ci_low": t.result.ci_low, "ci_high": t.result.ci_high, "tau2": t.result.tau2,
                  "filled_yi": t.filled_yi.tolist(), "filled_vi": t.filled_vi.tolist()}
            if self.ratio:
                tf.update({"exp_estimate": math.exp(t.result.estimate), "exp_ci_low": math.exp(t.result.ci_low),
                           "exp_ci_high": math.exp(t.result.ci_high)})
            bias["trim_and_fill"] = tf
        doc["small_study_tests"] = bias or None
        if self.loo is not None:
            lo = self.loo
            doc["leave_one_out"] = [
                {"study": s.study, "estimate": float(lo.estimate[i]), "ci_low": float(lo.ci_low[i]),
                 "ci_high": float(lo.ci_high[i]), "p_value": float(lo.p_value[i]), "tau2": float(lo.tau2[i]),
                 "i2": float(lo.i2[i]), "q": float(lo.q[i])}
                for i, s in enumerate(self.studies)
            ]
        if self.influence is not None:
            inf = self.influence
            doc["influence"] = [
                {"study": s.study, "rstudent": _num(float(inf.rstudent[i])), "dffits": _num(float(inf.dffits[i])),
                 "cook_d": _num(float(inf.cook_d[i])), "cov_r": _num(float(inf.cov_r[i])),
                 "tau2_del": float(inf.tau2_del[i]), "q_del": float(inf.q_del[i]), "hat": float(inf.hat[i]),
                 "weight": float(inf.weight[i]), "dfbetas": _num(float(inf.dfbetas[i])),
                 "influential": bool(inf.influential[i])}
                for i, s in enumerate(self.studies)
            ]
        if self.cumulative is not None:
            c = self.cumulative
            doc["cumulative"] = [
                {"study": s.study, "estimate": float(c.estimate[i]), "ci_low": float(c.ci_low[i]),
                 "ci_high": float(c.ci_high[i]), "p_value": float(c.p_value[i]), "tau2": float(c.tau2[i]),
                 "i2": _num(float(c.i2[i])), "q": float(c.q[i])}
                for i, s in enumerate(self.studies)
            ]
        if self.baujat is not None:
            doc["baujat"] = [{"study": s.study, "x": float(self.baujat.x[i]), "y": _num(float(self.baujat.y[i]))}
                             for i, s in enumerate(self.studies)]
        doc["warnings"] = [w.to_json(lang) for w in self.warnings]
        return doc


def _num(x: float) -> float | None:
    return x if math.isfinite(x) else None


def _pair(p: tuple[float, float] | None) -> list[float] | None:
    return None if p is None else [p[0], p[1]]


def _exp(x: float | None) -> float | None:
    return None if x is None or not math.isfinite(x) else math.exp(x)


def _exp_fields(p: Pooled) -> dict[str, float | None]:
    return {"exp_estimate": _exp(p.estimate), "exp_ci_low": _exp(p.ci_low), "exp_ci_high": _exp(p.ci_high),
            "exp_pi_low": _exp(p.pi_low), "exp_pi_high": _exp(p.pi_high)}


def _pooled_json(p: Pooled, ratio: bool) -> dict[str, Any]:
    out: dict[str, Any] = {
        "k": p.k, "estimate": p.estimate, "se": p.se, "ci_low": p.ci_low, "ci_high": p.ci_high,
        "p_value": p.p_value, "tau2": p.tau2, "i2": p.i2, "q": p.q, "q_p": p.q_p,
        "pi_low": p.pi_low, "pi_high": p.pi_high, "converged": p.converged, "iterations": p.iterations,
    }
    if ratio:
        out.update(_exp_fields(p))
    return out


def _pool(table: StudyTable, yi: FloatArray, vi: FloatArray, mask: NDArray[np.bool_], method: str,
          hk: bool, level: float, pi_type: Literal["metafor", "riley"] = "metafor") -> MetaResult | MHResult:
    if method == "MH":
        v = table.values
        with np.errstate(divide="ignore", invalid="ignore"):  # degenerate tables give a non-finite estimate
            return mantel_haenszel(table.measure, v["events_t"][mask], v["n_t"][mask], v["events_c"][mask],
                                   v["n_c"][mask], level=level)
    return fit(yi[mask], vi[mask], method=method, hk=hk, level=level, pi_type=pi_type)


def _w(code: str, en: str, id_: str) -> Warning_:
    return Warning_(code, Text(en=en, id=id_))


def run_meta_analysis(
    table: StudyTable, method: str = "REML", hk: bool = False, level: float = 0.95, file: str | None = None,
    pi_type: Literal["metafor", "riley"] = "metafor",
) -> MetaAnalysis:
    """Analyse a checked :class:`~laktasi.meta.table.StudyTable` (see :func:`~laktasi.meta.table.read_study_table`).

    >>> import pandas as pd
    >>> from laktasi.meta.table import read_study_table
    >>> t = read_study_table(pd.DataFrame({"study": list("ABC"), "yi": [0.1, 0.5, 0.9], "vi": [0.02, 0.03, 0.04]}), "MD")
    >>> round(run_meta_analysis(t, method="FE").pooled.estimate, 4)
    0.4077
    """
    method = method.upper()
    if method not in ALL_METHODS:
        raise ValueError(f"unknown method {method!r}")
    if method == "MH" and table.kind != "binary":
        raise InputError([Problem(
            "mh_needs_counts", Text(en="Mantel-Haenszel needs 2x2 counts (events_t, n_t, events_c, n_c) and RR, OR or RD",
                                    id="Mantel-Haenszel memerlukan data 2x2 (events_t, n_t, events_c, n_c) dan RR, OR atau RD"),
            file=file, column="--method", value="MH")])
    if hk and method in ("FE", "MH"):
        raise InputError([Problem(
            "hk_needs_random_effects", Text(en="--hk (Hartung-Knapp) applies to random-effects models only",
                                            id="--hk (Hartung-Knapp) hanya untuk model efek acak"),
            file=file, column="--hk", value=method)])
    es = table.effect_sizes()
    cols = ("yi", "vi") if table.kind == "precomputed" else (None, None)
    yi, vi = check_effects(es.yi, es.vi, file, table.rows, cols)
    k = table.k
    everyone = np.ones(k, dtype=bool)
    result = _pool(table, yi, vi, everyone, method, hk, level, pi_type)
    pooled = Pooled.from_result(result)
    pi_kind = "t_k-2" if pi_type == "riley" else "t_k-1" if hk else "z"
    if isinstance(result, MHResult):
        yi, vi = result.yi, result.vi  # NaN for double-zero studies, as rma.mh
    crit = float(stats.norm.isf((1 - level) / 2))
    warnings: list[Warning_] = []
    corrected = es.corrected if len(es.corrected) == k else np.zeros(k, dtype=bool)
    n = table.n
    studies = tuple(
        StudyRow(table.studies[i], table.rows[i], float(yi[i]), float(vi[i]),
                 float(yi[i] - crit * math.sqrt(vi[i])) if math.isfinite(vi[i]) else math.nan,
                 float(yi[i] + crit * math.sqrt(vi[i])) if math.isfinite(vi[i]) else math.nan,
                 float(pooled.weights[i]), None if n is None else int(n[i]),
                 None if table.subgroup is None else table.subgroup[i], bool(corrected[i]),
                 bool(table.estimated[i]) if len(table.estimated) == k else False)
        for i in range(k)
    )
    if corrected.any():
        names = ", ".join(table.studies[i] for i in np.flatnonzero(corrected))
        mh_en = " (study effects and Q only; the Mantel–Haenszel estimate uses the raw counts)" if method == "MH" else ""
        mh_id = " (hanya untuk efek per studi dan Q; estimasi Mantel–Haenszel memakai hitungan asli)" if method == "MH" else ""
        warnings.append(_w("zero_cell_correction", f"1/2 added to every cell of {int(corrected.sum())} "
                           f"{'study' if corrected.sum() == 1 else 'studies'} with a zero cell{mh_en}: {names}",
                           f"1/2 ditambahkan ke setiap sel pada {int(corrected.sum())} studi dengan sel nol{mh_id}: {names}"))
    if method == "MH" and not np.isfinite(yi).all():
        names = ", ".join(table.studies[i] for i in np.flatnonzero(~np.isfinite(yi)))
        warnings.append(_w("no_events_in_either_group",
                           f"no events (or only events) in both groups, so no effect can be estimated and Q leaves "
                           f"them out: {names}",
                           f"tidak ada kejadian (atau semua kejadian) di kedua kelompok, sehingga efeknya tidak dapat "
                           f"dihitung dan tidak masuk Q: {names}"))
    if len(table.estimated) == k and table.estimated.any():
        names = ", ".join(table.studies[i] for i in np.flatnonzero(table.estimated))
        warnings.append(_w("estimated_from_median", f"mean and SD estimated from the median (Wan et al. 2014): {names}",
                           f"rerata dan SD diperkirakan dari median (Wan dkk. 2014): {names}"))
    if k == 2 and method not in ("FE", "MH"):
        warnings.append(_w("two_studies_tau2_unreliable",
                           "only 2 studies: the between-study variance τ² (and with it I², the random-effects CI "
                           "and the prediction interval) cannot be estimated reliably; report the two studies and a "
                           "fixed-effect summary, or gather more studies",
                           "hanya 2 studi: variansi antarstudi τ² (dan karenanya I², IK efek acak dan interval "
                           "prediksi) tidak dapat diestimasi dengan andal; laporkan kedua studi dan ringkasan efek "
                           "tetap, atau kumpulkan lebih banyak studi"))
    one = table.one_group
    if one.any() and not one.all():
        names = ", ".join(table.studies[i] for i in np.flatnonzero(one))
        warnings.append(_w("mixed_designs",
                           f"one-group pre/post studies ({names}) are pooled with studies that have a control group: "
                           "a one-group change also contains time, regression to the mean and the care everyone "
                           "received, so the two designs estimate different things; analyse them as subgroups",
                           f"studi pre/post satu kelompok ({names}) digabung dengan studi yang memiliki kelompok "
                           "kontrol: perubahan dalam satu kelompok juga memuat efek waktu, regresi ke rerata dan "
                           "perawatan yang diterima semua ibu, sehingga kedua desain mengukur hal berbeda; analisis "
                           "sebagai subkelompok"))
    ci = pooled.tau2_ci
    if ci is not None and not ci[0] - 1e-10 <= pooled.tau2 <= ci[1] + 1e-10:
        # happens (metafor too) when a few small extreme studies dominate Q but not the likelihood
        warnings.append(_w("tau2_outside_its_ci",
                           f"the {method} estimate of τ² lies outside its Q-profile confidence interval: the two "
                           "estimators disagree, usually because a few small studies with extreme effects dominate "
                           "Q; look at the influence diagnostics and try another estimator (--method PM or DL)",
                           f"estimasi τ² dengan {method} berada di luar interval kepercayaan Q-profile-nya: kedua "
                           "estimator tidak sepakat, biasanya karena beberapa studi kecil dengan efek ekstrem "
                           "mendominasi Q; periksa diagnostik pengaruh dan coba estimator lain (--method PM atau DL)"))
    if not math.isfinite(pooled.estimate):
        warnings.append(_w("pooled_not_estimable",
                           "the pooled effect cannot be estimated from these counts (no events, or only events, in "
                           "one arm of every study); report the counts instead",
                           "efek gabungan tidak dapat diestimasi dari hitungan ini (tidak ada kejadian, atau semua "
                           "kejadian, pada satu kelompok di setiap studi); laporkan hitungannya saja"))
    if not pooled.converged:
        warnings.append(_w("not_converged", f"the {method} estimate of tau² did not converge",
                           f"estimasi tau² dengan {method} tidak konvergen"))
    ok = np.isfinite(yi) & np.isfinite(vi)
    # subgroups
    sub_results: list[SubgroupResult] = []
    qb = dfb = pb = None
    if table.subgroup is not None:
        labels = np.array(table.subgroup, dtype=object)
        for name in dict.fromkeys(table.subgroup):
            mask = labels == name
            sub_results.append(SubgroupResult(name, Pooled.from_result(_pool(table, yi, vi, mask, method, hk, level))))
        usable = [g.pooled for g in sub_results if math.isfinite(g.pooled.se) and g.pooled.se > 0]
        if len(usable) > 1:
            est = np.array([g.estimate for g in usable])
            w = 1 / np.array([g.se for g in usable]) ** 2
            mu = float((w * est).sum() / w.sum())
            qb = float((w * (est - mu) ** 2).sum())
            dfb = len(usable) - 1
            pb = float(stats.chi2.sf(qb, dfb))
        if any(g.pooled.k < 2 for g in sub_results):
            warnings.append(_w("single_study_subgroup", "a subgroup has only one study; its estimate is that study",
                               "ada subkelompok yang hanya berisi satu studi; estimasinya adalah studi itu sendiri"))
    # meta-regression
    regression = None
    if table.moderator is not None:
        regression = _regression(table, yi, vi, ok, method, hk, level, file)
    # small-study tests and leave-one-out on the inverse-variance effects
    iv_method = "FE" if method == "MH" else method
    egger = begg = tf = None
    k_ok = int(ok.sum())
    if k_ok >= MIN_STUDIES_FOR_BIAS_TESTS:
        egger = egger_test(yi[ok], vi[ok], method=iv_method, hk=hk and iv_method != "FE", level=level)
        begg = rank_test(yi[ok], vi[ok])
        tf = trim_and_fill(yi[ok], vi[ok], method=iv_method)
    else:
        # Sterne et al. 2011 (BMJ 343:d4002): below 10 studies the tests cannot tell asymmetry from chance
        warnings.append(_w("few_studies_for_bias_tests",
                           f"only {k_ok} studies: Egger's and Begg's tests and trim-and-fill are not done below 10 "
                           "studies (too little power to tell funnel-plot asymmetry from chance); a funnel plot, if "
                           "drawn, carries this warning",
                           f"hanya {k_ok} studi: uji Egger dan Begg serta trim-and-fill tidak dilakukan bila kurang "
                           "dari 10 studi (daya terlalu kecil untuk membedakan asimetri funnel plot dari kebetulan); "
                           "funnel plot, bila dibuat, memuat peringatan ini"))
    loo = infl = cum = bj = None
    if method != "MH" and 3 <= k <= MAX_LEAVE_ONE_OUT_K:
        loo = leave_one_out(yi, vi, method=iv_method, hk=hk)
        infl, bj = influence_and_baujat(yi, vi, method=iv_method, hk=hk)
    if method != "MH" and k <= MAX_LEAVE_ONE_OUT_K:
        cum = cumulative(yi, vi, method=iv_method, hk=hk, level=level)
    elif k > MAX_LEAVE_ONE_OUT_K:
        warnings.append(_w("leave_one_out_skipped",
                           f"leave-one-out skipped: {k} studies (it refits the model {k} times; limit "
                           f"{MAX_LEAVE_ONE_OUT_K})",
                           f"leave-one-out dilewati: {k} studi (model harus dihitung ulang {k} kali; batas "
                           f"{MAX_LEAVE_ONE_OUT_K})"))
    return MetaAnalysis(
        measure=table.measure, method=method, hk=hk, level=level, studies=studies, pooled=pooled,
        subgroup_column=table.subgroup_column if table.subgroup is not None else None,
        subgroups=tuple(sub_results), q_between=qb, df_between=dfb, p_between=pb,
        moderator_column=table.moderator_column if table.moderator is not None else None,
        regression=regression, egger=egger, begg=begg, trimfill=tf, loo=loo, warnings=tuple(warnings),
        pi_kind=pi_kind, influence=infl, cumulative=cum, baujat=bj,
        back_n=table.n if table.measure == "PFT" else None,
    )


def _regression(table: StudyTable, yi: FloatArray, vi: FloatArray, ok: NDArray[np.bool_], method: str,
                hk: bool, level: float, file: str | None) -> MetaRegression:
    assert table.moderator is not None
    reg_method = "FE" if method == "MH" else method
    values = table.moderator
    if all(isinstance(v, float) for v in values):
        x = np.array(values, dtype=np.float64)[:, None]
        names: tuple[str, ...] = ("intercept", str(table.moderator_column))
    else:
        levels = sorted({str(v) for v in values})
        x = np.column_stack([[1.0 if str(v) == lev else 0.0 for v in values] for lev in levels[1:]]) if len(levels) > 1 \
            else np.zeros((len(values), 0))
        names = ("intercept", *(f"{table.moderator_column}={lev}" for lev in levels[1:]))
    p = x.shape[1] + 1
    if x.shape[1] == 0 or int(ok.sum()) <= p or np.linalg.matrix_rank(np.column_stack([np.ones(int(ok.sum())), x[ok]])) < p:
        raise InputError([Problem(
            "moderator_not_estimable",
            Text(en=f"the moderator {table.moderator_column!r} cannot be estimated: it needs at least two different "
                    f"values and more studies than coefficients ({p})",
                 id=f"moderator {table.moderator_column!r} tidak dapat diestimasi: perlu sedikitnya dua nilai berbeda "
                    f"dan jumlah studi lebih banyak dari koefisien ({p})"),
            file=file, column=table.moderator_column)])
    return meta_regression(yi[ok], vi[ok], x[ok], names, method=reg_method, hk=hk, level=level)
