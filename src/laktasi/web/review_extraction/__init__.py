"""Extraction forms, effect-size data and the review's meta-analysis page."""
