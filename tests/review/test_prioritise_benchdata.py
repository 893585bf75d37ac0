"""The "asreview" ranker reproduces ASReview LAB 3.0.8's own screening order.

tests/fixtures/screening/asreview_ui_order.json is the order `asreview simulate` (3.0.8, default
model ELAS u4, priors drawn by its --prior-seed 1) produced on cohen2006 UrinaryIncontinence;
given the same two priors and retraining after every label, laktasi's order is the same.
"""

from __future__ import annotations

import json
from pathlib import Path

import pandas as pd

import laktasi.review.simulate as simulate_module
from laktasi.review.prioritise import build_features, record_text
from laktasi.review.screening_metrics import wss

FIXTURE = Path(__file__).parents[1] / "fixtures" / "screening" / "asreview_ui_order.json"


def test_same_order_as_asreview_given_the_same_priors(benchdata: Path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    ref = json.loads(FIXTURE.read_text(encoding="utf-8"))
    frame = pd.read_csv(benchdata / ref["dataset"])
    labels = frame["label_included"].astype(int).tolist()
    features = build_features([record_text(t, a) for t, a in
                               zip(frame["title"].fillna(""), frame["abstract"].fillna(""), strict=True)])
    monkeypatch.setattr(simulate_module, "draw_priors", lambda *args, **kwargs: list(ref["priors"]))
    sim = simulate_module.simulate(features, labels, seed=1, ranker="asreview", retrain_every_share=0.0)
    assert list(sim.order[:100]) == ref["order"][:100]
    theirs = [labels[i] for i in ref["order"][2:]]
    assert sim.wss95 == wss(theirs, 0.95)
