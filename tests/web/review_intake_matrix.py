"""The intake app's part of the review workspace's permission matrix (merged in
tests/web/test_reviews_permissions.py, which documents the format)."""

VIEWS: dict[str, tuple] = {
    "review_upload": (("review_id",), "upload", "get"),
    "review_intake_job_js": ((), None, "get"),
    # no job 1 in review A: 404 once membership and capability are checked
    "review_intake_job": (("review_id", "job_id"), "upload", "get", {404}),
    "review_intake_job_json": (("review_id", "job_id"), "upload", "get", {404}),
    "review_pubmed": (("review_id",), "upload", "get"),
    "review_duplicates": (("review_id",), "upload", "get"),
    "review_dedup_verdicts": (("review_id",), "upload", "get"),
    # an empty POST: no file, back to the queue with a message
    "review_dedup_verdicts_import": (("review_id",), "upload", "post", {302}),
    "review_exports": (("review_id",), "screen", "get"),
    "review_export": (("review_id", "fmt"), "screen", "get"),
}
VALUES: dict[str, object] = {"job_id": 1, "fmt": "xlsx"}
