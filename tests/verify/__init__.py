"""Tests of graph.verify."""
