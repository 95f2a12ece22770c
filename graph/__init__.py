"""accredigraph: the accreditation ecosystem as a knowledge graph."""

__version__ = "0.1.0"
