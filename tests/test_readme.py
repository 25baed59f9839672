"""The README's examples are what the program does (issue 16, point 9).

Every `$ huimin …` line of a ```console block is run with the installed script, at 100 columns, in a
scratch directory that sees the project's data/ and tests/ (outputs land in the scratch directory), and
its output must be the lines the README shows under it (a `…` line stands for lines left out). A table
after `<!-- checked: huimin … -->` must be part of that command's output. Every command's `--help`
example runs, and every link of the READMEs points to a file that exists.
"""

from __future__ import annotations

import os
import re
import shlex
import subprocess
import sys
from pathlib import Path

import pytest

from .conftest import ROOT

SCRIPT = Path(sys.executable).parent / "huimin"
READMES = [ROOT / "README.md", ROOT / "tests" / "gold" / "README.md", ROOT / "docs" / "architecture.md"]
ELIDED = "…"


def console_examples(text: str) -> list[tuple[str, list[str]]]:
    """(command, expected output lines) of every `$ huimin` line in the ```console blocks of `text`."""
    examples: list[tuple[str, list[str]]] = []
    for block in re.findall(r"^```console\n(.*?)^```", text, flags=re.S | re.M):
        current: tuple[str, list[str]] | None = None
        for line in block.splitlines():
            if line.startswith("$ "):
                command = line[2:].split("  #")[0].strip()
                current = (command, []) if command.startswith("huimin ") else None
                if current:
                    examples.append(current)
            elif line.startswith("sqlite>") or line.startswith("   ...>"):
                current = None  # another program's session: not checked here
            elif current is not None:
                current[1].append(line.rstrip())
    return examples


def checked_tables(text: str) -> list[tuple[str, list[str]]]:
    """(command, table lines) of every table after a `<!-- checked: COMMAND -->` line."""
    found = []
    for command, table in re.findall(r"^<!-- checked: (.*?) -->\n((?:\|.*\n)+)", text, flags=re.M):
        found.append((command, table.splitlines()))
    return found


@pytest.fixture(scope="module")
def workspace(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A directory that sees the project's data and tests as they are; what commands write stays in it."""
    root = tmp_path_factory.mktemp("readme")
    (root / "data").symlink_to(ROOT / "data")  # read only: the examples write below the scratch directory
    (root / "tests").symlink_to(ROOT / "tests")
    return root


def run(command: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    env = dict(os.environ, COLUMNS="100")
    env["PATH"] = f"{SCRIPT.parent}{os.pathsep}{env.get('PATH', '')}"
    return subprocess.run(["bash", "-c", command], capture_output=True, text=True, cwd=cwd, env=env, timeout=300)


def matches(expected: list[str], actual: list[str]) -> bool:
    """True when `actual` is `expected`, a `…` line in `expected` standing for any lines."""
    chunks: list[list[str]] = [[]]
    for line in expected:
        if line.strip() == ELIDED:
            chunks.append([])
        else:
            chunks[-1].append(line)
    if len(chunks) == 1:
        return expected == actual
    at = 0
    for n, chunk in enumerate(chunks):
        if n == 0:
            if actual[: len(chunk)] != chunk:
                return False
            at = len(chunk)
            continue
        if n == len(chunks) - 1 and chunk:
            return len(actual) - len(chunk) >= at and actual[len(actual) - len(chunk) :] == chunk
        found = next((i for i in range(at, len(actual) - len(chunk) + 1) if actual[i : i + len(chunk)] == chunk), None)
        if found is None:
            return False
        at = found + len(chunk)
    return True


README = (ROOT / "README.md").read_text(encoding="utf-8")


def test_the_readme_has_examples_to_check() -> None:
    assert len(console_examples(README)) >= 6 and checked_tables(README)


@pytest.mark.parametrize(("command", "expected"), console_examples(README), ids=lambda x: x if isinstance(x, str) else "")
def test_readme_console_example(workspace: Path, command: str, expected: list[str]) -> None:
    result = run(command, workspace)
    assert result.returncode in (0, 1), result.stderr
    actual = [line.rstrip() for line in (result.stdout + result.stderr).splitlines()]
    assert matches(expected, actual), "README shows:\n" + "\n".join(expected) + "\n\nthe program prints:\n" + "\n".join(actual)


@pytest.mark.parametrize(("command", "table"), checked_tables(README), ids=lambda x: x if isinstance(x, str) else "")
def test_readme_table_is_part_of_its_commands_output(workspace: Path, command: str, table: list[str]) -> None:
    result = run(command, workspace)
    assert result.returncode in (0, 1), result.stderr
    assert matches([ELIDED, *table, ELIDED], result.stdout.splitlines()), "\n".join(table)


def help_examples() -> list[str]:
    from huimin_extract.cli import app

    examples = []
    for command in app.registered_commands:
        doc = command.callback.__doc__ or ""
        examples += re.findall(r"^\s*Example: (huimin .*)$", doc, flags=re.M)
    return examples


@pytest.mark.parametrize("example", help_examples())
def test_every_help_example_runs(workspace: Path, example: str) -> None:
    result = run(example, workspace)
    ok = (0, 1) if shlex.split(example)[1] == "diff" else (0,)  # diff exits 1 when there are differences
    assert result.returncode in ok, f"{example}: {result.stderr}"


@pytest.mark.parametrize("readme", READMES, ids=lambda p: str(p.relative_to(ROOT)))
def test_readme_links_point_to_files_that_exist(readme: Path) -> None:
    text = readme.read_text(encoding="utf-8")
    for target in re.findall(r"\]\(([^)#?\s]+)", text):
        if "://" in target:
            continue
        assert (readme.parent / target).exists(), f"{readme.name}: {target} does not exist"
