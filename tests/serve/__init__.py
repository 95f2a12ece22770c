"""Tests of graph.serve."""
