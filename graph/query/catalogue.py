"""The named queries: ``.rq`` files with a header, like Datasette's canned queries::

    # title: Certificates per standard
    # description: How many certificates each standard has.
    # audience: analyst
    # param: ?country | country | GB | Country of the certified organisation
    SELECT ...

Values are written into the query text as RDF terms, so the engine's planner sees them (a
pre-bound variable is invisible to Oxigraph's: ``certificates-of-cb`` answers in 3 ms written in,
4 s pre-bound, at a million certificates). A query whose plan is better the other way says so
with ``# binding: substitution`` and a reason in its description; one whose filters compare
with a parameter is faster with the term in its expressions too (``# binding: constant``:
Oxigraph filters while it reads against a constant only; never with arithmetic on the
parameter, which Oxigraph 0.5.13 folds wrongly). A parameter line gives the
variable, its kind (``string``, ``country``, ``date``, ``integer``,
``iri``, ``body``, ``certificate``, ``accreditation``, ``standard``, ``name`` — an organisation
name, bound as its ``ag:nameKey``), a default and a label; a parameter whose default is empty
may be left empty, and its variable then stays unbound (the query tests ``BOUND``). The files
are in ``graph/query/queries/``; :func:`graph.query.run_named` runs one.

A long list is paged in the order of its ``ORDER BY`` (keyset paging): ``# page: ?validUntil
?id`` names that order, and ``# after: ?afterDate ?afterId`` the parameters that take the
last row's values of those columns, so that the query answers the rows after it — the next
page, one ``FILTER`` in the query text, which any engine runs as written.

>>> q = load_named("signatories-for-standard")
>>> q.audience, q.form, [(p.name, p.kind) for p in q.params]
('analyst', 'SELECT', [('standard', 'standard'), ('asOf', 'date')])
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache, lru_cache
from pathlib import Path

from graph.errors import QueryError
from graph.sparql import Binding, Query, query_form

__all__ = ["PARAM_KINDS", "QUERY_DIR", "NamedQuery", "Param", "is_named", "load_named",
           "named_queries"]  # fmt: skip

QUERY_DIR = Path(__file__).with_name("queries")
PARAM_KINDS = {
    "string", "country", "date", "integer", "iri", "body", "certificate", "accreditation",
    "standard", "name",
}  # fmt: skip
_HEADER = re.compile(r"^#\s*(title|description|audience|param|binding|first|page|after):\s*(.*)$")


@dataclass(frozen=True)
class Param:
    """One parameter of a named query, shown as a form field in the app and ``--param`` here."""

    name: str
    kind: str
    default: str
    label: str


@dataclass(frozen=True)
class NamedQuery:
    """A ``.rq`` file: its header and its text."""

    name: str
    title: str
    description: str
    audience: str
    params: tuple[Param, ...]
    text: str
    path: Path
    #: How its parameters are bound (``# binding:`` in the header; default: written in the text).
    binding: Binding = Binding.TEXT
    #: A query run first (``# first:``): its rows seed this one as ``VALUES``; see run_named.
    first: str | None = None
    #: The variables the answer is ordered by (``# page:``, its ``ORDER BY``): a row cap then
    #: takes the first rows in that order without reading the rest (keyset paging).
    page: tuple[str, ...] = ()
    #: The parameters a next page sets from the last row's ``page`` columns (``# after:``).
    after: tuple[str, ...] = ()

    @property
    def form(self) -> str:
        """SELECT, ASK, CONSTRUCT or DESCRIBE."""
        return query_form(self.text)

    @property
    def query(self) -> Query:
        """The text to give :func:`graph.sparql.run`."""
        return Query(self.text, self.name, binding=self.binding)


def _parse_header(path: Path) -> NamedQuery:
    header: dict[str, str] = {}
    params: list[Param] = []
    body_lines = []
    for line in path.read_text(encoding="utf-8").splitlines():
        match = _HEADER.match(line)
        if match and not body_lines:
            key, value = match.groups()
            if key == "param":
                parts = [p.strip() for p in value.split("|")]
                if len(parts) != 4 or not parts[0].startswith("?") or parts[1] not in PARAM_KINDS:
                    raise QueryError(f"{path.name}: bad param line {value!r}")
                params.append(Param(parts[0][1:], parts[1], parts[2], parts[3]))
            elif key == "description" and "description" in header:
                header[key] += " " + value
            else:
                header[key] = value.strip()
        elif line.startswith("#") and not body_lines:
            continue
        else:
            body_lines.append(line)
    for key in ("title", "description", "audience"):
        if key not in header:
            raise QueryError(f"{path.name}: header has no '# {key}:' line")
    try:
        binding = Binding(header.get("binding", Binding.TEXT.value))
    except ValueError:
        choices = ", ".join(b.value for b in Binding)
        raise QueryError(f"{path.name}: '# binding:' is one of {choices}") from None
    page, after = _variables(header.get("page", "")), _variables(header.get("after", ""))
    if after and (len(after) != len(page) or not set(after) <= {p.name for p in params}):
        raise QueryError(f"{path.name}: '# after:' names one parameter per '# page:' variable")
    return NamedQuery(path.stem, header["title"], header["description"], header["audience"],
                      tuple(params), "\n".join(body_lines).strip() + "\n", path,
                      binding, header.get("first"), page, after)  # fmt: skip


def _variables(line: str) -> tuple[str, ...]:
    """``?a ?b`` as ``("a", "b")``."""
    return tuple(v.lstrip("?") for v in line.split())


@cache
def _files() -> dict[str, Path]:
    """The ``.rq`` files by name (a directory listing: no file is read)."""
    return {p.stem: p for p in sorted(QUERY_DIR.glob("*.rq"))}


@lru_cache(maxsize=1024)  # one entry per .rq file (132 today): bounded all the same
def _load(path: Path) -> NamedQuery:
    return _parse_header(path)


@cache
def named_queries() -> dict[str, NamedQuery]:
    """Every named query, by name (the file name without ``.rq``)."""
    return {name: _load(path) for name, path in _files().items()}


def is_named(name: str) -> bool:
    """Whether ``name`` is a named query's (without reading any query).

    >>> is_named("who-is-who"), is_named("SELECT * { ?s ?p ?o }")
    (True, False)
    """
    return name in _files()


def load_named(name: str) -> NamedQuery:
    """The named query ``name``; a clear error lists the names when it does not exist. Only
    its own file is read (a fresh process running one query does not parse them all)."""
    path = _files().get(name)
    if path is not None:
        return _load(path)
    public = ", ".join(n for n, q in named_queries().items() if q.audience != "internal")
    raise QueryError(f"no named query {name!r}; known: {public}")
