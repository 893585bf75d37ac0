"""The appraisal app's part of the review workspace's permission matrix (merged in
tests/web/test_reviews_permissions.py, which documents the format)."""

VIEWS: dict[str, tuple] = {
    "review_rob": (("review_id",), "view", "get"),
    "review_rob_png": (("review_id", "tool", "kind"), "view", "get"),
    "review_rob_csv": (("review_id", "tool"), "view", "get"),
    "review_rob_settings": (("review_id",), "settings", "post", {302}),
    # record 1 is no included study of review A: 404 once membership and capability are checked
    "review_rob_appraise": (("review_id", "record_pk"), "appraise", "get", {404}),
    "review_rob_propose": (("review_id", "record_pk"), "appraise", "post", {404}),
    "review_rob_compare": (("review_id", "record_pk"), "appraise", "get", {404}),
}
VALUES: dict[str, object] = {"tool": "rob2", "kind": "traffic"}
