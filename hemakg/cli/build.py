"""`hemakg build`: documents in, graph out, with progress and a closing report."""

from __future__ import annotations

import os

import click
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table

from hemakg.builders import BUILDERS
from hemakg.graph.store import StoreError
from hemakg.pipeline import BuildSummary, build_into_store

from .options import cli, open_cli_store, store_option


def _print_summary(console: Console, summary: BuildSummary, location: str, verbose: bool) -> None:
    console.print(
        f"Built {len(summary.built)} document(s) into {location}"
        f" ({', '.join(f'{n} {g}' for g, n in sorted(summary.genres.items())) or 'none'}); "
        f"skipped {len(summary.skipped)} unchanged; rejected {len(summary.rejected)}."
    )
    if summary.built:
        table = Table("class", "entities", title="Found in the documents built", title_justify="left")
        for name, count in sorted(summary.entities_per_class.items()):
            if name not in ("Document", "Sentence", "Evidence"):
                table.add_row(name, str(count))
        table.add_row("relations", str(summary.relations), style="bold")
        console.print(table)
    unplaced = sum(len(v) for v in summary.unplaced_mentions.values())
    unresolved = sum(len(v) for v in summary.unresolved_names.values())
    if unplaced or unresolved:
        console.print(
            f"Quality report: {unplaced} concept(s) named but not linked to any study, "
            f"{unresolved} name(s) not resolved to a person or institution."
        )
        for source in sorted(set(summary.unplaced_mentions) | set(summary.unresolved_names)):
            if not verbose:
                continue
            if summary.unplaced_mentions.get(source):
                console.print(f"  {source}: not linked: {', '.join(summary.unplaced_mentions[source])}")
            if summary.unresolved_names.get(source):
                console.print(f"  {source}: unresolved: {', '.join(summary.unresolved_names[source])}")
        if not verbose:
            console.print("  (run with --verbose to list them per document)")


@cli.command()
@click.argument("paths", nargs=-1, required=True, type=click.Path(path_type=str))
@store_option
@click.option("--genre", type=click.Choice(sorted(BUILDERS)), default=None, help="Read every file as this genre.")
@click.option("--jobs", "-j", type=click.IntRange(1, 64), default=None, help="Worker processes [default: CPU count].")
@click.option("--force", is_flag=True, help="Rebuild documents even when unchanged since the last build.")
@click.option("--validate", is_flag=True, help="Reject documents whose graph does not conform to the SHACL shapes.")
@click.option("--graph-store", default=None, metavar="URL", help="Graph Store Protocol URL of a remote store.")
@click.option("--auth", default=None, metavar="USER:PASSWORD", help="Credentials for a remote store.")
@click.option("--verbose", "-v", is_flag=True, help="List unplaced mentions and unresolved names per document.")
def build(paths, store, genre, jobs, force, validate, graph_store, auth, verbose):
    """Build the graph from documents (files or folders of .txt/.md).

    Each document becomes one named graph; rebuilding a changed document replaces it, unchanged ones are skipped.
    A file that is not a document is reported on one line and the others are still built; the exit code is then 1.

    Example:

    \b
        hemakg build ../shared/corpus --store hemakg-store
    """
    remote = {k: v for k, v in (("graph_store", graph_store), ("auth", auth)) if v}
    quad_store = open_cli_store(store, create=True, **remote)
    console = Console(stderr=False, soft_wrap=True)
    errors = Console(stderr=True)
    with Progress(
        TextColumn("[progress.description]{task.description}"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn(),
        console=errors, transient=True, disable=not errors.is_terminal and not os.environ.get("HEMAKG_PROGRESS"),
    ) as progress:
        task = progress.add_task("building", total=None)
        try:
            summary = build_into_store(
                paths, quad_store, genre=genre, jobs=jobs or os.cpu_count() or 1, force=force, validate=validate,
                on_start=lambda n: progress.update(task, total=n),
                on_progress=lambda name: progress.update(task, advance=1, description=name[:40]),
            )
        except StoreError as error:
            raise click.ClickException(str(error)) from error
        finally:
            quad_store.close()
    for rejection in summary.rejected:
        errors.print(f"error: {rejection}", markup=False, highlight=False, soft_wrap=True)
    _print_summary(console, summary, quad_store.location, verbose)
    if not summary.ok:
        raise SystemExit(1)
