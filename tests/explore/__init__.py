"""Tests of graph.explore."""
