"""`hemakg serve`, `queries`, `push`: the graph as a SPARQL endpoint, as saved questions, and on other servers."""

from __future__ import annotations

import signal
import sys

import click

from hemakg.graph.push import push_store
from hemakg.graph.query import QUERY_FORMATS, QueryError, format_result
from hemakg.graph.saved_queries import SavedQueryError, list_saved_queries, run_saved_query
from hemakg.graph.server import SparqlEndpoint, is_loopback
from hemakg.graph.store import StoreError, default_store_location

from .options import cli, open_cli_store, store_option


@cli.command()
@click.option("--store", default=None, metavar="DIR",
              help="Store directory [default: $HEMAKG_STORE or ./hemakg-store].")
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to listen on.")
@click.option("--port", default=7878, show_default=True, type=click.IntRange(1, 65535))
@click.option("--timeout-s", default=30, show_default=True, type=click.IntRange(1), help="Query time limit.")
def serve(store, host, port, timeout_s):
    """Serve the store read-only over the SPARQL 1.1 Protocol, with a query page at /.

    Updates, SERVICE and FROM a non-HemaKG graph are refused. Stop with Ctrl-C.

    Example:

    \b
        hemakg serve --store hemakg-store --port 7878
        curl -H 'Accept: text/csv' --data-urlencode 'query=SELECT * { ?s ?p ?o } LIMIT 3' 127.0.0.1:7878/query
    """
    if not is_loopback(host):
        click.echo(f"warning: listening on {host}: anyone who can reach this machine can query the graph", err=True)
    try:
        endpoint = SparqlEndpoint(store or default_store_location(), host=host, port=port, timeout_s=timeout_s)
        endpoint.start()
    except StoreError as error:
        raise click.ClickException(str(error)) from error
    click.echo(f"SPARQL endpoint: {endpoint.url}query  (query page: {endpoint.url})", err=True)
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(0))  # `kill` stops the Oxigraph process too
    try:
        endpoint.wait()
    except KeyboardInterrupt:
        pass
    finally:
        endpoint.stop()


@cli.group(invoke_without_command=True)
@click.pass_context
def queries(ctx):
    """List the saved queries (graph/queries/*.rq) with what each answers and its parameters.

    Example:

    \b
        hemakg queries
        hemakg queries run experts_of_institution --param institution="MD Anderson"
    """
    if ctx.invoked_subcommand is not None:
        return
    for saved in list_saved_queries():
        params = " ".join(f"--param {p.name}=…" for p in saved.params)
        click.echo(f"{saved.name}\t{saved.title}\t{params}".rstrip())
        click.echo(f"    answers: {saved.answers}")
        for param in saved.params:
            click.echo(f"    {param.name}: {param.description}")


@queries.command("run")
@click.argument("name")
@click.option("--param", "-p", "params", multiple=True, metavar="KEY=VALUE", help="A parameter; repeat for several.")
@store_option
@click.option("--format", "fmt", type=click.Choice(QUERY_FORMATS), default="table", show_default=True)
def run_query(name, params, store, fmt):
    """Run one saved query with its parameters, in the formats of `hemakg query`.

    Example:

    \b
        hemakg queries run studies_of_antigen --param antigen=CD7 --format csv
    """
    values = {}
    for item in params:
        key, sep, value = item.partition("=")
        if not sep:
            raise click.ClickException(f"--param {item}: write it as KEY=VALUE")
        values[key.strip()] = value
    quad_store = open_cli_store(store)
    try:
        result = run_saved_query(quad_store, name, values)
    except (SavedQueryError, QueryError) as error:
        raise click.ClickException(str(error)) from error
    click.echo(format_result(result, fmt), nl=False)


@cli.command()
@click.argument("url")
@click.option("--graph-store", default=None, metavar="URL",
              help="Graph Store Protocol URL [default: guessed from URL].")
@click.option("--auth", default=None, metavar="USER:PASSWORD", help="Credentials for the server.")
@store_option
def push(url, graph_store, auth, store):
    """Upload every named graph of the local store to a SPARQL server, replacing each one there.

    Pushing twice changes nothing; graphs the server holds that the store does not are left alone.

    Example:

    \b
        hemakg push http://localhost:8890/sparql --auth dba:dba
    """
    if not url.startswith(("http://", "https://")):
        raise click.ClickException(f"{url}: push needs the http(s) URL of a SPARQL query endpoint")
    source = open_cli_store(store)
    target = open_cli_store(url, graph_store=graph_store, auth=auth)
    try:
        report = push_store(source, target)
    except StoreError as error:
        raise click.ClickException(str(error)) from error
    click.echo(f"pushed {report.graphs} graph(s), {report.triples} triple(s) to {report.target}")
