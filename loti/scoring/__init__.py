"""A reusable scoring engine: weighted criteria, conflict-of-interest checks and the
arithmetic that turns independent scores into agreed, weighted totals.

It knows nothing of tenders or challenges: callers pass criteria, scores and the
people and organisations involved, and store the results in their own tables.
"""
