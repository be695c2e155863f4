"""Write a subject access bundle into the folder the user chose, and record that it was made.

Nothing is written anywhere else: the bundle is built in memory, then a new folder (0700) is
made inside the chosen one, named by case code and day (never a name), and each file is written
there (0600) without a readable temporary file beside it (`fileops.write_unseen`). The export is
audited in the case file (file names and record counts, never the data); recording it as the
`subject_access_sent` event is the caller's choice (the GUI offers it, the CLI's
`--record-sent` does it).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from vcop_desktop.errors import UserError
from vcop_desktop.subject_access.bundle import DOCUMENTS_DIR, Bundle, build, stem_for
from vcop_desktop.subject_access.pdf import render

if TYPE_CHECKING:
    from vcop_desktop.domain.events import Event
    from vcop_desktop.domain.risk import RiskForms
    from vcop_desktop.storage.case import CaseHandle

REQUESTED = "subject_access_requested"
SENT = "subject_access_sent"
PRIVATE_FILE = 0o600


@dataclass(frozen=True, slots=True)
class Exported:
    """What an export wrote, for the message and for recording it as sent."""

    folder: Path
    pdf: Path
    json: Path
    attachments: tuple[Path, ...]
    counts: dict[str, int]
    third_parties: int
    #: the request this answers (the latest one not yet answered), if the case records one
    request: str | None

    def what_was_sent(self) -> str:
        """The `what` of the `subject_access_sent` event: plain words, no personal data."""
        records = sum(self.counts.values())
        return (
            f"Subject access copy ({self.pdf.name}, {self.json.name}"
            f"{f', {len(self.attachments)} document file(s)' if self.attachments else ''}): "
            f"{records} records"
        )


def open_request(events: Sequence[Event]) -> str | None:
    """The latest subject access request no `subject_access_sent` answers (one naming it, or
    one naming none made on or after it), else None."""
    answered: set[str] = set()
    requests = sorted((e for e in events if e.type == REQUESTED), key=lambda e: e.sort_key)
    for sent in (e for e in events if e.type == SENT):
        named = sent.get_str("request")
        if named is not None:
            answered.add(named)
        else:
            answered.update(r.id for r in requests if r.sort_key <= sent.sort_key)
    waiting = [r.id for r in requests if r.id not in answered]
    return waiting[-1] if waiting else None


def export(
    handle: CaseHandle,
    folder: Path,
    *,
    today: date,
    address_book: Mapping[str, str] | None = None,
    forms: RiskForms | None = None,
    organisation: str = "",
) -> Exported:
    """Build the bundle for the open case and write it into a new folder inside `folder`.
    `address_book`: the workspace's agencies, entry id -> name (`address_book_names`)."""
    from vcop_desktop.storage.subject_access import read_everything, record_export

    if not folder.is_dir():
        raise UserError(f"{folder}: there is no such folder to put the copy in.")
    held = read_everything(handle)
    evaluation = handle.obligations(today)
    bundle = build(
        held, evaluation, case_code=handle.case_code, made_on=today, address_book=address_book
    )  # fmt: skip
    bundle.pdf = render(bundle, evaluation, forms=forms, organisation=organisation)
    stem = stem_for(handle.case_code, today)
    target = _new_folder(folder, stem)
    written = _write(bundle, target, stem)
    details = {
        "made_on": today.isoformat(),
        "folder": target.name,
        "files": bundle.file_names(stem),
        "records": bundle.counts(),
        "third_parties_to_review": len(bundle.parties),
    }
    try:
        record_export(handle, details)
    except BaseException:
        _remove(written, target)  # a copy the case file does not record is not left behind
        raise
    return Exported(
        folder=target,
        pdf=written[0],
        json=written[1],
        attachments=tuple(written[2:]),
        counts=bundle.counts(),
        third_parties=len(bundle.parties),
        request=open_request([r.event for r in handle.events()]),
    )


def _new_folder(parent: Path, stem: str) -> Path:
    """A new folder for the owner alone; a second export the same day gets "-2", "-3"..."""
    for n in range(1, 1000):
        target = parent / (stem if n == 1 else f"{stem}-{n}")
        try:
            target.mkdir(mode=0o700)
        except FileExistsError:
            continue
        except OSError as error:
            raise UserError(f"{parent}: cannot make the folder ({error.strerror})") from None
        target.chmod(0o700)
        return target
    raise UserError(f"{parent}: too many subject access copies of this case today.")


def _write(bundle: Bundle, target: Path, stem: str) -> list[Path]:
    from vcop_desktop.storage.fileops import write_unseen

    files: list[tuple[Path, bytes]] = [
        (target / f"{stem}.pdf", bundle.pdf),
        (target / f"{stem}.json", bundle.json_bytes()),
        *((target / a.name, a.data) for a in bundle.attachments),
    ]
    written: list[Path] = []
    try:
        for path, data in files:
            if path.parent != target:
                path.parent.mkdir(mode=0o700, exist_ok=True)
                path.parent.chmod(0o700)
            write_unseen(path, data)
            path.chmod(PRIVATE_FILE)
            written.append(path)
    except OSError as error:
        _remove(written, target)
        raise UserError(
            f"{target}: cannot write the subject access copy ({error.strerror}); "
            "what was written is removed and nothing is recorded."
        ) from None
    return written


def _remove(written: Sequence[Path], target: Path) -> None:
    """Take a half-written bundle away again: no copy of personal data is left behind."""
    import contextlib

    for path in written:
        with contextlib.suppress(OSError):
            path.unlink()
    for folder in (target / DOCUMENTS_DIR, target):
        with contextlib.suppress(OSError):
            folder.rmdir()


def record_sent(handle: CaseHandle, exported: Exported, day: date) -> Event:
    """Record the `subject_access_sent` event: what was sent, naming the request it answers
    (one audited transaction, as every event)."""
    fields: dict[str, object] = {"what": exported.what_was_sent()}
    if exported.request is not None:
        fields["request"] = exported.request
    return handle.add_event(SENT, day, fields)


def address_book_names(workspace_folder: Path) -> dict[str, str]:
    """The workspace's address book as entry id -> agency name."""
    from vcop_desktop.letters.profile import letters_dir
    from vcop_desktop.storage.address_book import load_book

    return {entry.id: entry.name for entry in load_book(letters_dir(workspace_folder))}
