"""``laktasi review simulate`` and ``laktasi review rank``: screening prioritisation.

``simulate LABELLED.csv --seed S`` screens a labelled set (ASReview's convention: a CSV with title,
abstract and a 0/1 label column) as a reviewer following the model would, and prints WSS@95,
recall at 10%, the records screened to reach 95% and 100% of the includes, and where the
stopping rule would stop. ``rank RECORDS LABELS`` ranks the unscreened records of a real review.
"""

from __future__ import annotations

import argparse
import csv
import io
from pathlib import Path
from typing import Any

from laktasi.cli._common import add_json_flag, add_lang_flag, check_outputs, print_json, progress
from laktasi.errors import InputError, Problem, Text

TITLE_COLUMNS = ("title", "primary_title", "judul")
ABSTRACT_COLUMNS = ("abstract", "abstract_note", "abstrak")


def register(subparsers: Any) -> None:
    sim: argparse.ArgumentParser = subparsers.add_parser(
        "simulate",
        help="simulate prioritised screening of a labelled set (WSS@95, recall at 10%%, stopping rule)",
        description="Screen a labelled set (CSV with title, abstract and a 0/1 label column, as ASReview) in the "
        "order the model proposes, retraining as labels arrive, and report how early the includes were found "
        "and where the statistical stopping rule would have stopped.",
    )
    sim.add_argument("labelled", metavar="LABELLED", help="CSV/XLSX with title, abstract and a 0/1 label column")
    sim.add_argument("--label-column", default="label_included", metavar="NAME",
                     help="the 0/1 column (default label_included; 'included' and 'label' are also tried)")
    sim.add_argument("--prior-included", type=int, default=1, metavar="N", help="included priors (default 1)")
    sim.add_argument("--prior-excluded", type=int, default=1, metavar="N", help="excluded priors (default 1)")
    sim.add_argument("--seed", type=int, required=True, help="seed for drawing the priors and breaking ties")
    sim.add_argument("--stop", choices=("none", "hypergeometric"), default="hypergeometric",
                     help="stopping rule to evaluate (default hypergeometric: Callaghan & Müller-Hansen 2020)")
    sim.add_argument("--recall", type=float, default=0.95, help="the stopping rule's recall target (default 0.95)")
    sim.add_argument("--confidence", type=float, default=0.95, help="its confidence level (default 0.95)")
    sim.add_argument("--retrain-every-share", type=float, default=0.0, metavar="SHARE",
                     help="retrain after every label (0, the default, as ASReview) or after this share of the "
                     "labelled records (e.g. 0.02: faster, WSS a little lower)")
    sim.add_argument("--model", default="laktasi", choices=("laktasi", "asreview"),
                     help="ranking model (default laktasi; asreview = ASReview's default SVM, for comparison)")
    add_lang_flag(sim)
    add_json_flag(sim)
    sim.set_defaults(func=run_simulate)

    rk: argparse.ArgumentParser = subparsers.add_parser(
        "rank",
        help="rank the unscreened records of a review by how likely each is an include",
        description="Learn from the screening decisions so far (a laktasi, Rayyan or ASReview decisions file) and "
        "list the records not yet screened, most likely includes first, with the stopping rule's verdict.",
    )
    rk.add_argument("records", metavar="RECORDS", help="the review's records (any export laktasi reads)")
    rk.add_argument("labels", metavar="LABELS", help="decisions so far (include/exclude; maybe is ignored)")
    rk.add_argument("--out", metavar="PATH", help="write the ranking as CSV (rank, record_id, score, title)")
    rk.add_argument("--top", type=int, default=20, help="rows to print (default 20)")
    rk.add_argument("--automation-out", metavar="PATH",
                    help="when the stopping rule allows stopping, write the unscreened records as decisions "
                    "(stage automation, exclude, with the rule's reason) for `laktasi review prisma`")
    rk.add_argument("--recall", type=float, default=0.95, help="the stopping rule's recall target (default 0.95)")
    rk.add_argument("--confidence", type=float, default=0.95, help="its confidence level (default 0.95)")
    add_lang_flag(rk)
    add_json_flag(rk)
    rk.set_defaults(func=run_rank)


def _problem(code: str, en: str, id_: str, file: str, *, row: int | None = None, column: str | None = None,
             value: Any = None) -> Problem:
    return Problem(code, Text(en=en, id=id_), file=file, row=row, column=column, value=value)


