"""A new study from an uploaded YAML design file (the file of design.md, as ``laktasi analyze`` reads it).

The file is read by :func:`laktasi.trial.design.load_design` — the CLI's code path — and then mapped onto
what a web study holds: its design type, reference arm, expressed-volume outcome and kelancaran rule.
What the app cannot honour (another outcome, covariates, a chosen test, more than a pre/post pair) is a
problem, not silently dropped. Every problem carries the file's line and the field path.
"""

from __future__ import annotations

import tempfile
from collections.abc import Callable
from dataclasses import dataclass, replace
from pathlib import Path

import yaml

from laktasi.errors import InputError, Problem, Text
from laktasi.trial.design import CONTROL_NAMES, StudyDesign, load_design
from laktasi.web.studies.services import DESIGN_LABELS

MAX_BYTES = 100_000
VOLUME_UNITS = ("", "ml", "cc")
# design_label (or type) → the web's design; English labels as design_to_yaml writes them, and common variants.
DESIGN_NAMES = {
    **{key: key for key in DESIGN_LABELS},
    **{label: key for key, label in DESIGN_LABELS.items()},
    "quasi-experiment": "quasi_two_arm", "two-arm quasi experiment": "quasi_two_arm",
    "kuasi-eksperimen dua kelompok": "quasi_two_arm", "kuasi eksperimen": "quasi_two_arm",
    "rct": "rct", "randomized controlled trial": "rct", "uji acak terkendali": "rct",
    "one-group pretest-posttest": "one_group", "one group pre/post": "one_group",
    "satu kelompok pretest/posttest": "one_group", "one-group pretest/posttest": "one_group",
}


@dataclass(frozen=True)
class UploadedDesign:
    """What the design file sets in a new study; ``levels``/``cutpoints`` empty: the file has no rule."""

    design: str
    reference: str
    levels: tuple[str, ...]
    cutpoints: tuple[float, ...]


def line_of(text: str, path: str) -> int | None:
    """The 1-based line of the field ``path`` ("outcomes.volume.kind") in the YAML ``text``, or of its
    deepest existing parent; ``None`` when not even the first key exists."""
    try:
        node = yaml.compose(text, Loader=yaml.SafeLoader)
    except yaml.YAMLError:
        return None
    parts = [p for p in path.split(".") if p] if path else []
    line = None
    while parts and isinstance(node, yaml.MappingNode):
        # a key may itself hold a dot ("classification.v1.5"): the longest matching prefix wins
        for n in range(len(parts), 0, -1):
            key = ".".join(parts[:n])
            hit = next(((k, v) for k, v in node.value if isinstance(k, yaml.ScalarNode) and k.value == key), None)
            if hit is not None:
                line = hit[0].start_mark.line + 1
                node, parts = hit[1], parts[n:]
                break
        else:
            break
    return line


def _problem(file: str, text: str, where: str, value: object, en: str, id_: str) -> Problem:
    return Problem("design_file", Text(en=en, id=id_), file=file, row=line_of(text, where), column=where,
                   value=value if isinstance(value, (str, int, float)) else None)


def _decode(name: str, content: bytes) -> str:
    if len(content) > MAX_BYTES:
        raise InputError([Problem("design_file", Text(
            en=f"a design file is a short text file; this one has more than {MAX_BYTES} bytes",
            id=f"berkas desain berupa teks pendek; berkas ini lebih dari {MAX_BYTES} byte"),
            file=name)])
    try:
        text = content.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise InputError([Problem("design_file", Text(
            en=f"not UTF-8 text (byte {exc.start + 1}); save the design file as UTF-8 text",
            id=f"bukan teks UTF-8 (byte ke-{exc.start + 1}); simpan berkas desain sebagai teks UTF-8"),
            file=name)]) from None
    try:
        events = list(yaml.parse(text, Loader=yaml.SafeLoader))
    except yaml.YAMLError:
        return text  # load_design reports the syntax error with its line
    alias = next((e for e in events if isinstance(e, yaml.AliasEvent)), None)
    if alias is not None:  # a design file needs no anchors, and aliases can multiply a small file's size
        raise InputError([Problem("design_file", Text(
            en="YAML anchors and aliases (&name, *name) are not used in a design file; write the values out",
            id="anchor dan alias YAML (&nama, *nama) tidak dipakai dalam berkas desain; tuliskan nilainya"),
            file=name, row=alias.start_mark.line + 1 if alias.start_mark is not None else None)])
    return text


