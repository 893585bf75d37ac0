"""Risk of bias of a study's result: RoB 2 for randomised trials and ROBINS-I for non-randomised studies.

**RoB 2** (Sterne et al. 2019, BMJ 366:l4898; full guidance of 22 August 2019): five domains, each with
signalling questions answered Y / PY / PN / N / NI (NA where a question's condition is not met), and the
guidance's algorithm mapping a domain's answers to a *proposed* judgement — low, some concerns, high —
(domain 2 for the effect of *assignment* to intervention, the intention-to-treat effect). The overall
judgement is low when every domain is low, high when any domain is high, otherwise some concerns; "some
concerns" in several domains may be raised to high by the appraiser, with a reason (guidance, Table 2).

**ROBINS-I** (Sterne et al. 2016, BMJ 355:i4919): seven domains with signalling questions; the 2016 tool
gives no algorithm from answers to a domain judgement (except that "N/PN" to 1.1 means low risk of
confounding), so the appraiser judges each domain: low, moderate, serious, critical or no information.
The overall judgement (paper, Table 3) is the most severe domain judgement; "no information" only when no
domain is serious or critical. Several domains at the most severe level may be raised by one level.

An appraiser may override any proposed domain judgement, with a reason. Question and answer texts (id/en)
live in ``laktasi/data/rob2.yaml`` and ``robins_i.yaml``; conditions and algorithms are here.

>>> rob2_domain("D1", {"1.1": "Y", "1.2": "Y", "1.3": "N"})
'low'
>>> rob2_overall({"D1": "low", "D2": "some_concerns", "D3": "low", "D4": "low", "D5": "low"})
'some_concerns'
>>> robins_overall({"D1": "moderate", "D2": "serious", "D3": "low", "D4": "low", "D5": "no_information",
...                 "D6": "low", "D7": "low"})
'serious'
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import Any, Final, Literal

from laktasi.errors import InputError, Problem, Text
from laktasi.files import parse_yaml

RoB2Judgement = Literal["low", "some_concerns", "high"]
RobinsJudgement = Literal["low", "moderate", "serious", "critical", "no_information"]
ROB2: Final = "rob2"
ROBINS_I: Final = "robins_i"
TOOLS: Final = (ROB2, ROBINS_I)
ROB2_JUDGEMENTS: Final[tuple[str, ...]] = ("low", "some_concerns", "high")
ROBINS_JUDGEMENTS: Final[tuple[str, ...]] = ("low", "moderate", "serious", "critical", "no_information")
ANSWERS: Final = ("Y", "PY", "PN", "N", "NI", "NA")
YES: Final = frozenset({"Y", "PY"})
NO: Final = frozenset({"N", "PN"})
NI: Final = "NI"
NA: Final = "NA"
_ROBINS_SEVERITY: Final = ("low", "moderate", "serious", "critical")

Answers = Mapping[str, str]


# ---------------------------------------------------------------------------------------------------------
# The tools' texts (package data)
# ---------------------------------------------------------------------------------------------------------

@dataclass(frozen=True)
class Question:
    id: str
    text: Text
    options: tuple[str, ...]


@dataclass(frozen=True)
class Domain:
    key: str
    name: Text
    short: Text
    questions: tuple[Question, ...]


@dataclass(frozen=True)
class Tool:
    key: str
    name: Text
    source: str
    domains: tuple[Domain, ...]
    judgements: tuple[str, ...]
    judgement_labels: Mapping[str, Text]
    judgement_help: Mapping[str, Text]
    answer_labels: Mapping[str, Text]

    def domain(self, key: str) -> Domain:
        return next(d for d in self.domains if d.key == key)

    def question(self, qid: str) -> Question:
        return next(q for d in self.domains for q in d.questions if q.id == qid)

    def judgement_label(self, key: str, lang: str) -> str:
        return self.judgement_labels[key].in_(lang)


def _text(raw: Mapping[str, Any]) -> Text:
    return Text(en=str(raw["en"]), id=str(raw["id"]))


@cache
def tool(key: str) -> Tool:
    """The tool's domains, questions (id/en) and judgement labels, read from package data."""
    if key not in TOOLS:
        raise ValueError(f"unknown risk-of-bias tool {key!r}")
    name = f"{key}.yaml"
    raw = parse_yaml(resources.files("laktasi.data").joinpath(name).read_text(encoding="utf-8"), name=name)
    domains = tuple(Domain(key=str(d["key"]), name=_text(d["name"]), short=_text(d["short"]),
                           questions=tuple(Question(id=str(q["id"]), text=_text(q["text"]),
                                                    options=tuple(str(o) for o in q["options"]))
                                           for q in d["questions"]))
                    for d in raw["domains"])
    return Tool(key=key, name=_text(raw["name"]), source=str(raw["source"]), domains=domains,
                judgements=tuple(raw["judgements"]),
                judgement_labels={k: _text(v) for k, v in raw["judgements"].items()},
                judgement_help={k: _text(v) for k, v in (raw.get("judgement_help") or {}).items()},
                answer_labels={k: _text(v) for k, v in raw["answers"].items()})