def read_labelled(path: str, label_column: str) -> tuple[list[str], list[int]]:
    """Texts (title + abstract) and 0/1 labels of a labelled set; every problem reported at once."""
    from laktasi.review.prioritise import record_text
    from laktasi.review.sheets import read_sheet

    rows = read_sheet(Path(path))
    if not rows:
        raise InputError([_problem("no_records", "the file holds no records", "berkas tidak berisi rekaman", path)])
    columns = {c.strip().casefold(): c for c in rows[0]}
    title = next((columns[c] for c in TITLE_COLUMNS if c in columns), None)
    abstract = next((columns[c] for c in ABSTRACT_COLUMNS if c in columns), None)
    wanted = label_column.strip().casefold()
    label = columns.get(wanted) or next((columns[c] for c in ("label_included", "included", "label")
                                         if c in columns and wanted == "label_included"), None)
    problems = []
    if title is None and abstract is None:
        problems.append(_problem("screening_columns", "need a title or an abstract column",
                                 "perlu kolom title (judul) atau abstract (abstrak)", path, row=1,
                                 column=", ".join(rows[0])))
    if label is None:
        problems.append(_problem("label_column", f"no label column {label_column!r}; name it with --label-column",
                                 f"tidak ada kolom label {label_column!r}; sebutkan dengan --label-column",
                                 path, row=1, column=label_column))
    if problems:
        raise InputError(problems)
    assert label is not None
    texts, labels = [], []
    for k, row in enumerate(rows, start=2):
        raw = row.get(label, "").strip()
        value = {"1": 1, "0": 0, "1.0": 1, "0.0": 0}.get(raw)
        if value is None:
            problems.append(_problem("label_value", "the label must be 0 or 1", "label harus 0 atau 1", path,
                                     row=k, column=label, value=raw))
            continue
        texts.append(record_text(row.get(title, "") if title else "", row.get(abstract, "") if abstract else ""))
        labels.append(value)
    if problems:
        raise InputError(problems)
    return texts, labels


