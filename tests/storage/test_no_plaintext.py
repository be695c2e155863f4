"""No plaintext: create cases with distinctive names through the command line and the API,
then scan every byte the app wrote (case files, WAL/SHM/journals, backups, handover exports,
the temp folder, the home folder where logs would go) for any of them."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap
from pathlib import Path

from tests.storage.conftest import PASSPHRASE

SECRETS = (
    "Quillfeather",
    "Xanthopoulos",
    "QX/55501/26",
    "Flat 9 Nowhere Mews",
    "never ring after six",
    "Torvald-Umbridge",
)


def _encodings(word: str) -> list[bytes]:
    return [word.encode("utf-8"), word.encode("utf-16-le"), word.lower().encode("utf-8")]


def test_nothing_readable_is_written_anywhere(tmp_path: Path) -> None:
    home, temp, ws, backups, handover = (
        tmp_path / n for n in ("home", "tmp", "ws", "backups", "handover")
    )
    for folder in (home, temp, handover):
        folder.mkdir()
    env = {
        **os.environ,
        "HOME": str(home),
        "TMPDIR": str(temp),
        "XDG_DATA_HOME": str(home),
        "VCOP_PASSPHRASE": PASSPHRASE,
        "VCOP_TRANSFER_PASSPHRASE": "T" * 24,
    }
    scenario = {
        "case": {
            "victim_name": "Zebediah Quillfeather-Xanthopoulos",
            "crime_reference": "QX/55501/26",
            "flags": ["hate_crime"],
            "offence_date": "2026-02-27",
        },
        "events": [{"id": "e1", "type": "crime_reported", "date": "2026-03-02"}],
    }
    # The scenario file is the user's own plaintext input: keep it outside the scanned tree.
    source = tmp_path / "input.json"
    source.write_text(json.dumps(scenario))

    def cli(*args: str) -> str:
        done = subprocess.run(
            [sys.executable, "-m", "vcop_desktop", *args],
            env=env,
            capture_output=True,
            text=True,
            timeout=120,
        )
        assert done.returncode == 0, done.stderr
        return done.stdout

    cli("init", "--workspace", str(ws), "--kdf-time", "1", "--kdf-memory", "8")
    case_id = cli("import-scenario", "--workspace", str(ws), str(source)).strip()
    script = textwrap.dedent(f"""
        from pathlib import Path
        from vcop_desktop.storage import Workspace
        with Workspace.open(Path({str(ws)!r}), {PASSPHRASE!r}) as ws:
            with ws.open_case({case_id!r}) as h:
                h.update_victim(address="Flat 9 Nowhere Mews",
                                contact_warnings="never ring after six")
                h.add_note("Spoke to Torvald-Umbridge (brother) about Quillfeather case")
                h.save_document("Letter", "Dear Quillfeather".encode("utf-16-le"))
            ws.add_demo_cases(3, seed=1)
    """)
    subprocess.run([sys.executable, "-c", script], env=env, check=True, timeout=120)
    # Leave a WAL behind on purpose (a case open, then a crash): -wal and -shm are scanned too.
    crash = textwrap.dedent(f"""
        import os
        from pathlib import Path
        from vcop_desktop.storage import Workspace
        ws = Workspace.open(Path({str(ws)!r}), {PASSPHRASE!r})
        h = ws.open_case({case_id!r})
        h.add_note("Quillfeather again, in the WAL")
        os._exit(0)
    """)
    subprocess.run([sys.executable, "-c", crash], env=env, check=True, timeout=120)
    assert list(ws.rglob("*-wal")), "expected a WAL file to be scanned"
    wal_copy = tmp_path / "wal-snapshot"
    wal_copy.mkdir()
    for wal in ws.rglob("*-wal"):
        (wal_copy / wal.name).write_bytes(wal.read_bytes())
    cli("due", "--workspace", str(ws), "--json")
    cli("backup", "--workspace", str(ws), "--to", str(backups))
    cli("handover-export", "--workspace", str(ws), "--case", case_id, "--to", str(handover))
    cli("check", "--workspace", str(ws))

    scanned = 0
    for root in (ws, backups, handover, temp, home, wal_copy):
        for path in root.rglob("*"):
            if path.is_file():
                data = path.read_bytes()
                scanned += 1
                for word in SECRETS:
                    for needle in _encodings(word):
                        assert needle not in data, f"{word!r} readable in {path}"
    assert scanned >= 10
    # and the names really are in there, encrypted: the workspace reads them back
    exported = cli("export-scenario", "--workspace", str(ws), "--case", case_id)
    assert "Quillfeather" in exported
