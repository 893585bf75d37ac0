"""Studies: design, arms, checklist, members and roles, allocation."""
