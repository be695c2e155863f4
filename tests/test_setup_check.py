"""`tasks.py start` finds what Qt's window plugin lacks and installs it or says how (issue 18).

A fake `ldd` and `apt-get` stand in for a fresh machine: the real ones answer for this one.
"""

from __future__ import annotations

import os
import stat
from pathlib import Path

import pytest

import tasks

FAKE_LDD = """#!/bin/sh
if [ -e "{marker}" ]; then
  printf '\\tlibc.so.6 => /lib/libc.so.6 (0x0001)\\n'
else
  printf '\\tlibxcb-cursor.so.0 => not found\\n\\tlibc.so.6 => /lib/libc.so.6 (0x0001)\\n'
  printf '\\tlibxkbcommon-x11.so.0 => not found\\n\\tlibxcb-cursor.so.0 => not found\\n'
fi
"""
FAKE_APT = """#!/bin/sh
echo "$@" >> "{log}"
if [ "$1" = install ]; then : > "{marker}"; fi
"""


def _script(path: Path, text: str) -> None:
    path.write_text(text)
    path.chmod(path.stat().st_mode | stat.S_IXUSR)


@pytest.fixture
def machine(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> dict[str, Path]:
    """A Linux machine whose Qt plugin lacks two libraries; apt-get 'installs' them."""
    bin_dir, marker, log = tmp_path / "bin", tmp_path / "installed", tmp_path / "apt.log"
    bin_dir.mkdir()
    _script(bin_dir / "ldd", FAKE_LDD.format(marker=marker))
    _script(bin_dir / "apt-get", FAKE_APT.format(log=log, marker=marker))
    plugin = tmp_path / "libqxcb.so"
    plugin.write_bytes(b"")
    monkeypatch.setenv("PATH", str(bin_dir))
    monkeypatch.delenv("QT_QPA_PLATFORM", raising=False)
    monkeypatch.setattr(tasks.sys, "platform", "linux")
    return {"bin": bin_dir, "plugin": plugin, "log": log}


def test_the_missing_libraries_are_read_from_ldd(machine: dict[str, Path]) -> None:
    assert tasks.missing_libraries([machine["plugin"]]) == [
        "libxcb-cursor.so.0",
        "libxkbcommon-x11.so.0",
    ]


def test_without_root_it_says_the_exact_apt_get_line_and_stops(
    machine: dict[str, Path], monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setattr(os, "geteuid", lambda: 1000)
    assert not tasks.qt_system_libraries_ready([machine["plugin"]])
    err = capsys.readouterr().err
    assert "sudo apt-get install -y libxcb-cursor0 libxkbcommon-x11-0" in err
    assert "libxcb-cursor.so.0, libxkbcommon-x11.so.0" in err
    assert not machine["log"].exists()  # nothing was run


def test_as_root_it_installs_them_and_goes_on(
    machine: dict[str, Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(os, "geteuid", lambda: 0)
    assert tasks.qt_system_libraries_ready([machine["plugin"]])
    calls = machine["log"].read_text().splitlines()
    assert calls[-1] == "install -y -qq libxcb-cursor0 libxkbcommon-x11-0"


def test_without_apt_get_it_names_what_is_missing_in_one_line(
    machine: dict[str, Path], monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    (machine["bin"] / "apt-get").unlink()
    monkeypatch.setattr(os, "geteuid", lambda: 0)
    assert not tasks.qt_system_libraries_ready([machine["plugin"]])
    (line,) = capsys.readouterr().err.strip().splitlines()
    assert "libxcb-cursor.so.0, libxkbcommon-x11.so.0" in line


def test_nothing_is_checked_when_a_platform_is_chosen(
    machine: dict[str, Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("QT_QPA_PLATFORM", "offscreen")
    assert tasks.qt_system_libraries_ready([machine["plugin"]])


@pytest.mark.parametrize(
    ("soname", "package"),
    [
        ("libxcb-icccm.so.4", "libxcb-icccm4"),
        ("libxkbcommon-x11.so.0", "libxkbcommon-x11-0"),
        ("libX11-xcb.so.1", "libx11-xcb1"),
        ("libEGL.so.1", "libegl1"),
        ("libdbus-1.so.3", "libdbus-1-3"),
        ("libglib-2.0.so.0", "libglib2.0-0"),
    ],
)
def test_each_library_maps_to_its_debian_package(soname: str, package: str) -> None:
    assert tasks.debian_package(soname) == package