# ---------------------------------------------------------------------------------------------------------
# Conditions: which questions apply, given the answers so far
# ---------------------------------------------------------------------------------------------------------

Condition = Callable[[Mapping[str, str]], bool]


def _in(qid: str, values: frozenset[str] | set[str]) -> Condition:
    return lambda a: a.get(qid) in values


def _all(*cs: Condition) -> Condition:
    return lambda a: all(c(a) for c in cs)


def _any(*cs: Condition) -> Condition:
    return lambda a: any(c(a) for c in cs)


YES_NI: Final = YES | {NI}
NO_NI: Final = NO | {NI}

# RoB 2 guidance (22 Aug 2019): the "If ..." of each conditional question.
_ROB2_CONDITIONS: dict[str, Condition] = {
    "2.3": _any(_in("2.1", YES_NI), _in("2.2", YES_NI)),
    "2.4": _in("2.3", YES),
    "2.5": _in("2.4", YES_NI),
    "2.7": _in("2.6", NO_NI),
    "3.2": _in("3.1", NO_NI),
    "3.3": _in("3.2", NO),
    "3.4": _in("3.3", YES_NI),
    "4.3": _all(_in("4.1", NO_NI), _in("4.2", NO_NI)),
    "4.4": _in("4.3", YES_NI),
    "4.5": _in("4.4", YES_NI),
}
# ROBINS-I (2016): 1.1 N/PN ends domain 1; 1.2 N/PN/NI (or 1.3 N/PN) leads to the baseline-confounding
# questions 1.4-1.6, 1.3 Y/PY/NI to the time-varying ones 1.7-1.8 (NI routed to the more demanding branch).
_BASELINE = _all(_in("1.1", YES), _any(_in("1.2", NO_NI), _all(_in("1.2", YES), _in("1.3", NO))))
_TIME_VARYING = _all(_in("1.1", YES), _in("1.2", YES), _in("1.3", YES_NI))
_ROBINS_CONDITIONS: dict[str, Condition] = {
    "1.2": _in("1.1", YES),
    "1.3": _all(_in("1.1", YES), _in("1.2", YES)),
    "1.4": _BASELINE,
    "1.5": _all(_BASELINE, _in("1.4", YES)),
    "1.6": _BASELINE,
    "1.7": _TIME_VARYING,
    "1.8": _all(_TIME_VARYING, _in("1.7", YES)),
    "2.2": _in("2.1", YES),
    "2.3": _all(_in("2.1", YES), _in("2.2", YES)),
    "2.5": _any(_all(_in("2.1", YES), _in("2.2", YES), _in("2.3", YES)), _in("2.4", NO)),
    "4.2": _in("4.1", YES),
    "5.4": _any(_in("5.1", NO), _in("5.2", YES), _in("5.3", YES)),
    "5.5": _any(_in("5.1", NO), _in("5.2", YES), _in("5.3", YES)),
}
CONDITIONS: Final[Mapping[str, Mapping[str, Condition]]] = {ROB2: _ROB2_CONDITIONS, ROBINS_I: _ROBINS_CONDITIONS}


