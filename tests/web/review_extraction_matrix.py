"""The extraction app's part of the review workspace's permission matrix (merged in
tests/web/test_reviews_permissions.py, which documents the format). Review A has no included study, so the
pages of one study (``record_pk``) answer 404 once membership and capability are checked; the plot has
nothing to draw (404). tests/web/test_review_extraction.py covers them with data."""

VIEWS: dict[str, tuple] = {
    "review_extraction": (("review_id",), "view", "get"),
    "review_extraction_template": (("review_id",), "settings", "get"),
    "review_extraction_own": (("review_id",), "extract", "get"),
    "review_extraction_export": (("review_id", "export_fmt"), "view", "get"),
    "review_extraction_form": (("review_id", "record_pk"), "extract", "get", {404}),
    "review_extraction_compare": (("review_id", "record_pk"), "extract", "get", {404}),
    "review_extraction_data": (("review_id", "record_pk"), "extract", "get", {404}),
    "review_meta": (("review_id",), "view", "get"),
    "review_meta_plot": (("review_id",), "view", "get", {404}),
}
VALUES: dict[str, object] = {"export_fmt": "xlsx"}
