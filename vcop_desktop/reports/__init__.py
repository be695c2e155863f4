"""Compliance reports across a caseload: figures from the index, exports, anonymised extracts.

The figures themselves are pure (`domain/report.py`); this package reads them out of a
workspace and writes them as CSV, XLSX, PDF and JSON, and as extracts a manager can merge.
"""
