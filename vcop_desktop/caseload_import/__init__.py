"""Bringing a caseload in from a spreadsheet (CSV or XLSX), issue 20 §1.

- reader.py: the file as a table of cells (CSV encodings sniffed; XLSX through openpyxl);
- mapping.py: the app's fields, and a first guess of which column is which;
- plan.py: the dry run, pure: every row checked, the cases it would create, every problem;
- run.py: the import itself through the Workspace API, the failed rows file, the summary;
- template.py: an empty spreadsheet to start from;
- remembered.py: the mapping chosen for a set of headers, for the next file.

Nothing here imports Qt; only run.py touches a workspace.
"""
