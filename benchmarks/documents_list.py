"""Documents list benchmark: what listing a case's letters (kind, addressee, draft or PDF)
adds to opening the case, with 10 letters of 4 versions each (one a 120 kB PDF).

    .venv/bin/python benchmarks/documents_list.py [--letters 10] [--repeat 20]

Prints the first open of the case (every letter's versions read) and later reloads (the
letter details are cached per version: versions are never rewritten).
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--letters", type=int, default=10)
    parser.add_argument("--repeat", type=int, default=20)
    args = parser.parse_args()

    from vcop_desktop.domain.events import Event
    from vcop_desktop.letters.draft import PDF_MEDIA_TYPE
    from vcop_desktop.letters.saved_draft import DRAFT_MEDIA_TYPE, SavedDraft
    from vcop_desktop.storage import KdfParams, Workspace
    from vcop_desktop.ui.case_session import CaseSession

    today = date(2026, 3, 1)
    with tempfile.TemporaryDirectory() as folder:
        workspace = Workspace.create(
            Path(folder) / "ws", "bench bench bench", kdf=KdfParams.cheap()
        )
        case = workspace.create_case(
            victim_name="Bench Example",
            events=[Event("r", "crime_reported", date(2026, 2, 2), position=0)],
        )
        handle = workspace.open_case(case.case_id)
        draft = SavedDraft(kind="chaser", text="A letter. " * 500, addressee="DC Example").encode()
        for _ in range(args.letters):
            first = handle.save_document("Letter", draft, media_type=DRAFT_MEDIA_TYPE)
            for _ in range(2):
                handle.save_document(
                    "Letter", draft, media_type=DRAFT_MEDIA_TYPE, document_id=first.document_id
                )
            handle.save_document(
                "Letter", b"%PDF" + b"x" * 120_000, media_type=PDF_MEDIA_TYPE,
                document_id=first.document_id,
            )  # fmt: skip
        handle.close()
        session = CaseSession(workspace)
        begun = time.perf_counter()
        session.open(case.case_id, today)
        first_open = time.perf_counter() - begun
        times = []
        for _ in range(args.repeat):
            begun = time.perf_counter()
            session.bundle(today)
            times.append(time.perf_counter() - begun)
        session.close()
        workspace.close()
    print(f"{args.letters} letters, {args.letters * 4} versions")
    print(f"first open of the case:   {first_open * 1000:7.1f} ms")
    print(f"reload (median of {args.repeat}):   {statistics.median(times) * 1000:7.1f} ms")


if __name__ == "__main__":
    main()