def effective_answers(tool_key: str, answers: Answers) -> dict[str, str]:
    """The answers that count: each applicable question's answer (questions in order; one whose condition
    is not met, or whose prerequisite is unanswered, is "NA" and its stored answer ignored)."""
    out: dict[str, str] = {}
    conditions = CONDITIONS[tool_key]
    for d in tool(tool_key).domains:
        for q in d.questions:
            cond = conditions.get(q.id)
            if cond is not None and not cond(out):
                out[q.id] = NA
            elif answers.get(q.id) not in (None, "", NA):
                out[q.id] = str(answers[q.id])
    return out


def missing(tool_key: str, domain_key: str, answers: Answers) -> tuple[str, ...]:
    """Applicable questions of the domain not answered yet."""
    eff = effective_answers(tool_key, answers)
    return tuple(q.id for q in tool(tool_key).domain(domain_key).questions if q.id not in eff)


def answer_problems(tool_key: str, answers: Answers) -> list[Problem]:
    """Unknown questions and answers a question does not offer."""
    t = tool(tool_key)
    options = {q.id: q.options for d in t.domains for q in d.questions}
    problems = []
    for qid, value in answers.items():
        if qid not in options:
            problems.append(Problem("rob_unknown_question", Text(en=f"{t.name.en} has no question {qid}",
                                                                 id=f"{t.name.id} tidak punya pertanyaan {qid}"),
                                    column=qid, value=value))
        elif value not in ("", *options[qid]):
            problems.append(Problem("rob_bad_answer", Text(
                en=f"question {qid} takes {'/'.join(options[qid])}, not {value!r}",
                id=f"pertanyaan {qid} dijawab {'/'.join(options[qid])}, bukan {value!r}"), column=qid, value=value))
    return problems


def check_answers(tool_key: str, answers: Answers) -> None:
    """Refuse unknown questions and answers a question does not offer (one :class:`InputError`)."""
    problems = answer_problems(tool_key, answers)
    if problems:
        raise InputError(problems)


# ---------------------------------------------------------------------------------------------------------
# RoB 2: the guidance's algorithms (figures of the 22 August 2019 guidance, one per domain)
# ---------------------------------------------------------------------------------------------------------

def _d1(a: Mapping[str, str]) -> str:
    if a["1.2"] in NO:
        return "high"
    if a["1.2"] in YES:
        if a["1.1"] in NO or a["1.3"] in YES:
            return "some_concerns"
        return "low"
    return "high" if a["1.3"] in YES else "some_concerns"  # 1.2 NI


def _d2_part1(a: Mapping[str, str]) -> str:
    if a["2.1"] in NO and a["2.2"] in NO:
        return "low"
    if a["2.3"] in NO:
        return "low"
    if a["2.3"] == NI:
        return "some_concerns"
    if a["2.4"] in NO:
        return "some_concerns"
    return "some_concerns" if a["2.5"] in YES else "high"


def _d2_part2(a: Mapping[str, str]) -> str:
    if a["2.6"] in YES:
        return "low"
    return "some_concerns" if a["2.7"] in NO else "high"


def _d2(a: Mapping[str, str]) -> str:
    parts = {_d2_part1(a), _d2_part2(a)}
    return "high" if "high" in parts else "some_concerns" if "some_concerns" in parts else "low"


def _d3(a: Mapping[str, str]) -> str:
    if a["3.1"] in YES or a["3.2"] in YES or a["3.3"] in NO:
        return "low"
    return "some_concerns" if a["3.4"] in NO else "high"


def _d4(a: Mapping[str, str]) -> str:
    if a["4.1"] in YES or a["4.2"] in YES:
        return "high"
    unclear = a["4.2"] == NI  # no information on whether measurement differed: at best some concerns
    if a["4.3"] in NO or a["4.4"] in NO:
        return "some_concerns" if unclear else "low"
    return "some_concerns" if a["4.5"] in NO else "high"


