"""Projections from RDF to networkx, on a small graph of our own and on the sample corpus."""

from __future__ import annotations

import networkx as nx

from hemakg.graph.analysis import find_communities, rank_nodes, shortest_path_labels
from hemakg.graph.paths import explain_paths, path_network
from hemakg.graph.projection import (
    ego_network, project_collaboration_network, project_mechanism_network, project_target_network, write_projection,
)

HKID = "https://w3id.org/hemakg/id/"


def _by_label(graph: nx.Graph) -> dict[str, str]:
    return {data["label"]: node for node, data in graph.nodes(data=True)}


def test_collaboration_links_coauthors_weighted_by_shared_studies(fixture_store):
    graph = project_collaboration_network(fixture_store)
    nodes = _by_label(graph)
    edge = graph.edges[nodes["Stephan Grupp"], nodes["Shannon Maude"]]
    assert edge["weight"] == 1
    assert edge["study_labels"] == "Tisagenlecleucel in pediatric relapsed B-ALL"
    assert "Grupp and Maude" in edge["evidence"]
    assert graph.nodes[nodes["Terry Fry"]]["studies"] == 2
    assert graph.nodes[nodes["Terry Fry"]]["class"] == "Expert"
    assert not graph.has_edge(nodes["Stephan Grupp"], nodes["Terry Fry"])


def test_collaboration_includes_reference_authors(fixture_store):
    graph = project_collaboration_network(fixture_store)
    nodes = _by_label(graph)
    assert set(graph.neighbors(nodes["Yue Tan"])) == {nodes["Jing Pan"], nodes["Crystal Mackall"]}


def test_collaboration_with_institutions_adds_affiliations(fixture_store):
    graph = project_collaboration_network(fixture_store, with_institutions=True)
    nodes = _by_label(graph)
    institution = nodes["National Cancer Institute"]
    assert graph.nodes[institution]["class"] == "Institution"
    assert set(graph.neighbors(institution)) == {nodes["Nirali Shah"], nodes["Terry Fry"]}
    assert graph.edges[nodes["Terry Fry"], institution]["relation"] == "affiliated with"


def test_target_network_edges_carry_studies_outcomes_and_adverse_events(fixture_store):
    graph = project_target_network(fixture_store)
    nodes = _by_label(graph)
    edge = graph.edges[nodes["CD22"], nodes["B-cell acute lymphoblastic leukemia"]]
    assert edge["weight"] == 2
    assert set(edge["study_labels"].split("\n")) == {"CD22 CAR-T after CD19 failure in B-ALL",
                                                     "Bispecific CD19/CD22 CAR-T in B-ALL"}
    assert "CR 73% (CD22 CAR-T after CD19 failure in B-ALL)" in edge["outcomes"].split("\n")
    assert "immune effector cell-associated neurotoxicity syndrome" in edge["adverse_events"].split("\n")
    assert "CD22 density" not in edge["evidence"] and "Shah and Fry" in edge["evidence"]


def test_target_network_nodes_have_class_and_identifiers(fixture_store):
    graph = project_target_network(fixture_store)
    nodes = _by_label(graph)
    assert graph.nodes[nodes["acute myeloid leukemia"]]["class"] == "Disease"
    assert "MONDO:0018874" in graph.nodes[nodes["acute myeloid leukemia"]]["identifiers"].split("\n")
    assert graph.nodes[nodes["venetoclax"]]["class"] == "Drug"
    assert {graph.nodes[n]["label"] for n in graph.neighbors(nodes["acute myeloid leukemia"])} >= {
        "CLL1", "BCL2", "venetoclax", "azacitidine", "CLL1 CAR-T"}


def test_mechanism_network_links_studies_by_shared_mechanisms(fixture_store):
    graph = project_mechanism_network(fixture_store)
    nodes = _by_label(graph)
    edge = graph.edges[nodes["Tisagenlecleucel in pediatric relapsed B-ALL"], nodes["Bispecific CD19/CD22 CAR-T in B-ALL"]]
    assert set(edge["shared"].split("\n")) == {"T-cell exhaustion", "antigen escape", "chimeric antigen receptor signaling"}
    assert edge["weight"] > graph.edges[nodes["Tisagenlecleucel in pediatric relapsed B-ALL"],
                                        nodes["CD22 CAR-T after CD19 failure in B-ALL"]]["weight"]
    assert graph.degree(nodes["Venetoclax and azacitidine in older patients with AML"]) == 0


