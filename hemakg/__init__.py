"""HemaKG: a knowledge graph of hematology research, built from conference digests, interviews and correspondences."""

__version__ = "0.1.0"
