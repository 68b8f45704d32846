"""Benchmarks of HemaKG at scale: a synthetic corpus generator and one command that measures a build end to end.

``python -m benchmarks --docs 10000`` prints one table of figures, each beside what it is compared with (the
Aho-Corasick floor, rdflib's in-memory Dataset, a naive SPARQL self-join) and the target from issue 6.
"""
