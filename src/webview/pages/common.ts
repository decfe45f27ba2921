// Building blocks of the pages. Every value from the engine goes into the page as text
// (textContent or a text attribute), never as HTML, its control characters and bidi overrides
// shown as marks (an override would make a name read as another).
import { visibleControls } from '../../util/controls';
import { FIRST_MESSAGES_ID, FIRST_SHOWN_MARK, type FromPanel, type ToPanel } from '../protocol';

interface VsCodeApi {
  postMessage(message: FromPanel): void;
  getState(): unknown;
  setState(state: unknown): void;
}
declare function acquireVsCodeApi(): VsCodeApi;

export const vscode = acquireVsCodeApi();

/** Runs `f` once the page has loaded (at once if it has). */
function afterLoad(f: () => void): void {
  if (document.readyState === 'complete') f();
  else window.addEventListener('load', () => f(), { once: true });
}

// The icons' styles come linked disabled (the frame is shown at the page's load event, which a
// file being fetched holds back): fetched once the page has loaded. Their place is kept meanwhile
// (see .codicon in the page's styles), so nothing moves when they come.
afterLoad(() => document.getElementById('vscode-codicon-stylesheet')?.removeAttribute('disabled'));

let strings: Record<string, string> = {};

export function setStrings(s: Record<string, string>): void {
  strings = s;
}

/** A UI string; `{0}`… replaced by the arguments. */
export function s(key: string, ...args: (string | number)[]): string {
  return (strings[key] ?? key).replace(/\{(\d+)\}/g, (m, i: string) => String(args[Number(i)] ?? m));
}

export type Child = Node | string | undefined | false | null;

export function el<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  attrs: Record<string, string> = {},
  ...children: Child[]
): HTMLElementTagNameMap[K] {
  const node = document.createElement(tag);
  setAttributes(node, attrs);
  append(node, children);
  return node;
}

/** Attributes as text; `data-*` as they are (the page's own keys, never shown). */
function setAttributes(node: Element, attrs: Record<string, string>): void {
  for (const [k, v] of Object.entries(attrs)) node.setAttribute(k, k.startsWith('data-') ? v : visibleControls(v));
}

/** A custom element (vscode-elements) with text-only attributes and children. */
export function custom(tag: string, attrs: Record<string, string> = {}, ...children: Child[]): HTMLElement {
  const node = document.createElement(tag);
  setAttributes(node, attrs);
  append(node, children);
  return node;
}

/** A text node of `text` as it is shown. */
const text = (value: string): Text => document.createTextNode(visibleControls(value));

