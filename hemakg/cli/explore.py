"""`hemakg show`, `find`, `mechanisms`, `viz`, `project`: look things up, rank shared mechanisms, draw and export."""

from __future__ import annotations

from pathlib import Path

import click

from hemakg.graph.lookup import EntityNotFound, describe_entity, find_entities, format_description
from hemakg.graph.mechanisms import FACETS, rank_shared_studies
from hemakg.graph.pair_formats import PAIR_FORMATS, format_pairs
from hemakg.graph.paths import explain_paths, format_paths, path_network
from hemakg.graph.projection import (
    GRAPH_FORMATS, PROJECTIONS, ego_network, project_collaboration_network, write_projection,
)
from hemakg.graph.query import QueryError
from hemakg.graph.render import RenderError, render_page, write_index

from .options import cli, open_cli_store, store_option

FAILURES = (EntityNotFound, QueryError, RenderError, ValueError, OSError)


@cli.command()
@click.argument("entity")
@store_option
def show(entity, store):
    """Print everything the graph knows about an entity (label, synonym or IRI), with the evidence sentences.

    Example:

    \b
        hemakg show "CD33"
    """
    try:
        click.echo(format_description(describe_entity(open_cli_store(store), entity)), nl=False)
    except FAILURES as error:
        raise click.ClickException(str(error)) from error


@cli.command()
@click.argument("text")
@store_option
@click.option("--limit", type=click.IntRange(1, 1000), default=20, show_default=True)
def find(text, store, limit):
    """List entities whose label, synonym or identifier matches TEXT (case and small misspellings forgiven).

    Example:

    \b
        hemakg find venetoclx
    """
    matches = find_entities(open_cli_store(store), text, limit=limit)
    if not matches:
        raise click.ClickException(f"no entity matches {text!r}")
    for match in matches:
        click.echo(f"{match.score:.2f}\t{match.cls}\t{match.label}\t{match.iri}")


@cli.command()
@store_option
@click.option("--study", default=None, metavar="ID", help="Only pairs with this study (IRI, end of IRI, or title).")
@click.option("--min-shared", type=click.IntRange(1), default=1, show_default=True)
@click.option("--by", type=click.Choice(list(FACETS)), default="mechanism", show_default=True,
              help="What the studies share.")
@click.option("--also", multiple=True, type=click.Choice(list(FACETS)), help="Pairs must share this too (repeatable).")
@click.option("--limit", type=click.IntRange(1), default=50, show_default=True)
@click.option("--format", "fmt", type=click.Choice(PAIR_FORMATS), default="table", show_default=True)
def mechanisms(store, study, min_shared, by, also, limit, fmt):
    """Rank pairs of studies by the mechanisms (or targets, therapy classes) they share, most specific first.

    Example:

    \b
        hemakg mechanisms --min-shared 2 --format json
        hemakg mechanisms --by target --also mechanism
    """
    try:
        pairs = rank_shared_studies(open_cli_store(store), by, study=study, min_shared=min_shared, also=also,
                                    limit=limit)
    except FAILURES as error:
        raise click.ClickException(str(error)) from error
    click.echo(format_pairs(pairs, fmt), nl=False)


def _draw(graph, output: Path, title: str) -> None:
    try:
        render_page(graph, output, title)
    except FAILURES as error:
        raise click.ClickException(str(error)) from error
    click.echo(f"wrote {output} ({graph.number_of_nodes()} nodes, {graph.number_of_edges()} links)")


def output_option(default: str):
    return click.option("--output", "-o", type=click.Path(dir_okay=False, path_type=Path), default=Path(default),
                        show_default=True, help="The page to write.")


@cli.group()
def viz():
    """Write an interactive, self-contained HTML page of a network (works offline)."""


TITLES = {"collaboration": "Collaboration network", "targets": "Targets, diseases and therapies",
          "mechanisms": "Studies sharing mechanisms"}


@viz.command("all")
@store_option
@click.option("--output", "-o", type=click.Path(file_okay=False, path_type=Path), default=Path("site"),
              show_default=True, help="The folder to write the pages and an index into.")
