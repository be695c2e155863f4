"""Errors the domain raises for bad input. Each names where the problem is."""

from __future__ import annotations


class ScenarioError(ValueError):
    """A scenario (or an event in one) is malformed.

    `where` is a JSON-style path such as ``events[3].date``; `str()` gives the one line the
    command line prints.
    """

    def __init__(self, where: str, problem: str) -> None:
        super().__init__(f"{where}: {problem}" if where else problem)
        self.where = where
        self.problem = problem