def read_design_file(name: str, content: bytes, arms: list[str] | None = None) -> tuple[StudyDesign, str]:
    """The uploaded file's design (read by ``load_design``) and its text; every problem with its line.

    With ``arms``, a refused file's problems include the app's own (:func:`app_problems_of_raw`).
    """
    text = _decode(name, content)
    with tempfile.TemporaryDirectory(prefix="laktasi-design-") as tmp:
        path = Path(tmp) / "design.yaml"
        path.write_text(text, encoding="utf-8")
        try:
            return load_design(path), text
        except InputError as exc:
            problems = [replace(p, file=name, row=p.row if p.row is not None else line_of(text, p.column or ""))
                        for p in exc.problems]
            if arms is not None:
                problems += app_problems_of_raw(text, name, arms)
            raise InputError(sorted(problems, key=lambda p: (p.row is None, p.row or 0))) from None


Error = Callable[[str, object, str, str], None]


def _design_and_reference(error: Error, design_label: str, has_arm: bool, reference: str | None,
                          arms: list[str]) -> tuple[str | None, str]:
    """The web design type and reference arm the file names (checked against the ``arms`` typed)."""
    label = design_label.strip().lower()
    kind = DESIGN_NAMES.get(label)
    if not has_arm:
        kind = kind or "one_group"
        if kind != "one_group":
            error("arm", None, f"design_label says {design_label!r} but the file has no arm column",
                  f"design_label menyebut {design_label!r} tetapi berkas tidak memiliki kolom kelompok")
    elif kind is None:
        wanted = sorted(DESIGN_LABELS.values())
        error("design_label", design_label or None,
              f"name the design: design_label is one of {wanted}" if not label else
              f"unknown design; design_label is one of {wanted}",
              f"sebutkan desainnya: design_label salah satu dari {wanted}" if not label else
              f"desain tidak dikenal; design_label salah satu dari {wanted}")
    reference = reference or ""
    if kind == "one_group":
        reference = arms[0] if len(arms) == 1 else reference
    elif kind is not None:
        if not reference:
            reference = next((a for a in arms if a.strip().lower() in CONTROL_NAMES), "")
        if not reference:
            error("arm", None, "name the reference (control) arm: arm: {column: arm, reference: NAME}",
                  "sebutkan kelompok rujukan (kontrol): arm: {column: arm, reference: NAMA}")
        elif arms and reference not in arms:
            error("arm.reference", reference, f"the reference arm is not one of the study's arms {arms}",
                  f"kelompok rujukan bukan salah satu kelompok studi {arms}")
    return kind, reference


def _one_outcome(error: Error, n: int) -> None:
    if n != 1:
        error("outcomes", None, "the app records one outcome, expressed breast-milk volume (its category "
              "comes from the classification rule); keep only that outcome",
              "aplikasi mencatat satu luaran, volume ASI perah (kategorinya dari aturan klasifikasi); "
              "sisakan luaran itu saja")


def _no_tests(error: Error, where: str, scope: str, test: object) -> None:
    error(f"{where}.tests.{scope}", test, "the app chooses the tests itself; remove tests",
          "aplikasi memilih ujinya sendiri; hapus tests")


def _no_covariates(error: Error) -> None:
    error("covariates", None, "the app records no covariate columns; remove covariates",
          "aplikasi tidak mencatat kolom kovariat; hapus covariates")