function append(node: Node, children: Child[]): void {
  for (const c of children) {
    if (c === undefined || c === null || c === false) continue;
    node.appendChild(typeof c === 'string' ? text(c) : c);
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
  // The icon in the page, not the button's own (vscode-icon fetches the icons' styles into its
  // shadow root as it is drawn, before the page has loaded).
  const before = iconName ? icon(iconName) : undefined;
  before?.setAttribute('slot', 'content-before');
  const b = custom('vscode-button', secondary ? { secondary: '' } : {}, before, label);
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

/**
 * A table with a header row; each cell is text or nodes. Its parts say what they are (role): a
 * table laid out otherwise (keptTable's) is no longer one to assistive technology by its layout.
 */
export function table(caption: string, headers: string[], rows: Child[][], empty?: string): HTMLElement {
  if (!rows.length && empty) return el('p', { class: 'muted' }, empty);
  return el(
    'table',
    { role: 'table', 'aria-label': caption },
    el('caption', { class: 'visually-hidden' }, caption),
    el(
      'thead',
      { role: 'rowgroup' },
      el('tr', { role: 'row' }, ...headers.map((h) => el('th', { scope: 'col', role: 'columnheader' }, h))),
    ),
    el('tbody', { role: 'rowgroup' }, ...rows.map(tableRow)),
  );
}

/** A table's row of cells. */
function tableRow(cells: Child[]): HTMLElement {
  return el('tr', { role: 'row' }, ...cells.map((c) => el('td', { role: 'cell' }, c)));
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

const wellFormed = (data: unknown): data is ToPanel =>
  !!data && typeof data === 'object' && typeof (data as { type?: unknown }).type === 'string';

/**
 * Listens for the extension's messages, accepting only well-formed ones, after handing `handler`
 * those the page's HTML came with: true when there were some. Not in a page made again (shown after
 * being hidden: it has the state its first page kept), whose HTML's messages are old.
 */
export function onMessage(handler: (message: ToPanel) => void): boolean {
  window.addEventListener('message', (event: MessageEvent<unknown>) => {
    if (wellFormed(event.data)) handler(event.data);
  });
  const first = document.getElementById(FIRST_MESSAGES_ID);
  if (!first || vscode.getState() !== undefined) return false;
  let messages: unknown;
  try {
    messages = JSON.parse(first.textContent ?? '');
  } catch {
    return false;
  }
  if (!Array.isArray(messages) || !messages.length || !messages.every(wellFormed)) return false;
  for (const m of messages) handler(m);
  performance.mark(FIRST_SHOWN_MARK);
  return true;
}

/**
 * Parts of a page kept between renders: a part is made again only when what it is made from
 * changed (compared as JSON), so an update that changes one row of 500 makes one row, and the
 * browser lays out what changed instead of the whole page. What a part's handlers use must be in
 * its inputs.
 */
export class Kept {
  private last = new Map<string, { inputs: string; node: HTMLElement }>();
  private next = new Map<string, { inputs: string; node: HTMLElement }>();

  /** The part `key` made from `inputs`: last render's if they are the same, else `make()`. */
  part<T extends HTMLElement>(key: string, inputs: unknown, make: () => T): T {
    const json = JSON.stringify(inputs) ?? '';
    const old = this.last.get(key);
    const node = old && old.inputs === json ? (old.node as T) : make();
    this.next.set(key, { inputs: json, node });
    return node;
  }

  /** Ends a render: parts not asked for in it are forgotten. */
  done(): void {
    this.last = this.next;
    this.next = new Map();
  }
}

/**
 * Makes `parent`'s children exactly `nodes`, moving only what moved: children that stay are not
 * taken out and put back (which would lay them out again).
 */
export function setChildren(parent: Element, nodes: readonly Node[]): void {
  const keep = new Set(nodes);
  for (const child of [...parent.childNodes]) if (!keep.has(child)) child.remove();
  nodes.forEach((node, i) => {
    const at = parent.childNodes[i];
    if (at !== node) parent.insertBefore(node, at ?? null);
  });
}

/** A section that stays one element across renders (its table rows are not moved to a new one). */
export function keptSection(kept: Kept, key: string, title: string, ...children: Child[]): HTMLElement {
  const id = `s-${key}`;
  const node = kept.part(key, null, () => el('section', { 'aria-labelledby': id }));
  const heading = kept.part(`${key}:h2`, title, () => el('h2', { id }, title));
  setChildren(node, [heading, ...children.flatMap((c) => (!c ? [] : [typeof c === 'string' ? text(c) : c]))]);
  return node;
}

/**
 * `table` whose rows are kept by key between renders (see Kept): `inputs` is what a row shows. Its
 * rows are laid out each on its own, in columns of set widths (`columns`, a class of the page's
 * styles), and those out of sight not at all (content-visibility), so a list of 500 costs the
 * browser what the rows on screen cost, at first and on a change.
 */
export function keptTable(
  kept: Kept,
  key: string,
  caption: string,
  headers: string[],
  rows: { key: string; inputs: unknown; cells: () => Child[] }[],
  empty: string,
  columns: string,
): HTMLElement {
  if (!rows.length) return kept.part(`${key}:empty`, empty, () => el('p', { class: 'muted' }, empty));
  const t = kept.part(key, [caption, headers, columns], () => {
    const made = table(caption, headers, []);
    made.classList.add('rows', columns);
    return made;
  });
  setChildren(
    t.querySelector('tbody')!,
    rows.map((r) => kept.part(`${key}/${r.key}`, r.inputs, () => tableRow(r.cells()))),
  );
  return t;
}
