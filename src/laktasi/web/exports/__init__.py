"""Exports of study data (CSV, XLSX, SPSS .sav), pseudonymised by default, every one logged."""
