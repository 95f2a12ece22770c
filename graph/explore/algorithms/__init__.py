"""Graph algorithms on the explorer's networkx graphs: paths between entities (and their
sentences), and hubs.

Names load their module on first use.

>>> from graph.explore.algorithms import how_related, hubs
>>> sorted(__all__)  # doctest: +NORMALIZE_WHITESPACE
['Hub', 'Paths', 'RELATION_WORDS', 'how_related', 'hubs', 'pagerank',
 'path_sentence', 'step_sentence']
"""

import lazy_loader

# the names and their modules are listed once, in __init__.pyi (read by type checkers too)
__getattr__, __dir__, __all__ = lazy_loader.attach_stub(__name__, __file__)
