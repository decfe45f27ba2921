// The inspect panel's page. Everything it shows comes from the engine and may be hostile: it is
// only ever set with textContent, never parsed as HTML.
import type { FromInspectPanel, InspectStrings, ToInspectPanel } from '../protocol';
import './inspect.css';

interface VsCodeApi {
  postMessage(message: FromInspectPanel): void;
}
declare function acquireVsCodeApi(): VsCodeApi;

const vscode = acquireVsCodeApi();

function el<K extends keyof HTMLElementTagNameMap>(tag: K, text?: string, className?: string): HTMLElementTagNameMap[K] {
  const node = document.createElement(tag);
  if (text !== undefined) node.textContent = text;
  if (className) node.className = className;
  return node;
}

const root = document.getElementById('root')!;
let strings: InspectStrings | undefined;

function render(message: ToInspectPanel): void {
  switch (message.type) {
    case 'init':
      strings = message.strings;
      root.replaceChildren(el('p', strings.loading, 'muted'));
      return;
    case 'problem': {
      const existing = document.getElementById('problem');
      const box = existing ?? el('p', undefined, 'problem');
      box.id = 'problem';
      box.setAttribute('role', 'alert');
      box.textContent = message.message;
      if (!existing) root.prepend(box);
      return;
    }
    case 'network': {
      const s = strings;
      if (!s) return;
      const header = el('header');
      header.append(el('h1', message.header.name));
      const facts = el('dl');
      for (const [label, value] of [
        [s.driver, message.header.driver],
        [s.scope, message.header.scope],
        [s.id, message.header.id],
        [s.updated, message.updatedAt],
      ] as const) {
        facts.append(el('dt', label), el('dd', value));
      }
      header.append(facts);
      const pre = el('pre');
      pre.append(el('code', message.json));
      pre.tabIndex = 0;
      pre.setAttribute('aria-label', s.rawJson);
      root.replaceChildren(header, el('h2', s.rawJson), pre);
      return;
    }
  }
}

window.addEventListener('message', (event: MessageEvent<unknown>) => {
  const data = event.data as ToInspectPanel | undefined;
  if (!data || typeof data !== 'object' || typeof data.type !== 'string') return;
  render(data);
});

vscode.postMessage({ type: 'ready' });
