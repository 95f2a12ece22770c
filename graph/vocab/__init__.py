"""The vocabulary: namespaces, kinds of entity, the standards catalogue and IRI minting.

Names load their module on first use (PEP 562), so importing the package costs nothing.

>>> from graph.vocab import AG, body_iri, kind_of
>>> body_iri("ukas")
'https://w3id.org/accredigraph/id/body/ukas'
>>> kind_of([AG + "AccreditationBody"])
'accreditation-body'
"""

import lazy_loader

# the names and their modules are listed once, in __init__.pyi (read by type checkers too)
__getattr__, __dir__, __all__ = lazy_loader.attach_stub(__name__, __file__)
