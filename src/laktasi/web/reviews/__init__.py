"""The review workspace: a systematic review's team, records, blind dual screening and PRISMA counts."""
