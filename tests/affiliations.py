"""The places an expert is affiliated with as the text names them, leaving out the institutions those are part of.

The builders affiliate an expert with a department and with every institution it is `hk:partOf`; tests that check
which unit the text gave read the most specific ones.
"""

from __future__ import annotations

from rdflib import Graph, URIRef

from hemakg.ontology import HK


def own_places(graph: Graph, person: URIRef) -> list[URIRef]:
    """The person's affiliations that no other affiliation of theirs is part of, in a stable order."""
    places = set(graph.objects(person, HK.affiliatedWith))
    parents = {parent for place in places for parent in graph.transitive_objects(place, HK.partOf) if parent != place}
    return sorted(places - parents)
