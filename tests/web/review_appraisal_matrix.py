"""The appraisal app's part of the review workspace's permission matrix (merged in
tests/web/test_reviews_permissions.py, which documents the format)."""

VIEWS: dict[str, tuple] = {
}
VALUES: dict[str, object] = {}