def app_problems_of_raw(text: str, name: str, arms: list[str]) -> list[Problem]:
    """The app's own requirements checked on the file as parsed YAML, for a file ``load_design`` refused,
    so that the user sees those problems in the same round. Only well-formed parts are looked at."""
    try:
        doc = yaml.safe_load(text)
    except yaml.YAMLError:
        return []
    if not isinstance(doc, dict):
        return []
    problems: list[Problem] = []

    def error(where: str, value: object, en: str, id_: str) -> None:
        problems.append(_problem(name, text, where, value, en, id_))

    arm = doc.get("arm", "arm")
    reference = arm.get("reference") if isinstance(arm, dict) else None
    reference = reference if reference is not None else doc.get("reference_arm")
    label = doc.get("design_label", doc.get("type", ""))
    _design_and_reference(error, str(label or ""), arm not in (None, False),
                          None if reference is None else str(reference), arms)
    outcomes = doc.get("outcomes")
    if isinstance(outcomes, dict):
        _one_outcome(error, len(outcomes))
        for oname, spec in outcomes.items():
            tests = spec.get("tests") if isinstance(spec, dict) else None
            for scope, test in (tests.items() if isinstance(tests, dict) else ()):
                _no_tests(error, f"outcomes.{oname}", str(scope), test)
    if doc.get("covariates"):
        _no_covariates(error)
    return problems


def study_settings(design: StudyDesign, text: str, name: str, arms: list[str], days: list[int]) -> UploadedDesign:
    """Map the design onto a web study with ``arms`` (as typed in the form) and visit ``days``.

    Raises :class:`InputError` listing everything in the file the app cannot hold.
    """
    problems: list[Problem] = []

    def error(where: str, value: object, en: str, id_: str) -> None:
        problems.append(_problem(name, text, where, value, en, id_))

    kind, reference = _design_and_reference(error, design.design_label, design.arm_column is not None,
                                            design.reference_arm, arms)
    if design.layout == "long" and len(design.time_levels) != 2:
        error("time.levels", None, "the app compares the first and last visit: give two time levels (pre, post)",
              "aplikasi membandingkan kunjungan pertama dan terakhir: tuliskan dua titik waktu (pre, post)")
    _one_outcome(error, len(design.outcomes))
    volume = design.outcomes[0] if design.outcomes else None
    if volume is not None:
        where = f"outcomes.{volume.name}"
        if volume.kind not in (None, "continuous") or volume.measure not in (None, "expressed_volume"):
            error(where, volume.name, "the app's outcome is expressed volume (continuous, in ml)",
                  "luaran aplikasi adalah volume ASI perah (kontinu, dalam ml)")
        if volume.unit.lower() not in VOLUME_UNITS:
            error(f"{where}.unit", volume.unit, "the app records volume in ml", "aplikasi mencatat volume dalam ml")
        if design.layout == "wide" and len(volume.labels) != 2:
            error(f"{where}.times", None, "the app compares the first and last visit: give pre and post",
                  "aplikasi membandingkan kunjungan pertama dan terakhir: tuliskan pre dan post")
        for scope, test in volume.tests:
            _no_tests(error, where, scope, test)
        if volume.compare is not None and volume.labels and volume.compare != (volume.labels[0], volume.labels[-1]):
            error(f"{where}.compare", None, "the app compares the first and last visit; remove compare",
                  "aplikasi membandingkan kunjungan pertama dan terakhir; hapus compare")
        for label_, hours in volume.hours:
            if not days:
                break
            day = days[0] if label_ == volume.labels[0] else days[-1]
            if not 24 * (day - 1) <= hours <= 24 * day:
                error(f"{where}.hours_postpartum.{label_}", hours,
                      f"{hours:g} h postpartum is not on the visit day {day} of the schedule "
                      f"({24 * (day - 1)}–{24 * day} h)",
                      f"{hours:g} jam postpartum tidak jatuh pada hari kunjungan {day} dalam jadwal "
                      f"({24 * (day - 1)}–{24 * day} jam)")
    if design.covariates:
        _no_covariates(error)
    levels: tuple[str, ...] = ()
    cutpoints: tuple[float, ...] = ()
    if len(design.rules) > 1:
        error("classification", None, "the app uses one classification rule (of the volume)",
              "aplikasi memakai satu aturan klasifikasi (dari volume)")
    elif design.rules:
        rule = design.rules[0]
        if rule.kind != "cutpoints":
            error(f"classification.{rule.name}", None, "the app's rule has cut-points in ml (not score ranges)",
                  "aturan aplikasi memakai titik potong dalam ml (bukan rentang skor)")
        levels, cutpoints = rule.levels, rule.cutpoints
    if problems:
        raise InputError(sorted(problems, key=lambda p: (p.row is None, p.row or 0)))
    assert kind is not None
    return UploadedDesign(design=kind, reference=reference, levels=levels, cutpoints=cutpoints)
