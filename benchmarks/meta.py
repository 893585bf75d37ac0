"""Meta-analysis speed: REML fit with 10,000 studies (goal < 1 s), leave-one-out over 1,000 studies (goal < 5 s).

Run: .venv/bin/python benchmarks/meta.py
Prints wall-clock times (best of several runs), Fisher-scoring iterations and peak traced memory.
"""

from __future__ import annotations

import tracemalloc

import numpy as np
from timing import best_of

from laktasi.meta.models import fit
from laktasi.meta.sensitivity import leave_one_out


def simulate(k: int, rng: np.random.Generator) -> tuple[np.ndarray, np.ndarray]:
    """k studies: true effects N(0.3, 0.1), per-arm n from 10 to 200, SMD-like sampling variances."""
    n = rng.integers(10, 200, size=k)
    vi = 2 / n + 0.3**2 / (4 * n)
    theta = rng.normal(0.3, np.sqrt(0.1), size=k)
    yi = rng.normal(theta, np.sqrt(vi))
    return yi, vi


def main() -> None:
    rng = np.random.default_rng(20261123)
    yi, vi = simulate(10_000, rng)
    t, res = best_of(lambda: fit(yi, vi, method="REML"), 5)
    print(f"REML fit, k = 10,000 (with Q-profile CI):  {t * 1000:8.1f} ms  "
          f"(iterations {res.iterations}, converged {res.converged}, tau2 = {res.tau2:.4f})  goal < 1000 ms")
    t, res = best_of(lambda: fit(yi, vi, method="REML", tau2_ci=False), 5)
    print(f"REML fit, k = 10,000 (no tau2 CI):         {t * 1000:8.1f} ms")
    yi1, vi1 = simulate(1_000, rng)
    t, loo = best_of(lambda: leave_one_out(yi1, vi1, method="REML"), 3)
    print(f"leave-one-out REML, k = 1,000 (1,000 fits): {t * 1000:8.1f} ms  "
          f"(all converged {bool(loo.converged.all())})  goal < 5000 ms")
    from laktasi.meta.diagnostics import cumulative, influence_and_baujat

    t, _ = best_of(lambda: influence_and_baujat(yi1, vi1, method="REML"), 2)
    print(f"influence diagnostics + Baujat, REML, k = 1,000 (1,000 fits): {t * 1000:8.1f} ms")
    t, _ = best_of(lambda: cumulative(yi1, vi1, method="REML"), 2)
    print(f"cumulative meta-analysis, REML, k = 1,000 (1,000 growing fits): {t * 1000:8.1f} ms")
    hard_y = np.array([0, 3, 0, 0, 0, 1, 1, 1, 1, 0, 2], dtype=float)
    hard_v = np.array([1, 3, 2, 2, 0.125, 1, 1, 1, 1, 2, 1])
    t, res = best_of(lambda: fit(hard_y, hard_v, method="REML"), 5)
    print(f"REML where plain Fisher scoring oscillates (issue 13 case): {t * 1000:8.1f} ms  "
          f"(iterations {res.iterations}, converged {res.converged})")
    import pandas as pd

    from laktasi.meta.analysis import run_meta_analysis
    from laktasi.meta.table import read_study_table

    frame = pd.DataFrame({"study": [f"S{i}" for i in range(1_000)], "yi": yi1, "vi": vi1})
    t, _ = best_of(lambda: run_meta_analysis(read_study_table(frame, "SMD")), 2)
    print(f"whole analysis (table, REML, bias tests, trim-and-fill, leave-one-out, influence, Baujat, cumulative), "
          f"k = 1,000: {t * 1000:8.1f} ms")
    tracemalloc.start()
    fit(yi, vi, method="REML")
    leave_one_out(yi1, vi1, method="REML")
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    print(f"peak traced memory (both):                 {peak / 2**20:8.1f} MiB")


