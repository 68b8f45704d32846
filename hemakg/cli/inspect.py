"""`hemakg query`, `stats`, `validate`, `export`: read what the store holds."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from hemakg.graph.export import EXPORT_FORMATS, export_graph
from hemakg.graph.kgx import export_kgx
from hemakg.graph.query import QUERY_FORMATS, QueryError, format_result, read_query_text
from hemakg.graph.stats import compute_stats
from hemakg.graph.validation import validate_store

from .options import cli, open_cli_store, store_option


@cli.command()
@click.argument("query")
@store_option
@click.option("--format", "fmt", type=click.Choice(QUERY_FORMATS), default="table", show_default=True)
def query(query, store, fmt):
    """Run a SPARQL query (text, or @FILE); the default graph is the union of all graphs.

    Example:

    \b
        hemakg query 'SELECT ?s WHERE { ?s a <https://w3id.org/hemakg/ontology#Study> }' --format csv
    """
    with open_cli_store(store) as quad_store:
        try:
            result = quad_store.query(read_query_text(query))
        except QueryError as error:
            raise click.ClickException(str(error)) from error
    click.echo(format_result(result, fmt), nl=False)


@cli.command()
@store_option
def stats(store):
    """Count documents, entities per class and relations.

    Example:

    \b
        hemakg stats
    """
    with open_cli_store(store) as quad_store:
        result = compute_stats(quad_store)
    click.echo(f"documents\t{result.documents}")
    click.echo(f"quads\t{result.quads}")
    for name, count in result.entities_per_class.items():
        click.echo(f"{name}\t{count}")
    click.echo(f"relations\t{result.relations}")
    for name, count in result.relations_per_property.items():
        click.echo(f"  {name}\t{count}")


@cli.command()
@store_option
def validate(store):
    """Check the graph against the SHACL shapes; exit 0 only when it conforms.

    Example:

    \b
        hemakg validate
    """
    with open_cli_store(store) as quad_store:
        report = validate_store(quad_store)
    if report.conforms:
        click.echo("The graph conforms to the HemaKG shapes.")
        return
    click.echo(report.text)
    raise click.ClickException(f"the graph does not conform: {report.violations} violation(s)")


@cli.command()
@store_option
@click.option("--format", "fmt", type=click.Choice(sorted(EXPORT_FORMATS) + ["kgx"]), default="trig", show_default=True)
@click.option("--output", "-o", type=click.Path(path_type=Path), default=None,
              help="Write to this file (for kgx: this directory) instead of standard output.")
def export(store, fmt, output):
    """Write the whole graph as Turtle, TriG, N-Quads, JSON-LD, or KGX nodes.tsv/edges.tsv.

    Example:

    \b
        hemakg export --format nq -o hemakg.nq
        hemakg export --format kgx -o kgx/
    """
    if fmt == "kgx":
        if output is None:
            raise click.ClickException("--format kgx writes nodes.tsv and edges.tsv: name their directory with -o")
        with open_cli_store(store) as quad_store:
            written = export_kgx(quad_store, output)
        click.echo(f"wrote {written.nodes} nodes to {written.nodes_path}, {written.edges} edges to {written.edges_path}",
                   err=True)
        return
    with open_cli_store(store) as quad_store:
        text = export_graph(quad_store, fmt, output)
    if output is None:
        sys.stdout.write(text)
    else:
        click.echo(f"wrote {output}", err=True)
