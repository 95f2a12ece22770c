"""Benchmarks of accredigraph at world scale: ``make bench`` (``python -m benchmarks.run``)."""
