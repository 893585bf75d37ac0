import sys

from laktasi.cli import run

sys.exit(run())
