"""RoB 2 and ROBINS-I: every branch of each RoB 2 domain algorithm, the conditional questions, the overall
rules (with a property test), overrides with reasons, and the id/en data files matching the code.

References: RoB 2 full guidance (Higgins, Savovic, Page, Sterne, eds; 22 August 2019): each domain's
"suggested algorithm" figure (Figures 1, 2, 4, 5, 6 for domains 1, 2 [assignment], 3, 4, 5; Figure 3 is
domain 2 for adhering, not implemented) with its algorithm table, and the criteria tables (domain 1's as
reproduced in Syst Rev 2021;10:171, Table 2);
Sterne et al. BMJ 2019;366:l4898; ROBINS-I: Sterne et al. BMJ 2016;355:i4919, Table 3 (interpretation of
domain-level and overall judgements) and the detailed guidance of 20 October 2016 (question routing)."""

from __future__ import annotations

import itertools

import pytest
from hypothesis import given
from hypothesis import strategies as st

from laktasi.errors import InputError
from laktasi.review import risk_of_bias as rob
from laktasi.review.risk_of_bias import (
    ROB2,
    ROBINS_I,
    assess,
    effective_answers,
    missing,
    rob2_domain,
    rob2_overall,
    rob2_overall_options,
    robins_domain,
    robins_overall,
    robins_overall_options,
    tool,
)

Y, PY, PN, N, NI = "Y", "PY", "PN", "N", "NI"


def _d(domain, **answers):
    return rob2_domain(domain, {k.replace("_", ".").lstrip("q"): v for k, v in answers.items()})


# --- Domain 1, randomisation process (guidance 2019, Figure 1: suggested algorithm, domain 1) ---------------
@pytest.mark.parametrize(("q1_1", "q1_2", "q1_3", "expected"), [
    # 1.2 Y/PY (concealed) → 1.1 Y/PY/NI → 1.3 N/PN/NI: low; 1.3 Y/PY: some concerns
    (Y, Y, N, "low"), (PY, PY, PN, "low"), (NI, Y, NI, "low"), (Y, Y, Y, "some_concerns"),
    (NI, PY, PY, "some_concerns"),
    # 1.2 Y/PY, 1.1 N/PN (not random): some concerns whatever 1.3
    (N, Y, N, "some_concerns"), (PN, Y, Y, "some_concerns"),
    # 1.2 N/PN (not concealed): high
    (Y, N, N, "high"), (Y, PN, NI, "high"), (NI, N, Y, "high"),
    # 1.2 NI → 1.3 N/PN/NI: some concerns; 1.3 Y/PY: high
    (Y, NI, N, "some_concerns"), (N, NI, NI, "some_concerns"), (Y, NI, Y, "high"), (NI, NI, PY, "high"),
])
def test_domain1_algorithm(q1_1, q1_2, q1_3, expected):
    assert _d("D1", q1_1=q1_1, q1_2=q1_2, q1_3=q1_3) == expected


def test_domain1_matches_the_criteria_table_for_every_answer():
    """Guidance 2019, domain 1 criteria table: low = concealed AND (baseline compatible with chance or NI)
    AND (random or NI); high = not concealed, OR NI on concealment AND baseline suggests a problem."""
    for a1, a2, a3 in itertools.product([Y, PY, PN, N, NI], repeat=3):
        concealed, not_concealed = a2 in (Y, PY), a2 in (N, PN)
        problem = a3 in (Y, PY)
        if concealed and not problem and a1 not in (N, PN):
            expected = "low"
        elif not_concealed or (a2 == NI and problem):
            expected = "high"
        else:
            expected = "some_concerns"
        assert _d("D1", q1_1=a1, q1_2=a2, q1_3=a3) == expected, (a1, a2, a3)


# --- Domain 2, deviations, effect of assignment (guidance 2019, Figure 2, parts 1 and 2) --------------------
GOOD_ANALYSIS = {"2.6": Y}