def viz_all(store, output):
    """Write the collaboration, target and mechanism pages and an index.html into one folder.

    Example:

    \b
        hemakg viz all -o site
    """
    quad_store = open_cli_store(store)
    output.mkdir(parents=True, exist_ok=True)
    pages = []
    for kind, project_network in PROJECTIONS.items():
        graph = project_network(quad_store)
        _draw(graph, output / f"{kind}.html", TITLES[kind])
        pages.append((f"{kind}.html", TITLES[kind], f"{graph.number_of_nodes()} nodes, {graph.number_of_edges()} links"))
    write_index(output, pages)


@viz.command("collaboration")
@store_option
@output_option("hemakg-collaboration.html")
@click.option("--institutions", is_flag=True, help="Also draw the experts' institutions.")
def viz_collaboration(store, output, institutions):
    """Experts linked by the studies they author together.

    Example:

    \b
        hemakg viz collaboration --institutions -o people.html
    """
    _draw(project_collaboration_network(open_cli_store(store), institutions), output, TITLES["collaboration"])


@viz.command("targets")
@store_option
@output_option("hemakg-targets.html")
def viz_targets(store, output):
    """Antigens, diseases and therapies linked through studies, with outcomes and adverse events.

    Example:

    \b
        hemakg viz targets -o targets.html
    """
    _draw(PROJECTIONS["targets"](open_cli_store(store)), output, TITLES["targets"])


@viz.command("mechanisms")
@store_option
@output_option("hemakg-mechanisms.html")
def viz_mechanisms(store, output):
    """Studies linked by the mechanisms they share.

    Example:

    \b
        hemakg viz mechanisms
    """
    _draw(PROJECTIONS["mechanisms"](open_cli_store(store)), output, TITLES["mechanisms"])


@viz.command("ego")
@click.argument("entity")
@store_option
@output_option("hemakg-ego.html")
@click.option("--depth", type=click.IntRange(1, 4), default=1, show_default=True)
def viz_ego(entity, store, output, depth):
    """Everything within DEPTH links of an entity.

    Example:

    \b
        hemakg viz ego CD7 --depth 2
    """
    try:
        graph = ego_network(open_cli_store(store), entity, depth)
    except FAILURES as error:
        raise click.ClickException(str(error)) from error
    _draw(graph, output, f"Around {entity}")


@viz.command("path")
@click.argument("a")
@click.argument("b")
@store_option
@output_option("hemakg-path.html")
@click.option("--limit", type=click.IntRange(1, 50), default=5, show_default=True)
def viz_path(a, b, store, output, limit):
    """The shortest connections between two entities, each link explained by its sentence (also printed).

    Example:

    \b
        hemakg viz path "Crystal Mackall" venetoclax
    """
    quad_store = open_cli_store(store)
    try:
        click.echo(format_paths(explain_paths(quad_store, a, b, limit)), nl=False)
        graph = path_network(quad_store, a, b, limit)
    except FAILURES as error:
        raise click.ClickException(str(error)) from error
    _draw(graph, output, f"From {a} to {b}")


@cli.command()
@click.argument("kind", type=click.Choice(list(PROJECTIONS)))
@store_option
@click.option("--format", "fmt", type=click.Choice(GRAPH_FORMATS), default="graphml", show_default=True)
@click.option("--output", "-o", type=click.Path(dir_okay=False, path_type=Path), required=True)
def project(kind, store, fmt, output):
    """Export a network (collaboration, targets, mechanisms) as GraphML (Cytoscape) or GEXF (Gephi).

    Example:

    \b
        hemakg project targets --format gexf -o targets.gexf
    """
    graph = PROJECTIONS[kind](open_cli_store(store))
    try:
        write_projection(graph, output, fmt)
    except FAILURES as error:
        raise click.ClickException(str(error)) from error
    click.echo(f"wrote {output} ({graph.number_of_nodes()} nodes, {graph.number_of_edges()} links)")
