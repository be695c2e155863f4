"""The pure core: events, case facts, rules, the working-day calendar and the duty engine.

Nothing here imports Qt, SQL or touches files; `today` is always a parameter.
"""