@pytest.mark.parametrize(("part1", "expected"), [
    ({"2.1": N, "2.2": PN}, "low"),  # nobody aware → low (2.3-2.5 not applicable)
    ({"2.1": Y, "2.2": N, "2.3": N}, "low"),  # aware, no deviations from the trial context → low
    ({"2.1": NI, "2.2": N, "2.3": NI}, "some_concerns"),  # no information on deviations
    ({"2.1": Y, "2.2": Y, "2.3": Y, "2.4": N}, "some_concerns"),  # deviations, unlikely to affect the outcome
    ({"2.1": Y, "2.2": Y, "2.3": PY, "2.4": Y, "2.5": Y}, "some_concerns"),  # ... affecting, but balanced
    ({"2.1": Y, "2.2": Y, "2.3": Y, "2.4": PY, "2.5": N}, "high"),  # ... affecting and unbalanced
    ({"2.1": Y, "2.2": NI, "2.3": Y, "2.4": NI, "2.5": NI}, "high"),  # ... NI on effect and balance
])
def test_domain2_part1(part1, expected):
    assert rob2_domain("D2", {**part1, **GOOD_ANALYSIS}) == expected


@pytest.mark.parametrize(("part2", "expected"), [
    ({"2.6": Y}, "low"), ({"2.6": PY}, "low"),  # appropriate (ITT) analysis
    ({"2.6": N, "2.7": N}, "some_concerns"), ({"2.6": NI, "2.7": PN}, "some_concerns"),  # no substantial impact
    ({"2.6": PN, "2.7": Y}, "high"), ({"2.6": N, "2.7": NI}, "high"),  # potential substantial impact
])
def test_domain2_part2(part2, expected):
    assert rob2_domain("D2", {"2.1": N, "2.2": N, **part2}) == expected


def test_domain2_is_the_worse_of_its_parts():
    assert rob2_domain("D2", {"2.1": Y, "2.2": Y, "2.3": NI, "2.6": N, "2.7": Y}) == "high"
    assert rob2_domain("D2", {"2.1": Y, "2.2": Y, "2.3": NI, "2.6": Y}) == "some_concerns"
    assert rob2_domain("D2", {"2.1": N, "2.2": N, "2.6": N, "2.7": N}) == "some_concerns"


# --- Domain 3, missing outcome data (guidance 2019, Figure 4) -----------------------------------------------
@pytest.mark.parametrize(("answers", "expected"), [
    ({"3.1": Y}, "low"), ({"3.1": PY}, "low"),  # (nearly) all data
    ({"3.1": N, "3.2": Y}, "low"), ({"3.1": NI, "3.2": PY}, "low"),  # evidence of no bias
    ({"3.1": N, "3.2": N, "3.3": N}, "low"), ({"3.1": PN, "3.2": PN, "3.3": PN}, "low"),  # missingness unrelated
    ({"3.1": N, "3.2": N, "3.3": Y, "3.4": N}, "some_concerns"),  # could, but unlikely, depend on true value
    ({"3.1": N, "3.2": N, "3.3": NI, "3.4": PN}, "some_concerns"),
    ({"3.1": N, "3.2": N, "3.3": Y, "3.4": Y}, "high"), ({"3.1": N, "3.2": PN, "3.3": PY, "3.4": NI}, "high"),
])
def test_domain3_algorithm(answers, expected):
    assert rob2_domain("D3", answers) == expected


# --- Domain 4, measurement of the outcome (guidance 2019, Figure 5 and Table 12) ----------------------------
@pytest.mark.parametrize(("answers", "expected"), [
    ({"4.1": Y, "4.2": N}, "high"), ({"4.1": PY, "4.2": NI}, "high"),  # inappropriate method
    ({"4.1": N, "4.2": Y}, "high"), ({"4.1": NI, "4.2": PY}, "high"),  # measurement differed between groups
    # 4.2 N/PN: assessors unaware → low; aware, could not be influenced → low; could, unlikely → SC; likely → high
    ({"4.1": N, "4.2": N, "4.3": N}, "low"), ({"4.1": NI, "4.2": PN, "4.3": PN}, "low"),
    ({"4.1": N, "4.2": N, "4.3": Y, "4.4": N}, "low"), ({"4.1": N, "4.2": N, "4.3": NI, "4.4": PN}, "low"),
    ({"4.1": N, "4.2": N, "4.3": Y, "4.4": Y, "4.5": N}, "some_concerns"),
    ({"4.1": N, "4.2": N, "4.3": Y, "4.4": NI, "4.5": PN}, "some_concerns"),
    ({"4.1": N, "4.2": N, "4.3": Y, "4.4": Y, "4.5": Y}, "high"),
    ({"4.1": N, "4.2": N, "4.3": PY, "4.4": PY, "4.5": NI}, "high"),
    # 4.2 NI: the same branches, but the best is some concerns
    ({"4.1": N, "4.2": NI, "4.3": N}, "some_concerns"),
    ({"4.1": N, "4.2": NI, "4.3": Y, "4.4": N}, "some_concerns"),
    ({"4.1": N, "4.2": NI, "4.3": Y, "4.4": Y, "4.5": N}, "some_concerns"),
    ({"4.1": N, "4.2": NI, "4.3": Y, "4.4": Y, "4.5": Y}, "high"),
])
def test_domain4_algorithm(answers, expected):
    assert rob2_domain("D4", answers) == expected


