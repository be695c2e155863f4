"""Command-line commands. Each module has `register(subparsers)` and sets `run` on its parser.

Modules are imported only when the command line is built, so `import vcop_desktop` stays light.
"""

COMMAND_MODULES: tuple[str, ...] = (
    "duties", "workspace", "gui", "letter", "screenshot", "report", "law", "import_cases",
    "retention",
    "subject_access",
)  # fmt: skip
