"""What clicking a node of a drawing does: a small menu to open its page or expand it in place.

A drawing is a page of its own (the app shows it in an ``<iframe>``, a visitor may save it as a
file). Clicking a node that has an IRI opens a menu at the pointer, "Open its page" and, when
the drawing is built with ``expand=True``, "Expand its neighbours here"; double-clicking opens
the page at once; the node list's links do the same as "Open its page".

The menu changes the *app's* address, not the frame's: it pushes the new address
(``entity=<IRI>`` on the app's entity page, or the current one plus ``expand=<IRI>``) onto the
app window's history and tells the app, as the browser does after Back (a ``popstate`` event),
so the app shows that view in the same session, the address bar shows its URL, and Back returns
to the view before. The frame may do this because the app's frame is same-origin. A saved file
has no app around it: the menu is not offered there and the node list's links are plain links.

Nothing from the data is written as HTML here: the menu's title is set with ``textContent``.

>>> "ag-menu" in MENU_HTML and "popstate" in click_script(expand=True)
True
"""

from __future__ import annotations

import json
import re

__all__ = ["MENU_CSS", "MENU_HTML", "click_script"]

#: The menu's markup: hidden until a node is clicked.
MENU_HTML = (
    '<div id="ag-menu" class="ag-menu" role="menu" hidden>'
    '<div class="ag-menu-title"></div>'
    '<button type="button" role="menuitem" data-action="open">Open its page</button>'
    '<button type="button" role="menuitem" data-action="expand">'
    "Expand its neighbours here</button></div>"
)

MENU_CSS = """
#ag-wrap { position: relative; }
.ag-menu { position: absolute; z-index: 10; background: #ffffff; border: 1px solid #9e9e9e;
  border-radius: 6px; box-shadow: 0 2px 8px rgba(0, 0, 0, 0.25); padding: 0.3em;
  font-size: 16px; min-width: 14em; }
.ag-menu[hidden] { display: none; }
.ag-menu-title { font-weight: 600; padding: 0.2em 0.4em; max-width: 22em; overflow: hidden;
  text-overflow: ellipsis; white-space: nowrap; }
.ag-menu button { display: block; width: 100%; text-align: left; font: inherit;
  background: none; border: 0; padding: 0.35em 0.4em; cursor: pointer; color: #0d47a1; }
.ag-menu button:hover, .ag-menu button:focus { background: #e3f2fd; }
"""

_SCRIPT = """
(function () {
  var EXPAND = %(expand)s, ENTITY_PAGE = %(page)s;
  var network = window.agNetwork, nodes = window.agNodes;
  var menu = document.getElementById("ag-menu");
  var chosen = null;
  function app() {  /* the app's window, when this drawing is shown inside the app */
    try {
      var w = window.parent;
      if (w && w !== window && w.history && w.location.pathname) { return w; }
    } catch (e) { /* another origin: no app to drive */ }
    return null;
  }
  function go(params, page) {
    var w = app(), query = params.toString();
    if (!w) { return false; }
    var url = new URL(page || w.location.pathname, w.location.href);
    url.search = query;
    url.hash = "";
    w.history.pushState({}, "", url.pathname + url.search);
    w.dispatchEvent(new PopStateEvent("popstate", {state: {}}));
    return true;
  }
  function openPage(iri) {
    var params = new URLSearchParams();
    params.set("entity", iri);
    return go(params, ENTITY_PAGE);
  }
  function expand(iri) {
    var w = app();
    var params = new URLSearchParams(w ? w.location.search : "");
    params.delete("in"); params.delete("out");
    if (params.getAll("expand").indexOf(iri) < 0) { params.append("expand", iri); }
    return go(params);
  }
  function hide() { menu.hidden = true; chosen = null; }
  function isIri(id) { return typeof id === "string" && /^https?:\\/\\//.test(id); }
  menu.querySelector('[data-action="expand"]').hidden = !EXPAND;
  menu.addEventListener("click", function (event) {
    var action = event.target.getAttribute("data-action"), iri = chosen;
    hide();
    if (iri && action === "open") { openPage(iri); }
    if (iri && action === "expand") { expand(iri); }
  });
  document.addEventListener("keydown", function (event) {
    if (event.key === "Escape") { hide(); }
  });
  network.on("click", function (event) {
    hide();
    if (event.nodes.length !== 1 || !isIri(event.nodes[0]) || !app()) { return; }
    chosen = event.nodes[0];
    var node = nodes.get(chosen) || {};
    menu.querySelector(".ag-menu-title").textContent = node.label || chosen;
    menu.hidden = false;
    var box = document.getElementById("ag-network");
    var x = Math.min(event.pointer.DOM.x + 8, Math.max(0, box.clientWidth - menu.offsetWidth));
    var y = Math.min(event.pointer.DOM.y + 8, Math.max(0, box.clientHeight - menu.offsetHeight));
    menu.style.left = x + "px";
    menu.style.top = y + "px";
    menu.querySelector("button").focus();
  });
  network.on("doubleClick", function (event) {
    hide();
    if (event.nodes.length === 1 && isIri(event.nodes[0])) { openPage(event.nodes[0]); }
  });
  network.on("dragStart", hide);
  network.on("zoom", hide);
  document.querySelectorAll("a[data-iri]").forEach(function (link) {
    link.addEventListener("click", function (event) {
      if (event.button !== 0 || event.ctrlKey || event.metaKey || event.shiftKey) { return; }
      if (openPage(link.getAttribute("data-iri"))) { event.preventDefault(); }
    });
  });
})();
"""


def click_script(*, expand: bool = False, entity_page: str = "") -> str:
    """The script that wires the menu to the drawing (after ``window.agNetwork`` exists);
    ``entity_page`` is the URL path of the app's entity page ("" for the page shown)."""
    page = entity_page if re.fullmatch(r"[A-Za-z0-9_-]{0,64}", entity_page) else ""
    return _SCRIPT % {"expand": json.dumps(bool(expand)), "page": json.dumps(page)}
