"""Domain errors, each with the exit code the CLI turns it into (0 ok, 1 bad input or failed check, 2 usage)."""

from __future__ import annotations


class HuiminError(Exception):
    """Base of every error the library raises on purpose; `str(err)` is the one-line message."""

    exit_code = 1


class InputError(HuiminError):
    """A source file that cannot be read as a report: missing, a directory, empty, binary, undecodable."""

    def __init__(self, path: str, problem: str) -> None:
        super().__init__(f"{path}: {problem}")
        self.path = path
        self.problem = problem


class ExtractionTimeout(HuiminError):
    """A report that took longer than its time limit (a backstop against pathological text)."""


class RulesError(HuiminError):
    """A rule file that does not load or does not validate."""


class DatasetError(HuiminError):
    """A dataset file that does not validate against the models."""


class OutputError(HuiminError):
    """An output that cannot be written (not writable, disk full, equal to an input)."""


class NotFoundError(HuiminError):
    """A query that finds nothing in its datasets: a metric no report states, a region none is of."""


class UsageError(HuiminError):
    exit_code = 2
