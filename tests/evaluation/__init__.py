"""Held-out documents with hand-made annotations, and the scorer that measures extraction against them."""
