// The SPARQL editor of the SPARQL page: CodeMirror 6 with the SPARQL mode of
// @codemirror/legacy-modes, completion of this graph's prefixes, classes and properties, the
// syntax error drawn on its line and column, and Run (Ctrl+Enter). A Streamlit component (the
// v1 iframe protocol, spoken directly: no streamlit-component-lib, no React).
import { EditorView, keymap, lineNumbers, highlightActiveLine } from "@codemirror/view";
import { EditorState } from "@codemirror/state";
import { StreamLanguage, syntaxHighlighting, defaultHighlightStyle, bracketMatching } from "@codemirror/language";
import { sparql } from "@codemirror/legacy-modes/mode/sparql";
import { autocompletion, closeBrackets } from "@codemirror/autocomplete";
import { setDiagnostics, lintGutter } from "@codemirror/lint";
import { defaultKeymap, history, historyKeymap, indentWithTab } from "@codemirror/commands";

let view = null;
let runs = 0;
let words = [];
let lastText = null;
let timer = null;
let given = null; // the last text the page gave: a new one replaces what is in the editor

function send(type, extra) {
  window.parent.postMessage(Object.assign({ isStreamlitMessage: true, type }, extra), "*");
}

function report(run) {
  clearTimeout(timer);
  if (run) runs += 1;
  const text = view.state.doc.toString();
  lastText = text;
  send("streamlit:setComponentValue", { value: { text, runs }, dataType: "json" });
}

// Completion: the word before the cursor, prefixed names included (ag:Cert…, ?var).
function complete(context) {
  const word = context.matchBefore(/[\w:-]+/);
  if (!word || (word.from === word.to && !context.explicit)) return null;
  return { from: word.from, options: words, validFor: /^[\w:-]*$/ };
}

function showError(error) {
  if (!view) return;
  if (!error) {
    view.dispatch(setDiagnostics(view.state, []));
    return;
  }
  const doc = view.state.doc;
  const line = doc.line(Math.min(Math.max(1, error.line), doc.lines));
  const from = Math.min(line.from + Math.max(0, error.column - 1), line.to);
  const to = Math.min(Math.max(from + 1, line.to), doc.length);
  view.dispatch(setDiagnostics(view.state, [{ from, to: Math.max(from, to), severity: "error", message: error.message }]));
}

function make(args) {
  const parent = document.getElementById("editor");
  view = new EditorView({
    parent,
    state: EditorState.create({
      doc: args.text || "",
      extensions: [
        lineNumbers(),
        history(),
        highlightActiveLine(),
        bracketMatching(),
        closeBrackets(),
        StreamLanguage.define(sparql),
        syntaxHighlighting(defaultHighlightStyle),
        autocompletion({ override: [complete], activateOnTyping: true, maxRenderedOptions: 60 }),
        lintGutter(),
        keymap.of([
          { key: "Mod-Enter", run: () => { report(true); return true; } },
          ...defaultKeymap, ...historyKeymap, indentWithTab,
        ]),
        EditorView.updateListener.of((u) => {
          if (u.docChanged) {
            clearTimeout(timer);
            timer = setTimeout(() => report(false), 700);
          }
        }),
        EditorView.domEventHandlers({ blur: () => { if (view.state.doc.toString() !== lastText) report(false); } }),
        EditorView.theme({
          "&": { height: args.height + "px", fontSize: "15px", border: "1px solid #d6d6d9", borderRadius: "6px" },
          ".cm-scroller": { fontFamily: "ui-monospace, SFMono-Regular, Menlo, Consolas, monospace" },
        }),
      ],
    }),
  });
  lastText = args.text || "";
  document.getElementById("run").addEventListener("click", () => report(true));
}

window.addEventListener("message", (event) => {
  const data = event.data;
  if (!data || data.type !== "streamlit:render") return;
  const args = data.args || {};
  words = args.completions || [];
  if (!view) {
    runs = args.runs || 0;
    given = args.text;
    make(args);
  } else if (args.text !== given) {
    // the page gave a new text (a URL opened, an example chosen); typing never comes back here
    given = args.text;
    view.dispatch({ changes: { from: 0, to: view.state.doc.length, insert: args.text || "" } });
    lastText = args.text;
  }
  showError(args.error);
  document.getElementById("run").textContent = args.run_label || "Run";
  send("streamlit:setFrameHeight", { height: document.body.scrollHeight });
});

send("streamlit:componentReady", { apiVersion: 1 });