def agreement() -> None:
    """Largest absolute difference from metafor over every issue-13 reference value (r/meta/issue13_reference.json)."""
    import json
    from pathlib import Path

    from laktasi.meta.diagnostics import baujat, cumulative, influence
    from laktasi.meta.effects import back_transform, log_ratio_of_means, proportion
    from laktasi.meta.models import meta_regression

    R = json.loads((Path(__file__).resolve().parents[1] / "r" / "meta" / "issue13_reference.json").read_text())  # noqa: N806
    diffs: dict[str, float] = {}

    def d(name, a, b) -> None:
        a = np.asarray(a, float).ravel()
        b = np.asarray([np.nan if x is None else x for x in np.atleast_1d(b)], float).ravel()
        m = np.isfinite(a) & np.isfinite(b)
        diffs[name] = max(diffs.get(name, 0.0), float(np.max(np.abs(a[m] - b[m]))) if m.any() else 0.0)

    sh=R["step_halving"]
    for m in ("REML","ML"):
        for rev in (False,True):
            r=sh[m+("_reversed" if rev else "")]
            y,v=(sh["yi"][::-1],sh["vi"][::-1]) if rev else (sh["yi"],sh["vi"])
            f=fit(y,v,method=m)
            d("step-halving "+m, [f.tau2,f.estimate,f.se,f.pi_low,f.pi_high],[r["tau2"],r["estimate"],r["se"],r["pi_lb"],r["pi_ub"]])
    for ds in ("bcg","normand","stephalving"):
        D=R["he_sj"][ds]
        for m in ("HE","SJ"):
            for t in ("z","knha"):
                r=D[f"{m}_{t}"]
                f=fit(D["yi"],D["vi"],method=m,hk=t=="knha")
                d(m, [f.tau2,f.se_tau2,f.estimate,f.se,f.ci_low,f.ci_high,f.p_value,f.pi_low,f.pi_high],[r["tau2"],r["se_tau2"],r["estimate"],r["se"],r["ci_lb"],r["ci_ub"],r["pval"],r["pi_lb"],r["pi_ub"]])
            if ds=="bcg":
                r=D["mods_"+m]
                g=meta_regression(D["yi"],D["vi"],r["ablat"],method=m)
                d(m+" meta-regression", list(g.beta)+list(g.se)+[g.tau2,g.q_moderators],r["beta"]+r["se"]+[r["tau2"],r["QM"]])
    r=R["rom"]
    es=log_ratio_of_means(r["m1i"],r["sd1i"],r["n1i"],r["m2i"],r["sd2i"],r["n2i"])
    d("ROM escalc", list(es.yi)+list(es.vi), r["yi"]+r["vi"])
    f=fit(es.yi,es.vi)
    d("ROM fit+exp", back_transform("ROM",[f.estimate,f.ci_low,f.ci_high,f.pi_low,f.pi_high]), [r["exp"][k] for k in ("pred","ci_lb","ci_ub","pi_lb","pi_ub")])
    P=R["proportions"]
    for m in ("PR","PLO","PFT"):
        es=proportion(m,P["xi"],P["ni"])
        d(m+" escalc", list(es.yi)+list(es.vi), P[m]["yi"]+P[m]["vi"])
        f=fit(es.yi,es.vi)
        d(m+" back-transformed", back_transform(m,[f.estimate,f.ci_low,f.ci_high,f.pi_low,f.pi_high],P["ni"]), [P[m]["back"][k] for k in ("pred","ci_lb","ci_ub","pi_lb","pi_ub")])
    Dg=R["diagnostics"]
    for m in ("REML","DL","FE"):
        inf=influence(Dg["yi"],Dg["vi"],method=m)
        r=Dg[m]
        for a,b in (("rstudent","rstudent"),("dffits","dffits"),("cook_d","cook_d"),("cov_r","cov_r"),("tau2_del","tau2_del"),("q_del","QE_del"),("hat","hat"),("weight","weight"),("dfbetas","dfbs")):
            d("influence "+a, getattr(inf,a), r[b])
        c=cumulative(Dg["yi"],Dg["vi"],method=m)
        for a,b in (("estimate","estimate"),("se","se"),("ci_low","ci_lb"),("ci_high","ci_ub"),("p_value","pval"),("q","Q")):
            d("cumulative", getattr(c,a), r["cumul"][b])
        bj=baujat(Dg["yi"],Dg["vi"],method=m)
        d("baujat", list(bj.x)+list(bj.y), r["baujat"]["x"]+r["baujat"]["y"])
    for k, v in diffs.items():
        print(f"  {k:28s} max |laktasi - metafor| = {v:.1e}")
    print(f"agreement with metafor (issue 13 references): max abs diff {max(diffs.values()):.1e}")


if __name__ == "__main__":
    main()
    agreement()
