from laktasi.audit.results import AuditEntry, SubCheck, Variant, entry_from_checks, worst
from laktasi.errors import Text, Warning_


def test_worst_order():
    assert worst(["consistent", "not_checkable"]) == "consistent"
    assert worst(["consistent", "inconsistent"]) == "inconsistent"
    assert worst(["inconsistent", "impossible", "consistent"]) == "impossible"
    assert worst([]) == "not_checkable"


def test_entry_is_led_by_worst_check_and_serialises_both_languages():
    ok = SubCheck("percentage", "consistent", Text("fine", "baik"), reported="80% of 5")
    bad = SubCheck("p_value", "inconsistent", Text("wrong", "salah"), reported="0.003", recomputed=0.0625,
                   variants=(Variant("sign_exact", Text("sign test", "uji tanda"), 0.0625, 0.0625, 0.0625,
                                     inappropriate=Text("x", "y")),))
    e = entry_from_checks("c1", "paired_table", [ok, bad], [Warning_("p_zero", Text("zero", "nol"))])
    assert isinstance(e, AuditEntry)
    assert (e.verdict, e.reported, e.recomputed) == ("inconsistent", "0.003", 0.0625)
    doc = e.to_json("id")
    assert doc["message"] == "salah"
    assert doc["details"][1]["variants"][0] == {
        "variant": "sign_exact", "label": "uji tanda", "p": 0.0625, "p_low": 0.0625, "p_high": 0.0625,
        "statistic": None, "df": None, "matches": False, "appropriate": False, "note": "y"}
    assert doc["warnings"] == [{"code": "p_zero", "message": "nol"}]
    assert e.to_json("en")["message"] == "wrong"
