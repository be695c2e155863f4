"""case.py and workspace.py do not know each other's insides: an open case (`CaseHandle`) uses
the workspace only through `CaseContext` (case_context.py), which any object can provide."""

from __future__ import annotations

import ast
import contextlib
import secrets
import uuid
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest

import vcop_desktop.storage.case as case_module
import vcop_desktop.storage.case_context as context_module
from vcop_desktop.domain.events import Scenario
from vcop_desktop.domain.obligations import Evaluation
from vcop_desktop.domain.rules import RuleBook
from vcop_desktop.rules import default_rulebook
from vcop_desktop.storage.case import CaseHandle
from vcop_desktop.storage.casefile import CaseFile
from vcop_desktop.storage.index import SummaryRow
from vcop_desktop.storage.models import CaseRecord, Victim
from vcop_desktop.storage.workspace import Workspace


def _tree(module: object) -> ast.Module:
    path = Path(str(getattr(module, "__file__", "")))
    return ast.parse(path.read_text(encoding="utf-8"), filename=str(path))


def _imports(tree: ast.Module) -> set[str]:
    """Every module and every `from` name imported anywhere, TYPE_CHECKING blocks included."""
    found: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = ("." * node.level) + (node.module or "")
            found.add(base)
            found.update(f"{base}.{alias.name}" for alias in node.names)
    return found


def _protocol_members() -> set[str]:
    tree = _tree(context_module)
    (protocol,) = [n for n in tree.body if isinstance(n, ast.ClassDef) and n.name == "CaseContext"]
    return {n.name for n in protocol.body if isinstance(n, ast.FunctionDef)}


def test_case_py_does_not_import_the_workspace() -> None:
    imported = _imports(_tree(case_module))
    assert not {
        name
        for name in imported
        if name.startswith("vcop_desktop.storage.workspace")
        or name in ("vcop_desktop.storage.Workspace", ".workspace", "..workspace")
        or name.startswith(".workspace.")
    }
    assert "vcop_desktop.storage.case_context.CaseContext" in imported


def test_case_py_touches_no_private_attribute_of_another_object() -> None:
    """`x._name` only on `self` (its own class); never on the context, a session or a file."""
    offences = [
        f"line {node.lineno}: {ast.unparse(node)}"
        for node in ast.walk(_tree(case_module))
        if isinstance(node, ast.Attribute)
        and node.attr.startswith("_")
        and not node.attr.startswith("__")
        and not (isinstance(node.value, ast.Name) and node.value.id == "self")
    ]
    assert offences == []


def test_case_py_uses_the_context_only_through_the_protocol() -> None:
    members = _protocol_members()
    assert members == {
        "actor",
        "rulebook",
        "evaluate",
        "shared_lock",
        "mark_index_dirty",
        "store_index_entry",
    }
    used = {
        node.attr
        for node in ast.walk(_tree(case_module))
        if isinstance(node, ast.Attribute)
        and isinstance(node.value, ast.Attribute)
        and node.value.attr == "context"
    }
    assert used
    assert used <= members


def test_the_context_module_imports_neither_side() -> None:
    imported = _imports(_tree(context_module))
    ours = {n for n in imported if n.startswith(("vcop_desktop.storage", "."))}
    assert ours == {"vcop_desktop.storage.index", "vcop_desktop.storage.index.SummaryRow"}


def test_the_workspace_provides_every_member(ws: Workspace) -> None:
    for name in _protocol_members():
        assert hasattr(ws, name), name
    assert ws.actor == "tester"


class _RecordingContext:
    """A stand-in workspace: no index, no keystore; records what the case asks of it."""

    def __init__(self) -> None:
        self.calls: list[tuple[str, object]] = []
        self.locked = False

    @property
    def actor(self) -> str:
        return "stand-in"

    def rulebook(self) -> RuleBook:
        return default_rulebook()

    def evaluate(self, scenario: Scenario, today: date) -> Evaluation:
        from vcop_desktop.domain.engine import evaluate

        self.calls.append(("evaluate", len(scenario.events)))
        return evaluate(scenario, today, default_rulebook())

    @contextlib.contextmanager
    def shared_lock(self) -> Iterator[None]:
        self.calls.append(("lock", None))
        self.locked = True
        try:
            yield
        finally:
            self.locked = False

    def mark_index_dirty(self, case_id: str) -> None:
        assert not self.locked
        self.calls.append(("dirty", case_id))

    def store_index_entry(
        self, summary: SummaryRow, evaluation: Evaluation, signature: str
    ) -> None:
        assert not self.locked
        assert signature
        self.calls.append(("store", (summary.case_code, summary.event_count)))


@pytest.fixture
def handle(tmp_path: Path) -> Iterator[tuple[CaseHandle, _RecordingContext]]:
    case_id = uuid.uuid4().hex
    key = secrets.token_bytes(32)
    path = tmp_path / f"{case_id}.vcopcase"
    CaseFile.create(
        path,
        key,
        case_id,
        actor="stand-in",
        record=CaseRecord(case_code="VC-2026-0042", opened_on=date(2026, 3, 1)),
        victim=Victim(name="Ottoline Fernsby"),
        events=iter(()),
    )
    context = _RecordingContext()
    file = CaseFile.open(path, key, label="VC-2026-0042", copies_dir=tmp_path / "copies")
    with CaseHandle(context, file, "VC-2026-0042") as opened:
        yield opened, context


def test_a_change_marks_dirty_writes_under_the_lock_then_stores(
    handle: tuple[CaseHandle, _RecordingContext],
) -> None:
    case, context = handle
    case.add_event("crime_reported", date(2026, 3, 2))
    assert context.calls == [
        ("dirty", case.case_id),
        ("lock", None),
        ("evaluate", 1),
        ("store", ("VC-2026-0042", 1)),
    ]
    note = case.add_note("Called the victim back.")
    assert note.author == "stand-in"
    assert case.events()[0].recorded_by == "stand-in"
    assert case.audit_log()[-1].actor == "stand-in"


def test_events_are_checked_against_the_contexts_rules(
    handle: tuple[CaseHandle, _RecordingContext],
) -> None:
    from vcop_desktop.errors import UserError

    case, context = handle
    case.add_event("crime_reported", date(2026, 3, 2))
    with pytest.raises(UserError, match=r"no\.such_duty|unknown duty|not a duty"):
        case.add_event("duty_met", date(2026, 3, 3), {"duty": "no.such_duty", "trigger": "e1"})
    assert [c for c in context.calls if c[0] == "dirty"] == [("dirty", case.case_id)]
    obligations = case.obligations(date(2026, 3, 20))
    assert obligations.obligations
