"""Audit of reported statistics: can a paper's numbers be right? (pure computation)

Public API: :func:`audit_claims` (a list of claim mappings, as in the YAML format),
:func:`audit_text` (free text, statcheck-style), :func:`claims_from_yaml` (YAML text → claims
and line numbers) and the frozen results :class:`AuditEntry`, :class:`SubCheck`,
:class:`Variant`. ``entry.to_json(lang)`` gives the ``laktasi audit --json`` entry.
"""

from laktasi.audit.claims import KINDS, audit_claims, audit_text, claims_from_yaml, validate_claims
from laktasi.audit.results import VERDICT_TEXT, AuditEntry, SubCheck, Variant, Verdict, worst

__all__ = [
    "KINDS",
    "VERDICT_TEXT",
    "AuditEntry",
    "SubCheck",
    "Variant",
    "Verdict",
    "audit_claims",
    "audit_text",
    "claims_from_yaml",
    "validate_claims",
    "worst",
]