# --- Domain 5, selection of the reported result (guidance 2019, Figure 6) -----------------------------------
@pytest.mark.parametrize(("answers", "expected"), [
    ({"5.1": Y, "5.2": N, "5.3": N}, "low"), ({"5.1": PY, "5.2": PN, "5.3": N}, "low"),
    ({"5.1": N, "5.2": N, "5.3": N}, "some_concerns"), ({"5.1": NI, "5.2": PN, "5.3": PN}, "some_concerns"),
    ({"5.1": Y, "5.2": NI, "5.3": N}, "some_concerns"), ({"5.1": Y, "5.2": N, "5.3": NI}, "some_concerns"),
    ({"5.1": Y, "5.2": Y, "5.3": N}, "high"), ({"5.1": Y, "5.2": N, "5.3": PY}, "high"),
    ({"5.1": NI, "5.2": NI, "5.3": Y}, "high"),
])
def test_domain5_algorithm(answers, expected):
    assert rob2_domain("D5", answers) == expected


# --- Conditional questions ----------------------------------------------------------------------------------
def test_incomplete_domain_has_no_proposal_and_lists_the_missing_question():
    assert rob2_domain("D1", {"1.1": Y, "1.2": Y}) is None
    assert missing(ROB2, "D1", {"1.1": Y, "1.2": Y}) == ("1.3",)
    assert missing(ROB2, "D3", {"3.1": N}) == ("3.2",)
    assert missing(ROB2, "D3", {"3.1": Y}) == ()


def test_answers_to_questions_whose_condition_fails_are_ignored():
    # 2.1/2.2 N: 2.3-2.5 are not applicable even though stale answers say "deviations, unbalanced"
    eff = effective_answers(ROB2, {"2.1": N, "2.2": N, "2.3": Y, "2.4": Y, "2.5": N, "2.6": Y})
    assert (eff["2.3"], eff["2.4"], eff["2.5"]) == ("NA", "NA", "NA")
    assert rob2_domain("D2", {"2.1": N, "2.2": N, "2.3": Y, "2.4": Y, "2.5": N, "2.6": Y}) == "low"
    # 4.3 only when both 4.1 and 4.2 are N/PN/NI
    assert missing(ROB2, "D4", {"4.1": N, "4.2": Y}) == ()


def test_robins_routing_follows_the_2016_guidance():
    assert missing(ROBINS_I, "D1", {"1.1": N}) == ()  # no potential for confounding: done, low risk
    assert robins_domain("D1", {"1.1": PN}) == "low"
    assert missing(ROBINS_I, "D1", {"1.1": Y}) == ("1.2",)
    assert missing(ROBINS_I, "D1", {"1.1": Y, "1.2": N}) == ("1.4", "1.6")  # baseline confounding
    assert missing(ROBINS_I, "D1", {"1.1": Y, "1.2": N, "1.4": Y}) == ("1.5", "1.6")
    assert missing(ROBINS_I, "D1", {"1.1": Y, "1.2": Y}) == ("1.3",)
    assert missing(ROBINS_I, "D1", {"1.1": Y, "1.2": Y, "1.3": PY}) == ("1.7",)  # time-varying
    assert missing(ROBINS_I, "D1", {"1.1": Y, "1.2": Y, "1.3": N}) == ("1.4", "1.6")
    assert missing(ROBINS_I, "D2", {"2.1": N, "2.4": Y}) == ()
    assert missing(ROBINS_I, "D2", {"2.1": N, "2.4": N}) == ("2.5",)
    assert missing(ROBINS_I, "D2", {"2.1": Y, "2.2": Y, "2.3": Y, "2.4": Y}) == ("2.5",)
    assert missing(ROBINS_I, "D5", {"5.1": Y, "5.2": N, "5.3": N}) == ()
    assert missing(ROBINS_I, "D5", {"5.1": Y, "5.2": N, "5.3": Y}) == ("5.4", "5.5")
    assert robins_domain("D1", {"1.1": Y}) is None and robins_domain("D6", {}) is None


