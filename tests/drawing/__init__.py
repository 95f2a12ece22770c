"""Tests of graph.drawing."""
