"""README cannot rot: every command is documented, its SPARQL examples run, and CI runs its test command."""

from __future__ import annotations

import re

import pytest

from hemakg.cli import cli

from conftest import REPO

README = (REPO / "README.md").read_text(encoding="utf-8")


def _commands(group, prefix="hemakg"):
    import click

    for name, command in sorted(group.commands.items()):
        yield f"{prefix} {name}"
        if isinstance(command, click.Group):
            yield from _commands(command, f"{prefix} {name}")


@pytest.mark.parametrize("command", list(_commands(cli)))
def test_every_cli_command_is_in_the_readme(command):
    assert f"`{command}" in README, f"README does not document `{command}`"


SPARQL_EXAMPLES = re.findall(r"```sparql\n(.*?)```", README, re.DOTALL)


def test_readme_has_one_sparql_example_per_use():
    assert len(SPARQL_EXAMPLES) >= 3


@pytest.mark.parametrize("query", SPARQL_EXAMPLES, ids=["collaboration", "targets", "mechanisms"][: len(SPARQL_EXAMPLES)])
def test_readme_sparql_examples_answer_on_the_sample_corpus(built_store, query):
    result = built_store.query(query)
    assert result.rows, "the README example returns nothing on the sample corpus"


def test_ci_runs_exactly_the_readme_test_command():
    ci = (REPO / ".ci" / "run").read_text(encoding="utf-8")
    test_command = "python -m pytest"
    assert re.search(r"^python -m pytest$", ci, re.MULTILINE)
    assert f'pip install -e ".[test]" && {test_command}' in README
