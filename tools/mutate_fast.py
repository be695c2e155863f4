"""Test mutants in one pytest session (the tests collected once, not once per mutant).

Run by `python3 tasks.py mutate-fast` in `mutants/`, which a `tasks.py mutate` run made (the
mutated copy of the code and mutmut's stats). Each mutant runs only the tests given that reach
its function by the stats, and those newer than the stats (written to kill it: first), then
the cheapest first; its first failing test kills it. Fixtures are torn down between mutants,
so no mutant sees what another built. One line per mutant on stdout; results are not stored
(mutmut's own stay as they were).

Usage: mutate_fast.py MUTANT_NAME... -- TESTS...
"""

from __future__ import annotations

import json
import os
import sys
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

import pytest


def chosen_tests(
    mutant: str,
    items: Sequence[Any],
    reach: Mapping[str, Sequence[str]],
    durations: Mapping[str, float],
) -> list[Any]:
    """The tests for `mutant`: those the stats say reach its function and those the stats do
    not know (newer), the new ones first, then the cheapest first."""
    covering = set(reach.get(mutant.rsplit("__mutmut_", 1)[0], ()))
    mine = [it for it in items if it.nodeid in covering or it.nodeid not in durations]
    return sorted(mine, key=lambda it: (it.nodeid in durations, durations.get(it.nodeid, 0.0)))


class Loop:
    """A pytest plugin that replaces the run loop: every mutant against its chosen tests."""

    def __init__(self, mutants: Sequence[str], stats: Mapping[str, Any]) -> None:
        self.mutants = mutants
        self.reach = stats["tests_by_mangled_function_name"]
        self.durations = stats["duration_by_test"]
        self.failed = False

    def pytest_runtest_logreport(self, report: pytest.TestReport) -> None:
        if report.failed:
            self.failed = True

    @pytest.hookimpl(tryfirst=True)
    def pytest_runtestloop(self, session: pytest.Session) -> bool:
        out = sys.__stdout__
        assert out is not None
        out.write(f"ready: {len(session.items)} tests\n")
        out.flush()
        for item in session.items:
            # A failure's report parses the mutated module (every mutant in one file) for
            # each traceback entry: seconds a kill. Only pass or fail matters here.
            item.repr_failure = lambda excinfo, style=None: "failed"  # type: ignore[method-assign]
        survived = 0
        for mutant in self.mutants:
            chosen = chosen_tests(mutant, session.items, self.reach, self.durations)
            os.environ["MUTANT_UNDER_TEST"] = mutant
            self.failed = False
            for i, item in enumerate(chosen):
                after = chosen[i + 1] if i + 1 < len(chosen) else None
                try:
                    item.ihook.pytest_runtest_protocol(item=item, nextitem=after)
                except Exception:  # a mutant that breaks pytest itself is killed
                    self.failed = True
                if self.failed:
                    session._setupstate.teardown_exact(None)
                    break
            tag = "killed  " if self.failed else ("NO TESTS" if not chosen else "SURVIVED")
            survived += not self.failed
            out.write(f"{tag} {mutant}  ({len(chosen)} tests)\n")
            out.flush()
        out.write(f"{len(self.mutants) - survived}/{len(self.mutants)} killed\n")
        session.testsfailed = 0
        return True


def main(argv: list[str]) -> int:
    split = argv.index("--")
    mutants, tests = argv[:split], argv[split + 1 :]
    sys.path.insert(0, str(Path.cwd()))  # the mutated copy, before the installed code
    stats = json.loads(Path("mutmut-stats.json").read_text(encoding="utf-8"))
    sys.stdout = Path(os.devnull).open("w")  # noqa: SIM115 - pytest's own report is not wanted
    args = ["-q", "-p", "no:cacheprovider", "-p", "no:unraisableexception", "-W", "ignore"]
    return int(pytest.main([*args, "--timeout", "60", *tests], plugins=[Loop(mutants, stats)]))


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
