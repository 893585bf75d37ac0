"""laktasi — lactation-support studies and systematic reviews, analysed correctly.

Layers (imports point downward only):

* ``stats``, ``meta``, ``audit`` — pure computation: arrays/DataFrames in, frozen results out.
* ``trial``, ``review`` — the domain: study designs and data; records, formats, dedup, PRISMA.
* ``report``, ``cli``, ``web`` — thin adapters: documents, command line, Django app.
"""

__version__ = "0.1.0"
