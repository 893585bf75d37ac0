"""Idempotent writes, likely-duplicate mothers, and the offline app (service worker, manifest, outbox)."""
