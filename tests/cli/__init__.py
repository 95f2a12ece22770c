"""Tests of graph.cli."""
