"""What a results chapter says about an ANCOVA, as SPSS users and examiners read it.

The between-arm ANCOVA (:func:`laktasi.stats.independent.ancova_fit`) reports the arm effect as an
adjusted difference with its t. A thesis reports instead the F test of the arm term, F(df1, df2),
with partial η² and its confidence interval, the adjusted (estimated marginal) mean of each arm, and
the homogeneity-of-regression-slopes check — what SPSS's GLM *Univariate* prints. This module derives
them from the same model with statsmodels' least squares:

* F for the arm term from the nested models (with and without arm) — for two arms F = t²;
* partial η² = F·df1 / (F·df1 + df2), its 95% CI from the noncentral-F interval of λ mapped as
  λ / (λ + df2), the same formula at F = λ/df1 (R effectsize ``F_to_eta2``, two-sided);
* adjusted means: the model's prediction for each arm at the mean of the before value and of each
  numeric covariate, categorical covariates weighted equally over their levels (emmeans' default);
* homogeneity of slopes: the F test of adding arm × before to the model.

Checked against R ``anova``, ``effectsize::F_to_eta2`` and ``emmeans`` in ``r/trial/ancova_report.R``.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
import pandas as pd

from laktasi.stats.independent import levene
from laktasi.stats.noncentral import ncf_interval
from laktasi.stats.results import Effect


@dataclass(frozen=True)
class AncovaReport:
    f: float  # F of the arm term; NaN when the model leaves no residual variance (undefined)
    df1: int
    df2: int
    p_value: float
    partial_eta2: Effect | None
    adjusted_means: tuple[tuple[str, float], ...]  # (arm, adjusted mean), arms in the analysis order
    slopes_f: float  # homogeneity of regression slopes: F of arm × before
    slopes_df: tuple[int, int]
    slopes_p: float
    n: int
    # Levene's test of equal error variances as SPSS GLM prints it: the after values across the arms,
    # centre = mean (car::leveneTest(center = mean)); NaN when undefined
    levene_f: float = math.nan
    levene_df: tuple[int, int] = (0, 0)
    levene_p: float = math.nan


def _design(frame: pd.DataFrame, covariates: list[str]) -> tuple[pd.DataFrame, list[str]]:
    """Numeric covariates as they are, categorical ones as dummies (first level dropped, as R does)."""
    parts = [pd.DataFrame({"const": 1.0, "pre": frame["pre"].to_numpy(dtype=float)}, index=frame.index)]
    categorical: list[str] = []
    for name in covariates:
        col = frame[name]
        if pd.api.types.is_numeric_dtype(col.dtype) and not isinstance(col.dtype, pd.CategoricalDtype):
            parts.append(pd.DataFrame({name: col.to_numpy(dtype=float)}, index=frame.index))
        else:
            dummies = pd.get_dummies(col.astype(str), prefix=name, drop_first=True, dtype=float)
            parts.append(dummies)
            categorical.append(name)
    return pd.concat(parts, axis=1), categorical


def ancova_report(post: np.ndarray, pre: np.ndarray, arm: np.ndarray, arms: tuple[str, ...],
                  covariates: pd.DataFrame | None = None) -> AncovaReport | None:
    """The F/partial η²/adjusted-means view of ``post ~ arm + pre (+ covariates)``; ``None`` with fewer than two
    arms or too few participants for the model.

    >>> r = ancova_report(np.array([5, 7, 6, 9, 12, 10, 8, 4.]), np.array([4, 6, 5, 4, 6, 5, 6, 3.]),
    ...                   np.array(list("ccctttct")), ("c", "t"))
    >>> (round(r.f, 6), r.df1, r.df2, [(a, round(m, 6)) for a, m in r.adjusted_means])
    (18.754629, 1, 5, [('c', 5.725806), ('t', 9.524194)])

    Reference: R ``anova(lm(post ~ pre), lm(post ~ arm + pre))`` gives F = 18.75462861 and
    ``emmeans(lm(post ~ arm + pre), "arm")`` 5.725806452 and 9.524193548 on these data; the thesis examples
    are checked with ``effectsize::F_to_eta2`` too in ``r/trial/ancova_report.R``.
    """
    import statsmodels.api as sm

    frame = pd.DataFrame({"post": np.asarray(post, dtype=float), "pre": np.asarray(pre, dtype=float),
                          "arm": pd.Series(np.asarray(arm, dtype=object)).astype(str).to_numpy()})
    names: list[str] = []
    if covariates is not None:
        for name in covariates.columns:
            frame[name] = covariates[name].to_numpy()
            names.append(str(name))
    keep = np.isfinite(frame["post"]) & np.isfinite(frame["pre"])
    for name in names:
        keep &= frame[name].notna()
    frame = frame.loc[keep].reset_index(drop=True)
    present = [a for a in arms if (frame["arm"] == a).any()]
    names = [n for n in names if frame[n].nunique() > 1]
    if len(present) < 2:
        return None
    base, categorical = _design(frame, names)
    dummies = pd.DataFrame({f"arm_{a}": (frame["arm"] == a).astype(float) for a in present[1:]})
    full_x = pd.concat([base, dummies], axis=1)
    n, k_full = full_x.shape
    if n <= k_full:
        return None
    y = frame["post"].to_numpy(dtype=float)
    full = sm.OLS(y, full_x).fit()
    reduced = sm.OLS(y, base).fit()
    df1, df2 = len(present) - 1, int(round(full.df_resid))
    if full.ssr <= 1e-12 * max(1.0, float(np.sum((y - y.mean()) ** 2))):  # no residual variance: F undefined
        f = p = math.nan
    else:
        f_value, p_value, _ = full.compare_f_test(reduced)
        f, p = float(f_value), float(p_value)
    eta: Effect | None = None
    if math.isfinite(f):
        ci = ncf_interval(f, df1, df2)
        eta = Effect("partial_eta_squared", f * df1 / (f * df1 + df2),
                     ci.low / (ci.low + df2), ci.high / (ci.high + df2), ci_method="noncentral F (effectsize)")
    # adjusted means: predict each arm at the covariates' means (categorical levels weighted equally)
    at = base.mean(axis=0)
    for name in categorical:
        cols = [c for c in base.columns if c.startswith(f"{name}_")]
        for c in cols:
            at[c] = 1.0 / (len(cols) + 1)
    means = []
    for a in present:
        row = pd.concat([at, pd.Series({f"arm_{b}": float(a == b) for b in present[1:]})])
        means.append((a, float(np.dot(full.params.reindex(row.index).to_numpy(), row.to_numpy()))))
    slopes_x = pd.concat([full_x, dummies.mul(frame["pre"], axis=0).add_suffix(":pre")], axis=1)
    slopes_f = slopes_p = math.nan
    if n > slopes_x.shape[1] and math.isfinite(f):
        sf, sp, _ = sm.OLS(y, slopes_x).fit().compare_f_test(full)
        slopes_f, slopes_p = float(sf), float(sp)
    lev = levene(y, frame["arm"].to_numpy(), center="mean")
    lev_f = float(lev.statistic) if lev.statistic is not None else math.nan
    lev_df = (len(present) - 1, int(lev.df)) if lev.df is not None else (0, 0)
    return AncovaReport(f, df1, df2, p, eta, tuple(means), slopes_f, (df1, df2 - df1), slopes_p, n,
                        lev_f, lev_df, float(lev.p_value))
