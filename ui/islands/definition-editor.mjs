/*
 * The definition editor island: turns the plain <textarea name="source"> form into CodeMirror 6 with
 * YAML highlighting and the SERVER validator's diagnostics (debounced) in the gutter and in the
 * problems list. Tab is not bound, so Tab leaves the editor (no keyboard trap). Bundled by esbuild at
 * first request (ui/server/island-bundle.ts); the page works without it as a plain form.
 */
import { basicSetup, EditorView } from 'codemirror';
import { yaml } from '@codemirror/lang-yaml';
import { linter, lintGutter } from '@codemirror/lint';

const script = document.currentScript;
const nonce = script ? script.nonce || script.getAttribute('nonce') || '' : '';

function start() {
  const form = document.getElementById('definition-form');
  const textarea = document.getElementById('source');
  if (!form || !textarea) return;
  const csrf = form.querySelector('input[name="_csrf"]');
  const diagnosticsUrl = form.getAttribute('data-diagnostics-url');
  const list = document.getElementById('diagnostics-list');
  const summary = document.getElementById('diagnostics-summary');

  function showProblems(problems) {
    if (!list || !summary) return;
    list.replaceChildren(
      ...problems.map((p) => {
        const item = document.createElement('li');
        item.className = `cf-diagnostic cf-diagnostic--${p.severity}`;
        item.textContent = `${p.line}:${p.col} ${p.severity} ${p.code}: ${p.message}`;
        return item;
      }),
    );
    const errors = problems.filter((p) => p.severity === 'error').length;
    summary.textContent =
      problems.length === 0 ? 'No problems found.' : `${errors} error(s), ${problems.length - errors} warning(s).`;
  }

  async function diagnose(view) {
    const body = new URLSearchParams({ _csrf: csrf ? csrf.value : '', source: view.state.doc.toString() });
    const response = await fetch(diagnosticsUrl, {
      method: 'POST',
      body,
      headers: { Accept: 'application/json' },
      credentials: 'same-origin',
    });
    if (!response.ok) return [];
    const report = await response.json();
    const problems = Array.isArray(report.problems) ? report.problems : [];
    showProblems(problems);
    const doc = view.state.doc;
    return problems.map((p) => {
      const line = doc.line(Math.min(Math.max(1, p.line || 1), doc.lines));
      const from = Math.min(line.from + Math.max(0, (p.col || 1) - 1), line.to);
      return {
        from,
        to: Math.max(from, line.to),
        severity: p.severity === 'error' ? 'error' : 'warning',
        message: `${p.code}: ${p.message}`,
        source: 'civicflow validate',
      };
    });
  }

  const view = new EditorView({
    doc: textarea.value,
    extensions: [
      basicSetup,
      yaml(),
      EditorView.lineWrapping,
      lintGutter(),
      linter(diagnose, { delay: 600 }),
      EditorView.cspNonce.of(nonce),
      EditorView.contentAttributes.of({ 'aria-label': 'Definition YAML', 'aria-describedby': 'source-hint' }),
      EditorView.updateListener.of((update) => {
        if (update.docChanged) textarea.value = update.state.doc.toString();
      }),
    ],
  });
  textarea.hidden = true;
  textarea.setAttribute('aria-hidden', 'true');
  textarea.tabIndex = -1;
  textarea.insertAdjacentElement('afterend', view.dom);
  view.dom.classList.add('cf-editor');
  form.addEventListener('submit', () => {
    textarea.value = view.state.doc.toString();
  });

  // A step in the diagram jumps to its line in the editor.
  document.querySelectorAll('[data-line]').forEach((link) => {
    link.addEventListener('click', (event) => {
      const wanted = Number(link.getAttribute('data-line'));
      if (!wanted) return;
      event.preventDefault();
      const line = view.state.doc.line(Math.min(wanted, view.state.doc.lines));
      view.dispatch({ selection: { anchor: line.from }, scrollIntoView: true });
      view.focus();
    });
  });
  document.documentElement.setAttribute('data-editor', 'ready');
}

start();