def _d5(a: Mapping[str, str]) -> str:
    if a["5.2"] in YES or a["5.3"] in YES:
        return "high"
    if a["5.2"] in NO and a["5.3"] in NO:
        return "low" if a["5.1"] in YES else "some_concerns"
    return "some_concerns"  # 5.2 or 5.3 NI, neither Y/PY


_ROB2_ALGORITHMS: dict[str, Callable[[Mapping[str, str]], str]] = {"D1": _d1, "D2": _d2, "D3": _d3, "D4": _d4,
                                                                   "D5": _d5}


def rob2_domain(domain_key: str, answers: Answers) -> str | None:
    """The algorithm's proposed judgement of a RoB 2 domain, or ``None`` while an applicable question is
    unanswered."""
    if missing(ROB2, domain_key, answers):
        return None
    return _ROB2_ALGORITHMS[domain_key](effective_answers(ROB2, answers))


def rob2_overall(domains: Mapping[str, str]) -> str:
    """All low → low; any high → high; otherwise some concerns (guidance, Table 2; Sterne 2019, Table 2)."""
    values = set(domains.values())
    if "high" in values:
        return "high"
    return "some_concerns" if "some_concerns" in values else "low"


def rob2_overall_options(domains: Mapping[str, str]) -> tuple[str, ...]:
    """Overall judgements the rule allows: the proposal, and "high" when several domains have some
    concerns ("in a way that substantially lowers confidence in the result": the appraiser's call)."""
    proposed = rob2_overall(domains)
    if proposed == "some_concerns" and sum(v == "some_concerns" for v in domains.values()) >= 2:
        return ("some_concerns", "high")
    return (proposed,)


# ---------------------------------------------------------------------------------------------------------
# ROBINS-I
# ---------------------------------------------------------------------------------------------------------

def robins_domain(domain_key: str, answers: Answers) -> str | None:
    """The tool's own proposal for a ROBINS-I domain: only "low" for confounding when 1.1 is N/PN (no
    potential for confounding); every other domain judgement is the appraiser's."""
    if domain_key == "D1" and effective_answers(ROBINS_I, answers).get("1.1") in NO:
        return "low"
    return None


def robins_overall(domains: Mapping[str, str]) -> str:
    """Most severe domain judgement; "no information" when a domain lacks information and none is serious
    or critical (Sterne 2016, Table 3)."""
    values = set(domains.values())
    for level in ("critical", "serious"):
        if level in values:
            return level
    if "no_information" in values:
        return "no_information"
    return "moderate" if "moderate" in values else "low"


def _raise_one(level: str, count: int) -> tuple[str, ...]:
    if level in ("moderate", "serious") and count >= 2:
        return (level, _ROBINS_SEVERITY[_ROBINS_SEVERITY.index(level) + 1])
    return (level,)


def robins_overall_options(domains: Mapping[str, str]) -> tuple[str, ...]:
    """The proposal; one level more severe when several domains share the most severe judgement; with
    "no information", also the most severe known judgement (the appraiser holds the domain lacking
    information not to be a key one)."""
    proposed = robins_overall(domains)
    values = list(domains.values())
    if proposed != "no_information":
        return _raise_one(proposed, values.count(proposed))
    known = [v for v in values if v != "no_information"]
    worst = max(known, key=_ROBINS_SEVERITY.index) if known else "low"
    return ("no_information", *_raise_one(worst, known.count(worst)))


def proposed_domain(tool_key: str, domain_key: str, answers: Answers) -> str | None:
    return rob2_domain(domain_key, answers) if tool_key == ROB2 else robins_domain(domain_key, answers)


def overall_rule(tool_key: str, domains: Mapping[str, str]) -> str:
    return rob2_overall(domains) if tool_key == ROB2 else robins_overall(domains)


def overall_options(tool_key: str, domains: Mapping[str, str]) -> tuple[str, ...]:
    return rob2_overall_options(domains) if tool_key == ROB2 else robins_overall_options(domains)


# ---------------------------------------------------------------------------------------------------------
# One assessment
# ---------------------------------------------------------------------------------------------------------

