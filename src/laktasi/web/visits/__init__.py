"""Mothers, home visits, checklist ticks and measurements (the midwife's flow)."""
