import sys

from laktasi.cli import main

sys.exit(main())