@dataclass(frozen=True)
class DomainResult:
    key: str
    proposed: str | None  # the algorithm's (RoB 2) or the tool's (ROBINS-I D1 only); None if none
    final: str | None  # the appraiser's override, else the proposal; None while undecided
    reason: str  # why the appraiser departed from the proposal
    missing: tuple[str, ...]  # applicable questions still unanswered

    @property
    def overridden(self) -> bool:
        return self.proposed is not None and self.final is not None and self.final != self.proposed


@dataclass(frozen=True)
class Assessment:
    tool: str
    domains: tuple[DomainResult, ...]
    overall_proposed: str | None  # the rule applied to the final domain judgements
    overall: str | None
    overall_reason: str

    @property
    def complete(self) -> bool:
        return self.overall is not None and not any(d.missing for d in self.domains)

    def finals(self) -> dict[str, str | None]:
        return {d.key: d.final for d in self.domains}


def _problem(code: str, en: str, id_: str, column: str, value: Any = None) -> Problem:
    return Problem(code, Text(en=en, id=id_), column=column, value=value)


def assess(tool_key: str, answers: Answers, judgements: Mapping[str, tuple[str, str]] | None = None,
           overall: tuple[str, str] | None = None) -> Assessment:
    """Answers → proposed and final judgements per domain and overall.

    ``judgements``: domain key → (judgement, reason) chosen by the appraiser (an override of a proposal
    needs a reason; a ROBINS-I domain without a proposal needs only the judgement). ``overall``:
    (judgement, reason) when the appraiser departs from the rule's proposal, within
    :func:`overall_options`. An invalid answer, judgement or override raises one :class:`InputError`
    listing every problem; unanswered questions do not (they are listed in ``missing``).
    """
    t = tool(tool_key)
    problems = answer_problems(tool_key, answers)
    bad = {p.column for p in problems}
    answers = {k: v for k, v in answers.items() if k not in bad}
    judgements = judgements or {}
    results = []
    for d in t.domains:
        proposed = proposed_domain(tool_key, d.key, answers)
        final, reason = proposed, ""
        if d.key in judgements and judgements[d.key][0]:
            chosen, reason = judgements[d.key][0], judgements[d.key][1].strip()
            if chosen not in t.judgements:
                problems.append(_problem("rob_bad_judgement", f"{d.key}: {chosen!r} is not a judgement of {t.name.en}",
                                         f"{d.key}: {chosen!r} bukan penilaian {t.name.id}", d.key, chosen))
            elif proposed is not None and chosen != proposed and not reason:
                problems.append(_problem("rob_override_reason",
                                         f"{d.key}: give the reason for departing from the proposed judgement",
                                         f"{d.key}: tuliskan alasan menyimpang dari penilaian yang diusulkan", d.key))
            else:
                final = chosen
        results.append(DomainResult(d.key, proposed, final, reason, missing(tool_key, d.key, answers)))
    finals = {r.key: r.final for r in results}
    overall_proposed = None
    overall_final, overall_reason = None, ""
    if all(v is not None for v in finals.values()):
        known = {k: str(v) for k, v in finals.items()}
        overall_proposed = overall_rule(tool_key, known)
        overall_final = overall_proposed
        if overall is not None and overall[0] and overall[0] != overall_proposed:
            allowed = overall_options(tool_key, known)
            if overall[0] not in allowed:
                labels = [t.judgement_labels[a] for a in allowed]
                problems.append(_problem(
                    "rob_overall_rule", f"overall: the rule allows {', '.join(x.en for x in labels)} here",
                    f"keseluruhan: aturan hanya membolehkan {', '.join(x.id for x in labels)} di sini",
                    "overall", overall[0]))
            elif not overall[1].strip():
                problems.append(_problem("rob_override_reason", "overall: give the reason for raising the judgement",
                                         "keseluruhan: tuliskan alasan menaikkan penilaian", "overall"))
            else:
                overall_final, overall_reason = overall[0], overall[1].strip()
    if problems:
        raise InputError(problems)
    return Assessment(tool_key, tuple(results), overall_proposed, overall_final, overall_reason)
