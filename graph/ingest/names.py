"""Body names compared the way a reader's eye compares them: no shadowing of a known body.

A register may declare its own bodies, but not one whose id, acronym or name *looks like* a
body the graph already holds: ``UKAS``, `` ukas ``, ``U.K.A.S.`` and ``UKАS`` (with a Cyrillic
``А``) all read as the bundled ``ukas``, and a certificate from such a twin must never borrow
the real body's standing. :func:`body_key` folds a name to what it looks like; the importer
(:func:`graph.ingest.reference.register_ids`) refuses a row whose key is taken, naming the body
that holds it.

The folding: Unicode NFKC, capitals that look like Latin capitals (Cyrillic, Greek), case
folding, small letters that look like Latin ones (Cyrillic, Greek, dotless i, …), accents
split off, then everything that is not a
letter or a digit removed (spaces, punctuation, zero-width and combining marks).

Examples
--------
>>> body_key("UKAS") == body_key(" ukas ") == body_key("U.K.A.S.") == body_key("UKАS")
True
>>> body_key("ＵＫＡＳ"), body_key("Ο\u200bΑ"), body_key("---")
('ukas', 'oa', '')
"""

from __future__ import annotations

import unicodedata

__all__ = ["CONFUSABLES", "CONFUSABLE_CAPITALS", "body_key"]

#: Capital letters that look like Latin capitals, folded to them before case folding (Greek
#: ``Ν`` looks like ``N`` but its small letter ``ν`` like ``v``, so capitals come first).
CONFUSABLE_CAPITALS: dict[str, str] = {
    # Cyrillic
    "А": "A", "В": "B", "С": "C", "Е": "E", "Ё": "E", "Н": "H", "І": "I", "Ї": "I", "Ј": "J",
    "К": "K", "М": "M", "О": "O", "Р": "P", "Ѕ": "S", "Т": "T", "У": "Y", "Х": "X", "Ү": "Y",
    "Ԛ": "Q", "Ԝ": "W", "Ӏ": "I",
    # Greek
    "Α": "A", "Β": "B", "Ε": "E", "Ζ": "Z", "Η": "H", "Ι": "I", "Κ": "K", "Μ": "M", "Ν": "N",
    "Ο": "O", "Ρ": "P", "Τ": "T", "Υ": "Y", "Χ": "X", "Ϲ": "C", "Ϳ": "J",
}  # fmt: skip

#: Small letters that look like Latin ones, folded to them after case folding.
CONFUSABLES: dict[str, str] = {
    # Cyrillic
    "а": "a", "в": "b", "с": "c", "е": "e", "ё": "e", "һ": "h", "і": "i", "ї": "i", "ј": "j",
    "к": "k", "м": "m", "н": "h", "о": "o", "р": "p", "ѕ": "s", "т": "t", "у": "y", "х": "x",
    "ԁ": "d", "ԛ": "q", "ԝ": "w", "ү": "y", "ӏ": "l", "ь": "b",
    # Greek
    "α": "a", "β": "b", "γ": "y", "ε": "e", "ι": "i", "κ": "k", "ν": "v", "ο": "o", "ρ": "p",
    "σ": "o", "ς": "c", "τ": "t", "υ": "u", "χ": "x", "ω": "w", "ϲ": "c", "ϳ": "j",
    # Latin look-alikes
    "ı": "i", "ſ": "s", "ɑ": "a", "ɡ": "g", "ℓ": "l",
}  # fmt: skip

_CAPITALS = str.maketrans(CONFUSABLE_CAPITALS)
_FOLD = str.maketrans(CONFUSABLES)


def body_key(text: str) -> str:
    """``text`` folded to what it looks like: lower-case Latin letters and digits only.

    Parameters
    ----------
    text : str
        An id, acronym or name.

    Returns
    -------
    str
        The key; empty when ``text`` has no letter or digit.

    Examples
    --------
    >>> body_key("Deutsche Akkreditierungsstelle (DAkkS)")
    'deutscheakkreditierungsstelledakks'
    >>> body_key("ΑΝΑΒ")  # Greek capitals
    'anab'
    """
    folded = unicodedata.normalize("NFKC", text).translate(_CAPITALS).casefold()
    folded = unicodedata.normalize("NFKD", folded.translate(_FOLD))  # split off accents
    return "".join(ch for ch in folded if ch.isalnum() and not unicodedata.combining(ch))