def test_ego_network_reaches_depth_and_labels_links(fixture_store):
    near = ego_network(fixture_store, "CLL-1", depth=1)
    assert {d["label"] for _, d in near.nodes(data=True)} == {"CLL1", "CLL1 CAR-T", "CLL1 CAR-T in relapsed AML"}
    far = ego_network(fixture_store, "CLL-1", depth=2)
    assert "Ying Wang" in {d["label"] for _, d in far.nodes(data=True)}
    nodes = _by_label(far)
    edge = far.edges[nodes["CLL1 CAR-T in relapsed AML"], nodes["CLL1"]]
    assert edge["relation"] == "targets" and "Wang at Peking University" in edge["evidence"]


def test_explain_paths_gives_each_link_its_predicate_and_sentence(fixture_store):
    paths = explain_paths(fixture_store, "Yue Tan", "Terry Fry", limit=3)
    assert paths and len(paths[0].steps) == 4
    steps = paths[0].steps
    assert [s.predicate for s in steps] == ["author"] * 4
    assert steps[-1].object.label == "Terry Fry"
    assert all(step.evidence for step in steps)
    assert "Mackall and Fry" in steps[-1].evidence[0].text
    assert path_network(fixture_store, "Yue Tan", "Terry Fry", 1).number_of_nodes() == 5


def test_explain_paths_returns_nothing_for_unconnected_entities(fixture_store):
    assert explain_paths(fixture_store, "Ying Wang", "Courtney DiNardo", max_length=2) == []


def test_projections_export_to_graphml_and_gexf(fixture_store, tmp_path):
    graph = project_target_network(fixture_store)
    write_projection(graph, tmp_path / "targets.graphml", "graphml")
    write_projection(graph, tmp_path / "targets.gexf", "gexf")
    back = nx.read_graphml(tmp_path / "targets.graphml")
    assert back.number_of_nodes() == graph.number_of_nodes() and back.number_of_edges() == graph.number_of_edges()
    assert nx.read_gexf(tmp_path / "targets.gexf").number_of_nodes() == graph.number_of_nodes()


def test_analysis_ranks_central_experts_and_finds_communities(fixture_store):
    graph = project_collaboration_network(fixture_store)
    assert [r.label for r in rank_nodes(graph, "degree", cls="Expert", top=1)] == ["Crystal Mackall"]
    assert {r.label for r in rank_nodes(graph, "betweenness", top=2)} == {"Crystal Mackall", "Terry Fry"}
    assert rank_nodes(graph, "pagerank", top=1)[0].score > 0
    communities = find_communities(graph)
    labels = [{graph.nodes[n]["label"] for n in c} for c in communities]
    assert any({"Stephan Grupp", "Shannon Maude"} == c for c in labels)
    nodes = _by_label(graph)
    assert shortest_path_labels(graph, nodes["Yue Tan"], nodes["Nirali Shah"]) == [
        "Yue Tan", "Crystal Mackall", "Terry Fry", "Nirali Shah"]


# --- the sample corpus, as the builders deliver it ---


def test_corpus_antigens_targeted_in_aml(built_store):
    graph = project_target_network(built_store)
    nodes = _by_label(graph)
    assert "acute myeloid leukemia" in nodes, "no study of the corpus is linked to AML"
    antigens = {graph.nodes[n]["label"] for n in graph.neighbors(nodes["acute myeloid leukemia"])
                if graph.nodes[n]["class"] == "Antigen"}
    assert {"CD33", "CD123", "CD19", "CD70", "IL1RAP"} <= antigens
    assert antigens & {"CLL1", "CLEC12A", "CLL-1"}


def test_corpus_correspondence_reference_authors_are_coauthors(built_store):
    graph = project_collaboration_network(built_store)
    cited = set(built_store.query(
        "PREFIX hk: <https://w3id.org/hemakg/ontology#> SELECT DISTINCT ?s WHERE { ?d hk:cites ?s }").values("s"))
    assert cited, "no reference list was read"
    reference_edges = [(u, v) for u, v, d in graph.edges(data=True) if set(d["studies"].split("\n")) & cited]
    assert len(reference_edges) >= 10
    labels = {graph.nodes[n]["label"] for edge in reference_edges for n in edge}
    assert any("Zhao" in label for label in labels)
