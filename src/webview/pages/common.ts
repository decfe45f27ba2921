// Building blocks of the pages. Every value from the engine goes into the page as text
// (textContent or a text attribute), never as HTML.
import type { FromPanel, ToPanel } from '../protocol';

interface VsCodeApi {
  postMessage(message: FromPanel): void;
  getState(): unknown;
  setState(state: unknown): void;
}
declare function acquireVsCodeApi(): VsCodeApi;

export const vscode = acquireVsCodeApi();

let strings: Record<string, string> = {};

export function setStrings(s: Record<string, string>): void {
  strings = s;
}

/** A UI string; `{0}`… replaced by the arguments. */
export function s(key: string, ...args: (string | number)[]): string {
  return (strings[key] ?? key).replace(/\{(\d+)\}/g, (m, i: string) => String(args[Number(i)] ?? m));
}

type Child = Node | string | undefined | false | null;

export function el<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  attrs: Record<string, string> = {},
  ...children: Child[]
): HTMLElementTagNameMap[K] {
  const node = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) node.setAttribute(k, v);
  append(node, children);
  return node;
}

/** A custom element (vscode-elements) with text-only attributes and children. */
export function custom(tag: string, attrs: Record<string, string> = {}, ...children: Child[]): HTMLElement {
  const node = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) node.setAttribute(k, v);
  append(node, children);
  return node;
}

function append(node: Node, children: Child[]): void {
  for (const c of children) {
    if (c === undefined || c === null || c === false) continue;
    node.appendChild(typeof c === 'string' ? document.createTextNode(c) : c);
  }
}

export function icon(name: string): HTMLElement {
  return el('span', { class: `codicon codicon-${name}`, 'aria-hidden': 'true' });
}

/** A button that posts a message (or runs `onClick`). */
export function button(
  label: string,
  iconName: string | undefined,
  onClick: () => void,
  secondary = false,
): HTMLElement {
  const b = custom('vscode-button', secondary ? { secondary: '' } : {}, label);
  if (iconName) b.setAttribute('icon', iconName);
  b.addEventListener('click', onClick);
  return b;
}

/** A small icon-only button with an accessible label. */
export function iconButton(label: string, iconName: string, onClick: () => void): HTMLElement {
  const b = el('button', { class: 'icon-button', title: label, 'aria-label': label, type: 'button' }, icon(iconName));
  b.addEventListener('click', onClick);
  return b;
}

export function copyButton(text: string, label = s('copy')): HTMLElement {
  return iconButton(label, 'copy', () => vscode.postMessage({ type: 'copy', text }));
}

export function code(text: string): HTMLElement {
  return el('code', {}, text);
}

/** A table with a header row; each cell is text or nodes. */
export function table(caption: string, headers: string[], rows: Child[][], empty?: string): HTMLElement {
  if (!rows.length && empty) return el('p', { class: 'muted' }, empty);
  const t = el('table', {}, el('caption', { class: 'visually-hidden' }, caption));
  t.appendChild(el('thead', {}, el('tr', {}, ...headers.map((h) => el('th', { scope: 'col' }, h)))));
  const body = el('tbody');
  for (const r of rows) body.appendChild(el('tr', {}, ...r.map((c) => el('td', {}, c))));
  t.appendChild(body);
  return t;
}

export function pairsTable(caption: string, pairs: [string, string][]): HTMLElement {
  return table(
    caption,
    [s('key'), s('value')],
    pairs.map(([k, v]) => [code(k), code(v)]),
    s('none'),
  );
}

export function list(values: string[]): HTMLElement | string {
  return values.length ? el('span', {}, ...values.flatMap((v, i) => [i ? ', ' : '', code(v)])) : '';
}

export function section(title: string, ...children: Child[]): HTMLElement {
  const id = `s-${title.replace(/\W+/g, '-').toLowerCase()}`;
  return el('section', { 'aria-labelledby': id }, el('h2', { id }, title), ...children);
}

export function facts(entries: [string, Child][]): HTMLElement {
  const dl = el('dl');
  for (const [k, v] of entries) if (v !== undefined && v !== '') dl.append(el('dt', {}, k), el('dd', {}, v));
  return dl;
}

/** Shows a problem above everything (role=alert), or removes it. */
export function problem(root: HTMLElement, message: string | undefined): void {
  let box = document.getElementById('problem');
  if (!message) {
    box?.remove();
    return;
  }
  if (!box) {
    box = el('div', { id: 'problem', class: 'problem', role: 'alert' });
    root.prepend(box);
  }
  box.replaceChildren(icon('warning'), ' ', message);
}

/** Listens for the extension's messages, accepting only well-formed ones. */
export function onMessage(handler: (message: ToPanel) => void): void {
  window.addEventListener('message', (event: MessageEvent<unknown>) => {
    const data = event.data as ToPanel | undefined;
    if (!data || typeof data !== 'object' || typeof data.type !== 'string') return;
    handler(data);
  });
}
