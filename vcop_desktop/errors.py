"""The one error type every layer raises for problems the user can fix.

Its message is a plain-English sentence that says what is wrong and what to do; the command
line prints it on one line and the GUI shows it in a dialog, never as a traceback.
"""

from __future__ import annotations


class UserError(Exception):
    """A problem with the user's input or environment, not a bug."""
