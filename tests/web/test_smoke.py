from laktasi.web.visits.frame import study_frame


def test_frame_has_visit(visit, study):
    frame = study_frame(study)
    assert frame.loc[0, "volume_pre"] == 12.0
    assert frame.loc[0, "kelancaran_pre"] == "cukup lancar"
    assert "name" not in frame.columns