def run_simulate(args: argparse.Namespace) -> int:
    from laktasi.report.numbers import fmt_num
    from laktasi.review.prioritise import build_features
    from laktasi.review.simulate import draw_priors, simulate
    from laktasi.review.stopping import REFERENCE

    texts, labels = read_labelled(args.labelled, args.label_column)
    if not (0 < args.recall < 1 and 0 < args.confidence < 1):
        raise InputError([_problem("stop_parameters", "--recall and --confidence must lie between 0 and 1",
                                   "--recall dan --confidence harus di antara 0 dan 1", args.labelled,
                                   column="--recall/--confidence", value=f"{args.recall}/{args.confidence}")])
    if not 0 <= args.retrain_every_share < 1:
        raise InputError([_problem("retrain_share", "--retrain-every-share must be 0 (every label) or a share "
                                   "below 1", "--retrain-every-share harus 0 (setiap label) atau proporsi di bawah 1",
                                   args.labelled, column="--retrain-every-share", value=args.retrain_every_share)])
    try:
        draw_priors(labels, args.prior_included, args.prior_excluded, args.seed)
    except ValueError:
        raise InputError([_problem(
            "too_few_labels", f"cannot draw {args.prior_included} included and {args.prior_excluded} excluded priors "
            f"from {sum(labels)} included and {len(labels) - sum(labels)} excluded records",
            f"tidak dapat mengambil {args.prior_included} prior inklusi dan {args.prior_excluded} prior eksklusi dari "
            f"{sum(labels)} rekaman inklusi dan {len(labels) - sum(labels)} eksklusi", args.labelled,
            column=args.label_column)]) from None
    features = build_features(texts)
    step = max(1, len(texts) // 20)

    def show(done: int, total: int) -> None:
        if done % step == 0 or done == total:
            progress(f"{done}/{total}")

    result = simulate(features, labels, seed=args.seed, prior_included=args.prior_included,
                      prior_excluded=args.prior_excluded, ranker=args.model, stop=args.stop,
                      recall_target=args.recall, confidence=args.confidence,
                      retrain_every_share=args.retrain_every_share, progress=show)
    doc: dict[str, Any] = {
        "records": result.n_records, "includes": result.n_includes, "priors": result.n_priors,
        "seed": result.seed, "model": result.ranker,
        "wss95": result.wss95, "wss100": result.wss100, "recall_at_10": result.recall_at_10,
        "records_to_95": result.to_recall_95, "records_to_100": result.to_recall_100,
        "stop_rule": result.stop_rule, "stop_at": result.stop_at, "recall_at_stop": result.recall_at_stop,
        "stop_reference": REFERENCE if result.stop_rule != "none" else None,
        "order": list(result.order),
    }
    if args.json:
        print_json(doc)
        return 0
    en = args.lang != "id"
    print(("records" if en else "rekaman") + f": {result.n_records}  " + ("includes" if en else "inklusi")
          + f": {result.n_includes}  " + ("priors" if en else "prior") + f": {result.n_priors}  seed: {result.seed}  "
          f"model: {result.ranker}")
    print(f"WSS@95: {fmt_num(result.wss95, 3, args.lang)}   WSS@100: {fmt_num(result.wss100, 3, args.lang)}   "
          + ("recall at 10%" if en else "recall pada 10%") + f": {fmt_num(result.recall_at_10, 3, args.lang)}")
    print(("records screened to reach 95% of includes" if en else "rekaman ditapis hingga 95% inklusi ditemukan")
          + f": {result.to_recall_95};  100%: {result.to_recall_100}  "
          + ("(after the priors)" if en else "(setelah prior)"))
    if result.stop_test is not None and result.stop_at is not None:
        print(result.stop_test.sentence().in_(args.lang))
        print(("recall at the stop" if en else "recall saat berhenti") + f": {fmt_num(result.recall_at_stop or 0, 3, args.lang)}"
              + ("; records saved" if en else "; rekaman dihemat") + f": {result.n_records - result.stop_at}")
    elif result.stop_rule != "none":
        print("The stopping rule never allowed stopping before the last record." if en
              else "Aturan henti tidak pernah mengizinkan berhenti sebelum rekaman terakhir.")
    return 0


def run_rank(args: argparse.Namespace) -> int:
    import numpy as np

    from laktasi.review.decisions import read_decisions, resolve
    from laktasi.review.io import read_records
    from laktasi.review.prioritise import build_features, by_score, record_text, scores
    from laktasi.review.stopping import hypergeometric_test

    check_outputs([("--out", args.out), ("--automation-out", args.automation_out)])
    records = read_records([args.records])
    decisions = [d for d in read_decisions(args.labels, stage="screening") if d.decision in ("include", "exclude")]
    resolved, unmatched = resolve(decisions, records)
    if unmatched:
        raise InputError([_problem("decision_unmatched", "this decision matches no record (by id, DOI, PMID or title)",
                                   "keputusan ini tidak cocok dengan rekaman mana pun (id, DOI, PMID atau judul)",
                                   d.file or args.labels, row=d.row, column="record_id", value=d.record_id or d.title)
                          for d in unmatched])
    index = {r.record_id: k for k, r in enumerate(records)}
    label_of: dict[int, int] = {}
    for d in resolved:
        label_of[index[d.record_id]] = 1 if d.decision == "include" else 0
    labelled = sorted(label_of)
    labels = [label_of[k] for k in labelled]
    features = build_features([record_text(r.title, r.abstract) for r in records])
    s = scores(features, labelled, labels, rng=np.random.default_rng(0))
    ranked = [int(k) for k in by_score(s, labelled)]
    # the decisions in the order they were given stand in for the screening order
    order_labels = [label_of[index[d.record_id]] for d in resolved]
    test = hypergeometric_test(order_labels, len(records), recall_target=args.recall, confidence=args.confidence)
    rows: list[dict[str, Any]] = [{"rank": n, "record_id": records[k].record_id, "score": float(s[k]), "title": records[k].title}
            for n, k in enumerate(ranked, start=1)]
    if args.out:
        from laktasi.files import atomic_write

        buffer = io.StringIO()
        writer = csv.DictWriter(buffer, fieldnames=["rank", "record_id", "score", "title"])
        writer.writeheader()
        writer.writerows(rows)
        with atomic_write(args.out) as handle:
            handle.write(buffer.getvalue())
    automated = 0
    if args.automation_out and test.stop:
        from laktasi.files import atomic_path
        from laktasi.review.decisions import Decision, write_decisions

        reason = test.sentence().en
        with atomic_path(args.automation_out) as tmp:
            write_decisions([Decision(record_id=records[k].record_id, stage="automation", decision="exclude",
                                      reason=reason) for k in ranked], tmp)
        automated = len(ranked)
    if args.json:
        print_json({"records": len(records), "screened": len(labelled), "includes": sum(labels),
                    "excluded_by_automation": automated,
                    "ranking": rows, "stop": {"stop": test.stop, "p_value": test.p_value,
                                              "message": test.sentence().in_(args.lang)}})
        return 0
    for row in rows[: args.top]:
        print(f"{row['rank']:>5}  {row['record_id']}  {row['title'][:90]}")
    print(test.sentence().in_(args.lang))
    if automated:
        print(f"{automated} records written to {args.automation_out} as excluded by automation"
               if args.lang != "id" else
               f"{automated} rekaman ditulis ke {args.automation_out} sebagai dieksklusi oleh otomasi")
    return 0