# --- Overall rules ------------------------------------------------------------------------------------------
rob2_levels = st.sampled_from(["low", "some_concerns", "high"])
robins_levels = st.sampled_from(["low", "moderate", "serious", "critical", "no_information"])


@given(st.lists(rob2_levels, min_size=5, max_size=5))
def test_rob2_overall_rule_holds(levels):
    """Guidance 2019, overall judgement table: low only if all low; high if any high; else some concerns,
    which may be raised to high when several domains have some concerns."""
    domains = dict(zip(("D1", "D2", "D3", "D4", "D5"), levels, strict=True))
    proposed = rob2_overall(domains)
    if all(v == "low" for v in levels):
        assert proposed == "low"
    elif "high" in levels:
        assert proposed == "high"
    else:
        assert proposed == "some_concerns"
    options = rob2_overall_options(domains)
    assert options[0] == proposed
    assert ("high" in options) == ("high" in levels or levels.count("some_concerns") >= 2)


@given(st.lists(robins_levels, min_size=7, max_size=7))
def test_robins_overall_rule_holds(levels):
    """Sterne 2016, Table 3: low = low in all domains; moderate = low or moderate in all; serious = serious in
    at least one but critical in none; critical = critical in at least one; no information = a lack of
    information in a domain and no clear indication of serious or critical risk."""
    domains = dict(zip(("D1", "D2", "D3", "D4", "D5", "D6", "D7"), levels, strict=True))
    proposed = robins_overall(domains)
    if "critical" in levels:
        assert proposed == "critical"
    elif "serious" in levels:
        assert proposed == "serious"
    elif "no_information" in levels:
        assert proposed == "no_information"
    elif "moderate" in levels:
        assert proposed == "moderate"
    else:
        assert proposed == "low"
    options = robins_overall_options(domains)
    assert options[0] == proposed
    severity = ["low", "moderate", "serious", "critical"]
    known = [v for v in levels if v != "no_information"]
    worst = max(known, key=severity.index) if known else "low"
    for o in options[1:]:  # never below the most severe known domain, at most one level above it
        assert o != "no_information" and 0 <= severity.index(o) - severity.index(worst) <= 1


# --- One assessment: overrides and reasons ------------------------------------------------------------------
ALL_LOW = {"1.1": Y, "1.2": Y, "1.3": N, "2.1": N, "2.2": N, "2.6": Y, "3.1": Y, "4.1": N, "4.2": N, "4.3": N,
           "5.1": Y, "5.2": N, "5.3": N}


def test_assess_all_low_is_complete_and_low():
    a = assess(ROB2, ALL_LOW)
    assert a.complete and a.overall == a.overall_proposed == "low"
    assert a.finals() == {f"D{i}": "low" for i in range(1, 6)}
    with pytest.raises(AttributeError):
        a.overall = "high"  # frozen


def test_domain_override_needs_a_reason_and_drives_the_overall():
    with pytest.raises(InputError) as exc:
        assess(ROB2, ALL_LOW, {"D4": ("some_concerns", " ")})
    assert exc.value.problems[0].code == "rob_override_reason"
    a = assess(ROB2, ALL_LOW, {"D4": ("some_concerns", "self-reported milk volume")})
    d4 = a.domains[3]
    assert d4.proposed == "low" and d4.final == "some_concerns" and d4.overridden and d4.reason
    assert a.overall_proposed == a.overall == "some_concerns"


