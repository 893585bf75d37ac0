"""Reference values for laktasi's screening metrics, from ASReview-insights itself.

Run in a separate environment holding asreview-insights (it is not a laktasi dependency):
    python3 -m venv /tmp/ins && /tmp/ins/bin/pip install asreview-insights==1.6.1
    /tmp/ins/bin/python r/screening/insights_reference.py > tests/fixtures/screening/insights_metrics.json
The orders are hand-made 0/1 label sequences (priors excluded), as insights' metrics take them.
"""

import json

import numpy as np
from asreviewcontrib.insights.metrics import _recall, _wss

ORDERS = {
    "perfect": [1, 1, 1, 1] + [0] * 16,
    "worst": [0] * 16 + [1, 1, 1, 1],
    "mixed": [1, 0, 1, 0, 0, 1, 0, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0, 0, 1],
    "forty": ([1, 0, 0, 1, 0, 1, 0, 0, 0, 0] * 4) + [0] * 57 + [1, 0, 1],
    "one_include": [0, 0, 0, 1] + [0] * 96,
}
rng = np.random.default_rng(2006)
for k in range(3):
    y = np.zeros(300, dtype=int)
    y[rng.choice(300, 25, replace=False)] = 1
    ORDERS[f"random{k}"] = y.tolist()

out = {}
for name, labels in ORDERS.items():
    out[name] = {
        "labels": labels,
        "recall_at_10": float(_recall(labels, 0.10)),
        "recall_at_25": float(_recall(labels, 0.25)),
        "wss_insights_95": float(_wss(labels, 0.95)),
        "wss_insights_100": float(_wss(labels, 1.0)),
    }
print(json.dumps({"source": "asreview-insights 1.6.1, asreviewcontrib.insights.metrics._recall/_wss",
                  "orders": out}))
