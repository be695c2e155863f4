"""Handover: one case exported under a one-time transfer passphrase, and imported under a
new case id and key.
"""

from __future__ import annotations

import json
import re
import secrets
import uuid
from pathlib import Path
from typing import TYPE_CHECKING, Any

from vcop_desktop.errors import UserError
from vcop_desktop.storage import cipher, erasure, intents
from vcop_desktop.storage.errors import (
    CaseFileError,
    environment_error,
    sqlite_environment_message,
    user_errors,
)
from vcop_desktop.storage.fileops import fsync_dir, remove_quietly, sidecars
from vcop_desktop.storage.rawfile import open_raw, probe, utc_now
from vcop_desktop.storage.workspace_cases import CaseAccess
from vcop_desktop.storage.workspace_core import why_failed
from vcop_desktop.storage.workspace_index import CaseSummary

if TYPE_CHECKING:
    from vcop_desktop.storage.case import CaseHandle


_TRANSFER_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"


def generate_transfer_passphrase() -> str:
    """A one-time handover passphrase: 5 groups of 5 unambiguous characters (125 bits)."""
    chars = [secrets.choice(_TRANSFER_ALPHABET) for _ in range(25)]
    return "-".join("".join(chars[i : i + 5]) for i in range(0, 25, 5))


class Handover(CaseAccess):
    """One case handed over to another workspace, as a file under a one-time passphrase."""

    @user_errors
    def export_handover(self, case: str, destination: Path, transfer_passphrase: str) -> Path:
        """Write one case as a file encrypted under a one-time transfer passphrase."""
        if len(transfer_passphrase) < 12:
            raise UserError("A transfer passphrase needs at least 12 characters.")
        self.refuse_managed_target(destination, "--to")
        with self._exclusive():
            self._keystore.ensure_current()
            return self._export_handover(case, destination, transfer_passphrase)

    def _export_handover(self, case: str, destination: Path, transfer_passphrase: str) -> Path:
        from vcop_desktop.storage.casefile import CaseFile

        handle = self.open_case(case)
        try:
            # Check before the audit row is written: a damaged file is never written to, and
            # a damaged case is never handed over (the receiver would get the damage).
            try:
                with handle.file.raw() as conn:
                    problem = cipher.integrity_problem(conn)
            except cipher.DatabaseError as error:  # a page that fails its check cannot be read
                problem = str(error) or "a page cannot be read"
            if problem:
                raise UserError(
                    f"Case {handle.case_code} cannot be handed over: its file is damaged "
                    f"({problem}). Nothing was written. Restore it from a backup "
                    "('vcop-desktop restore --case'), then hand it over."
                )
            with handle.file.writing() as session:
                CaseFile.audit(
                    session,
                    actor=self.actor,
                    action="case exported for handover",
                    entity="case",
                    entity_key=handle.case_code,
                )
            target = destination
            if destination.is_dir():
                name = handle.case_code if _CASE_CODE.fullmatch(handle.case_code) else None
                target = destination / f"{name or handle.case_id}.vcophandover"
            _write_handover(handle, target, transfer_passphrase)
            return target
        finally:
            handle.close()

    @user_errors
    def import_handover(self, source: Path, transfer_passphrase: str) -> CaseSummary:
        """Add a handed-over case to this workspace, under a new case id and key."""
        _refuse_not_a_file(source)
        try:
            info = probe(source, transfer_passphrase)
        except CaseFileError as error:
            if error.kind == "unreadable":
                raise UserError(
                    f"{source.name}: wrong transfer passphrase, or not a handover file. "
                    "Nothing was imported."
                ) from None
            raise UserError(
                f"{source.name}: not a usable handover file ({error.problem}). "
                "Nothing was imported."
            ) from None
        del info
        with self._exclusive():
            self._keystore.ensure_current()
            case_id = uuid.uuid4().hex
            record = intents.begin(self.folder, "create", case_id=case_id)
            try:
                self._import_handover(source, transfer_passphrase, case_id)
                self._refresh_entry(case_id)
            except CaseFileError as error:  # about our working copy: name the handover file
                self._undo_create(case_id)
                intents.end(record)
                raise UserError(
                    f"{source.name}: not a usable handover file ({error.problem}). "
                    "Nothing was imported."
                ) from None
            except BaseException:
                self._undo_create(case_id)
                intents.end(record)
                raise
            intents.end(record)
        return self._summary_of(case_id)

    def _import_handover(self, source: Path, transfer_passphrase: str, case_id: str) -> None:
        from vcop_desktop.storage.untrusted_case import drop_unknown_tables

        key = secrets.token_bytes(cipher.KEY_BYTES)
        target = self._case_path(case_id)
        temp = target.with_name(f".{target.name}.import")
        try:
            with open_raw(source, transfer_passphrase, readonly=True) as conn:
                problem = cipher.integrity_problem(conn)
                if problem:
                    raise UserError(f"{source.name} is damaged ({problem}); nothing was imported.")
                cipher.backup_into(conn, temp, cipher.key_pragma_value(key))
            with open_raw(temp, key) as conn:
                problem = _untrusted_content(conn)
                if problem:
                    raise UserError(
                        f"{source.name} is not a valid handover file ({problem}); nothing was "
                        "imported."
                    )
                handed = conn.execute(
                    "SELECT value FROM vcop_meta WHERE name = 'case_id'"
                ).fetchone()
                if handed and erasure.is_erased(self._keystore, str(handed[0])):
                    raise UserError(
                        f"{source.name} holds a case that was erased from this workspace, and "
                        "an erased case is never brought back. Nothing was imported."
                    )
                conn.execute("BEGIN IMMEDIATE")
                dropped = drop_unknown_tables(conn)
                _replace_triggers(conn)
                conn.execute("UPDATE vcop_meta SET value = ? WHERE name = 'case_id'", (case_id,))
                old_code = str(conn.execute("SELECT case_code FROM case_details").fetchone()[0])
                code = old_code
                if self._idx().summaries(case_code=old_code):
                    code = self._fresh_code()
                    conn.execute("UPDATE case_details SET case_code = ?", (code,))
                conn.execute(
                    "INSERT INTO audit_log (at, actor, action, entity, entity_key, before, after)"
                    " VALUES (?, ?, ?, 'case', ?, ?, ?)",
                    (
                        utc_now().isoformat(sep=" "),
                        self.actor,
                        "case received by handover",
                        code,
                        json.dumps({"case_code": old_code}),
                        json.dumps({"case_code": code}),
                    ),
                )
                conn.execute("COMMIT")
                if dropped:
                    conn.execute("VACUUM")  # their pages go too, not only their names
                cipher.checkpoint(conn)
            self._keystore.add_case_key(case_id, key)
            temp.replace(target)
            fsync_dir(target.parent)
        except OSError as error:
            for item in (temp, *sidecars(temp)):
                remove_quietly(item)
            raise environment_error(error, "import the handover file") from None
        except BaseException:
            for item in (temp, *sidecars(temp)):
                remove_quietly(item)
            raise


