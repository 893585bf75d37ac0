"""A synthetic example study shaped like the seed study (for ``laktasi demo`` and tests).

The numbers are invented (labelled synthetic): per-session milk volume by measuring cup on
postpartum day 1 (before) and day 3 (after), rising in both arms as milk comes in, more with
oxytocin massage; ``kelancaran`` is derived from the after/before volume with the explicit rule
< 10 ml kurang lancar, 10 to < 20 ml cukup lancar, ≥ 20 ml lancar (an example rule, not a standard).
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from laktasi.trial.results import ClassificationRule

DEMO_RULE = ClassificationRule(name="kelancaran", source="volume",
                               levels=("kurang lancar", "cukup lancar", "lancar"), cutpoints=(10.0, 20.0), unit="ml")


def demo_frame(rng: np.random.Generator, n_per_arm: int = 30) -> pd.DataFrame:
    """A wide, SYNTHETIC study table: ``id, arm, volume_pre, volume_post, kelancaran_pre, kelancaran_post``.

    Volumes (ml, one decimal) follow the ranges in the package's sourced table: day-1 colostrum
    about 2–20 ml per session, day-3 volumes higher; the intervention arm gains about 8 ml more.
    ``frame.attrs["synthetic"]`` is ``True``.

    >>> df = demo_frame(np.random.default_rng(1), n_per_arm=3)
    >>> df.shape, sorted(df["arm"].unique()), bool(df.attrs["synthetic"])
    ((6, 6), ['intervensi', 'kontrol'], True)
    """
    if n_per_arm < 2:
        raise ValueError("n_per_arm must be at least 2")
    arms = np.repeat(["intervensi", "kontrol"], n_per_arm)
    n = arms.size
    pre = np.clip(rng.normal(9.0, 3.5, n), 2.0, 20.0)
    gain = np.where(arms == "intervensi", 14.0, 6.0) + 0.4 * (pre - 9.0) + rng.normal(0.0, 4.0, n)
    post = np.clip(pre + gain, 2.0, 55.0)
    pre, post = np.round(pre, 1), np.round(post, 1)
    frame = pd.DataFrame({
        "id": [f"SYN-{i:03d}" for i in range(1, n + 1)],
        "arm": arms,
        "volume_pre": pre,
        "volume_post": post,
        "kelancaran_pre": DEMO_RULE.classify(pd.Series(pre)).astype(str).to_numpy(),
        "kelancaran_post": DEMO_RULE.classify(pd.Series(post)).astype(str).to_numpy(),
    })
    frame.attrs["synthetic"] = True
    return frame
