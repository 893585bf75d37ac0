"""Meta-analysis (pure computation, numbers as R metafor computes them).

- :mod:`~laktasi.meta.effects` — effect sizes from what papers report (escalc defaults);
- :mod:`~laktasi.meta.models` — FE/DL/REML/PM/ML, Hartung–Knapp, Q-profile CIs, meta-regression;
- :mod:`~laktasi.meta.mh` — Mantel–Haenszel; :mod:`~laktasi.meta.bias` — Egger, Begg, trim-and-fill;
- :mod:`~laktasi.meta.sensitivity` — leave-one-out, subgroups;
- :mod:`~laktasi.meta.table` and :mod:`~laktasi.meta.analysis` — a checked study table and its full analysis.
"""
