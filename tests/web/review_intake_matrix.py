"""The intake app's part of the review workspace's permission matrix (merged in
tests/web/test_reviews_permissions.py, which documents the format)."""

VIEWS: dict[str, tuple] = {
    "review_upload": (("review_id",), "upload", "get"),
}
VALUES: dict[str, object] = {}