def test_overall_may_be_raised_only_as_the_rule_allows():
    two = {"D4": ("some_concerns", "unblinded assessors"), "D5": ("some_concerns", "no protocol")}
    with pytest.raises(InputError) as exc:  # one domain with some concerns: high is not allowed
        assess(ROB2, ALL_LOW, {"D4": two["D4"]}, ("high", "feels wrong"))
    assert exc.value.problems[0].code == "rob_overall_rule"
    with pytest.raises(InputError):
        assess(ROB2, ALL_LOW, two, ("high", ""))  # reason required
    a = assess(ROB2, ALL_LOW, two, ("high", "two domains together lower confidence substantially"))
    assert a.overall_proposed == "some_concerns" and a.overall == "high" and a.overall_reason


def test_bad_answers_and_judgements_are_listed_together():
    with pytest.raises(InputError) as exc:
        assess(ROB2, {"1.1": "maybe", "9.9": Y, "3.2": NI}, {"D1": ("moderate", "x")})
    assert [p.code for p in exc.value.problems] == ["rob_bad_answer", "rob_unknown_question", "rob_bad_answer",
                                                    "rob_bad_judgement"]


def test_robins_assessment_with_appraiser_judgements():
    answers = {"1.1": Y, "1.2": N, "1.4": PN, "1.6": N}
    judged = {"D1": ("serious", ""), "D2": ("low", ""), "D3": ("low", ""), "D4": ("moderate", ""),
              "D5": ("no_information", ""), "D6": ("moderate", ""), "D7": ("low", "")}
    a = assess(ROBINS_I, answers, judged)
    assert a.overall == "serious" and not a.complete  # D2-D7 questions unanswered
    assert robins_overall_options(a.finals()) == ("serious",)
    partial = assess(ROBINS_I, answers, {"D1": ("serious", "")})
    assert partial.overall is None and partial.domains[1].final is None
    with pytest.raises(InputError):  # D1 proposal is "low" when 1.1 is N: departing needs a reason
        assess(ROBINS_I, {"1.1": N}, {"D1": ("moderate", "")})


# --- The data files ---------------------------------------------------------------------------------------------
@pytest.mark.parametrize("key", [ROB2, ROBINS_I])
def test_data_files_match_the_code(key):
    t = tool(key)
    assert [d.key for d in t.domains] == [f"D{i}" for i in range(1, (6 if key == ROB2 else 8))]
    conditional = set(rob.CONDITIONS[key])
    for d in t.domains:
        for q in d.questions:
            assert q.text.en and q.text.id and q.text.en != q.text.id
            assert ("NA" in q.options) == (q.id in conditional or key == ROBINS_I and q.id in ("1.4", "1.6")), q.id
            assert set(q.options) <= set(rob.ANSWERS)
    assert set(t.judgements) == set(rob.ROB2_JUDGEMENTS if key == ROB2 else rob.ROBINS_JUDGEMENTS)
    assert all(lab.en and lab.id for lab in t.judgement_labels.values())
    assert set(t.answer_labels) == set(rob.ANSWERS)


def test_rob2_question_counts_match_the_guidance():
    """22 signalling questions for the effect of assignment: 3 + 7 + 4 + 5 + 3."""
    assert [len(d.questions) for d in tool(ROB2).domains] == [3, 7, 4, 5, 3]
    assert [len(d.questions) for d in tool(ROBINS_I).domains] == [8, 5, 3, 2, 5, 4, 3]


@st.composite
def _rob2_answers(draw):
    """Any answers a form could send: each question unanswered or one of its own options."""
    out = {}
    for d in tool(ROB2).domains:
        for q in d.questions:
            choice = draw(st.sampled_from(["", *q.options]))
            if choice:
                out[q.id] = choice
    return out


@given(_rob2_answers())
def test_any_rob2_form_is_judged_consistently(answers):
    """Whatever is answered: no error; a domain has a proposal exactly when no applicable question is
    unanswered; the overall proposal is the rule applied to the domains; NA never reaches an algorithm."""
    a = assess(ROB2, answers)
    for d in a.domains:
        assert (d.proposed is None) == bool(d.missing)
        assert d.final == d.proposed and not d.overridden
    if all(d.final for d in a.domains):
        assert a.overall == a.overall_proposed == rob2_overall(a.finals())
        assert a.complete
    else:
        assert a.overall is None and not a.complete
    eff = effective_answers(ROB2, answers)
    for qid, value in eff.items():
        cond = rob.CONDITIONS[ROB2].get(qid)
        assert (value == "NA") == (cond is not None and not cond(eff))
