"""Countries as people and data write them: one ISO 3166-1 alpha-2 code per name.

The search facets, the SPARQL page's world map and anything else that reads a country typed by
a person or found in a result use :func:`country_code`, so "UK", "GBR" and "United Kingdom"
mean GB everywhere.

>>> country_code("United Kingdom"), country_code("deu"), country_code("UK"), country_code("XKX")
('GB', 'DE', 'GB', 'XK')
>>> country_code("Northwind") is None
True
"""

from __future__ import annotations

import functools

__all__ = ["COUNTRY_ALIASES", "country_code"]

#: Names and codes in use that pycountry does not know: common short forms, Kosovo (XK, a
#: user-assigned code) and the EU's code for Greece.
COUNTRY_ALIASES = {
    "UK": "GB",
    "USA": "US",
    "RUSSIA": "RU",
    "EL": "GR",
    "KOSOVO": "XK",
    "XK": "XK",
    "XKX": "XK",
}


@functools.lru_cache(maxsize=4096)
def country_code(text: str) -> str | None:
    """The ISO 3166-1 alpha-2 code ``text`` names (a code, an alpha-3 code or a name), or
    ``None``."""
    import pycountry  # loaded only when a country is looked up

    text = text.strip()
    if not text:
        return None
    alias = COUNTRY_ALIASES.get(text.upper())
    if alias:
        return alias
    try:
        return pycountry.countries.lookup(text).alpha_2
    except LookupError:
        return None
