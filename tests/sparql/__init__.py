"""Tests of graph.sparql."""
