"""A drawing's page as a file: its entity links made absolute, so that a copy downloaded from
the app and opened from disk still leads back to the entity pages (a relative
``search?entity=...`` would point into the folder the file sits in).
"""

from __future__ import annotations

import re
from urllib.parse import urljoin

__all__ = ["with_link_base"]


_BASE = re.compile(r"^https?://[A-Za-z0-9.\-]+(:\d{1,5})?(/[A-Za-z0-9._~/-]*)?$")
#: An entity link as :func:`entity_href` writes it (a page path or nothing, then the query).
_HREF = re.compile(r'href="([A-Za-z0-9_-]{0,64})\?entity=')


def with_link_base(page: str, base: str) -> str:
    """``page`` (from :func:`to_html`) with its entity links made absolute against ``base``,
    the address of the app page that showed it, so a downloaded copy opened from disk still
    leads to the entity pages.

    ``base`` must be a plain ``http(s)://host[:port][/path]`` address (anything else leaves
    the page unchanged); its query and fragment are not part of it.

    >>> import networkx as nx
    >>> from graph.drawing.html import to_html
    >>> G = nx.MultiDiGraph()
    >>> G.add_node("https://example.org/a", label="A", kind="standard")
    >>> page = with_link_base(to_html(G, entity_page="search"), "http://127.0.0.1:8501/learn")
    >>> 'href="http://127.0.0.1:8501/search?entity=https%3A%2F%2Fexample.org%2Fa"' in page
    True
    >>> with_link_base(to_html(G), "javascript:alert(1)") == to_html(G)
    True
    """
    if not _BASE.match(base):
        return page
    return _HREF.sub(lambda m: f'href="{urljoin(base, m.group(1))}?entity=', page)
