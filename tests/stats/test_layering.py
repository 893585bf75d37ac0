"""laktasi.stats is pure computation: it imports no I/O layer (trial, review, report, cli, web, Django)."""

from __future__ import annotations

import ast
from pathlib import Path

import laktasi.stats

FORBIDDEN = ("laktasi.trial", "laktasi.review", "laktasi.report", "laktasi.cli", "laktasi.web", "django")


def test_stats_imports_only_downward():
    root = Path(laktasi.stats.__file__).parent
    for path in root.glob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            names = []
            if isinstance(node, ast.Import):
                names = [a.name for a in node.names]
            elif isinstance(node, ast.ImportFrom) and node.module:
                names = [node.module]
            for name in names:
                assert not name.startswith(FORBIDDEN), f"{path.name} imports {name}"
            if isinstance(node, ast.Call) and isinstance(node.func, ast.Name):
                assert node.func.id != "open", f"{path.name} opens a file"
