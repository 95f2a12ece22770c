"""Tests of graph.vocab."""
