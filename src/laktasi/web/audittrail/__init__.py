"""Audit trail: who changed which clinical record, when, old → new, and why."""
