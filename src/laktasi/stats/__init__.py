"""Pure statistical computation: arrays in, frozen results out (no I/O, no CLI, no Django).

- :mod:`laktasi.stats.paired` — within-arm tests (paired t, Wilcoxon signed-rank, sign test,
  McNemar, marginal homogeneity, Shapiro–Wilk);
- :mod:`laktasi.stats.independent` — between-arm tests (Welch t, Mann–Whitney, Fisher /
  Fisher–Freeman–Halton, chi-square, ANCOVA);
- :mod:`laktasi.stats.exact` — exact null distributions by enumeration and the smallest
  attainable p-values;
- :mod:`laktasi.stats.effects` — effect sizes with confidence intervals;
- :mod:`laktasi.stats.hodges_lehmann` — Hodges–Lehmann shift with R ``wilcox.test``'s interval;
- :mod:`laktasi.stats.power` — sample size and power;
- :mod:`laktasi.stats.results` — :class:`TestResult` and :class:`Effect`.
"""