def _write_handover(handle: CaseHandle, target: Path, transfer_passphrase: str) -> None:
    """Copy the case into `target` under the transfer passphrase, through a hidden temporary
    file renamed into place. One left by a killed export is removed first: the copy would
    otherwise open it with the wrong key and fail as if the workspace were damaged."""
    temp = target.with_name(f".{target.name}.partial")
    for item in (temp, *sidecars(temp)):
        remove_quietly(item)
    try:
        with handle.file.raw() as conn:
            cipher.backup_into(conn, temp, cipher.passphrase_literal(transfer_passphrase))
        temp.replace(target)
        fsync_dir(target.parent)
    except OSError as error:
        for item in (temp, *sidecars(temp)):
            remove_quietly(item)
        raise environment_error(error, f"write the handover file {target}") from None
    except Exception as error:
        for item in (temp, *sidecars(temp)):
            remove_quietly(item)
        why = sqlite_environment_message(str(error)) or f"{type(error).__name__}: {error}"
        raise UserError(
            f"Could not write the handover file {target}: {why}. The case file is unchanged; "
            "nothing was handed over."
        ) from None


def _refuse_not_a_file(source: Path) -> None:
    """A true message for what is not a handover file (a folder, a device, a pipe: a pipe or
    /dev/zero would otherwise be read for ever)."""
    import stat

    try:
        mode = source.stat().st_mode
    except FileNotFoundError:
        raise UserError(f"{source} does not exist. Nothing was imported.") from None
    except OSError as error:
        raise UserError(
            f"{source} cannot be read ({why_failed(error)}). Nothing was imported."
        ) from None
    if stat.S_ISDIR(mode):
        raise UserError(
            f"{source} is a folder; give the handover file itself (a .vcophandover file). "
            "Nothing was imported."
        )
    if not stat.S_ISREG(mode):
        kind = "a pipe" if stat.S_ISFIFO(mode) else "a device or other special file"
        raise UserError(
            f"{source} is {kind}, not a handover file; give the .vcophandover file itself. "
            "Nothing was imported."
        )


#: A case code as the app makes them; a handed-over file's code must look like one.
_CASE_CODE = re.compile(r"[A-Z]{2,5}-[0-9]{4}-[0-9]{1,9}")


def _untrusted_content(conn: Any) -> str | None:
    """Validate a handed-over case file (it comes from outside): None, or what is wrong.
    The rules are the scenario import's (`untrusted_case.py`); names the field, never its
    content."""
    from vcop_desktop.domain.untrusted import UntrustedJsonError
    from vcop_desktop.storage.untrusted_case import case_file_problem

    rows = conn.execute("SELECT value FROM vcop_meta WHERE name = 'format'").fetchall()
    if not rows:
        return "it has no format marker"
    codes = conn.execute("SELECT case_code FROM case_details").fetchall()
    if len(codes) != 1 or not isinstance(codes[0][0], str):
        return "it must hold exactly one case"
    if not _CASE_CODE.fullmatch(codes[0][0]):
        return "its case code is not of the form VC-2026-0001"
    if conn.execute("SELECT 1 FROM sqlite_master WHERE type = 'view'").fetchone():
        return "it holds a view, which case files never do"
    try:
        return case_file_problem(conn)
    except UntrustedJsonError as error:
        return str(error)


def _replace_triggers(conn: Any) -> None:
    """Drop whatever triggers a handed-over file brought and put ours back."""
    from vcop_desktop.storage.migrations import POST_CREATE_DDL

    names = [r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'trigger'")]
    for name in names:
        conn.execute(f'DROP TRIGGER "{name.replace(chr(34), chr(34) * 2)}"')
    for statement in POST_CREATE_DDL:
        conn.execute(statement)
