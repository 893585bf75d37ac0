"""GRIMMER through ``laktasi audit`` claims: the ``unit:`` key of a mean_sd claim is used (as for mean), and
the verdict's assumption names GRIMMER, in English and Indonesian."""

from __future__ import annotations

import pytest

from laktasi.audit import audit_claims
from laktasi.audit.grimmer import check_mean_sd
from laktasi.audit.printed import parse_printed
from laktasi.errors import InputError


def test_grimmer_impossible_names_grimmer_in_its_assumption():
    # 3.44 ± 2.49 from n = 18 whole values: GRIM fits (62/18), no sum of squares of the right parity gives
    # the SD (the rsprite2 example's neighbour; 2.47 fits with Q = 318)
    sub = check_mean_sd(18, parse_printed("3.44"), parse_printed("2.49"))
    assert sub.check == "grimmer" and sub.verdict == "impossible"
    assert sub.text.en.endswith("GRIMMER does not apply.") and "GRIM does not apply" not in sub.text.en
    assert sub.text.id.endswith("GRIMMER tidak berlaku.") and "GRIM tidak berlaku" not in sub.text.id


def test_mean_sd_claim_uses_its_unit():
    base = {"kind": "mean_sd", "n": 18, "mean": "3.44", "sd": "2.49"}
    with_unit, without = audit_claims([{"id": "a", **base, "unit": "cc"}, {"id": "b", **base}])
    assert with_unit.verdict == without.verdict == "impossible"
    texts = [d.text for d in with_unit.details] + [with_unit.text]
    assert any("whole number of cc" in t.en and "bilangan bulat cc" in t.id for t in texts)
    assert not any("whole number of cc" in t.en for t in [d.text for d in without.details] + [without.text])
    # as for a mean: a unit that is not a word is a problem, not ignored
    with pytest.raises(InputError) as err:
        audit_claims([{"id": "c", **base, "unit": 5}])
    assert any(p.code == "bad_unit" for p in err.value.problems)
    # GRIM's own verdict on a mean_sd claim (an impossible mean) also carries the unit
    grim = audit_claims([{"id": "d", "kind": "mean_sd", "n": 28, "mean": "5.19", "sd": "1.2", "unit": "ml"}])[0]
    assert grim.verdict == "impossible" and any("whole number of ml" in t.en
                                                for t in [d.text for d in grim.details] + [grim.text])
