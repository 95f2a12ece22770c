"""Tests of graph.query."""
