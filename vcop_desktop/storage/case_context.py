"""What an open case (`CaseHandle`) needs from the workspace around it, and nothing more.

`Workspace` implements it; `case.py` knows only this, so case.py and workspace.py do not import
each other and neither reaches into the other's private attributes.
"""

from __future__ import annotations

import contextlib
from datetime import date
from typing import TYPE_CHECKING, Protocol

if TYPE_CHECKING:
    from vcop_desktop.domain.events import Scenario
    from vcop_desktop.domain.obligations import Evaluation
    from vcop_desktop.domain.rules import RuleBook
    from vcop_desktop.storage.index import SummaryRow


class CaseContext(Protocol):
    """The workspace services a case open for writing uses."""

    @property
    def actor(self) -> str:
        """Who is recorded as making each change (audit rows, events, notes, documents)."""
        ...

    def rulebook(self) -> RuleBook:
        """The rules cases are judged by (events may refer only to their duties)."""
        ...

    def evaluate(self, scenario: Scenario, today: date) -> Evaluation:
        """The engine's verdict on a case, with the workspace's rules and calendar."""
        ...

    def shared_lock(self) -> contextlib.AbstractContextManager[None]:
        """Held around each write, so a passphrase change or restore waits for it."""
        ...

    def mark_index_dirty(self, case_id: str) -> None:
        """Before a write: the case's index entry is stale until `store_index_entry`."""
        ...

    def store_index_entry(
        self, summary: SummaryRow, evaluation: Evaluation, signature: str
    ) -> None:
        """After a write: the case's index entry, under the current rules fingerprint."""
        ...
