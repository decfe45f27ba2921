// The page of the wider looks: a network's reachability matrix (rows reach columns; each cell by
// name and by address, the reason on hover and for screen readers), a container's names per
// network with what each resolved to, and its ports with how they listen.
import type { ProbeStatus, ProbeView } from '../protocol';
import { code, el, facts, icon, list, s, section, table, vscode } from './common';
import { runStatus, runToolbar } from './run';

const MARK = { pass: 'pass', fail: 'error', skip: 'circle-slash' } as const;

function mark(status: ProbeStatus, label: string): HTMLElement {
  return el(
    'span',
    { class: `mark mark-${status}` },
    icon(MARK[status] ?? 'question'),
    el('span', { class: 'mark-label' }, label),
  );
}

function matrix(v: NonNullable<ProbeView['matrix']>): HTMLElement {
  const cell = (from: string, to: string) => v.cells.find((c) => c.from === from && c.to === to);
  const t = el('table', { class: 'matrix' }, el('caption', { class: 'visually-hidden' }, s('matrixCaption')));
  t.appendChild(
    el(
      'thead',
      {},
      el('tr', {}, el('th', { scope: 'col' }, s('fromTo')), ...v.containers.map((c) => el('th', { scope: 'col' }, c))),
    ),
  );
  const body = el('tbody');
  for (const from of v.containers) {
    const row = el('tr', {}, el('th', { scope: 'row' }, from));
    for (const to of v.containers) {
      const c = cell(from, to);
      if (!c) {
        row.appendChild(el('td', { class: 'self' }, '—'));
        continue;
      }
      const said = `${from} → ${to}: ${s('byName')} ${s(`status.${c.byName}`)}, ${s('byAddress')} ${s(`status.${c.byAddress}`)}. ${c.detail}`;
      row.appendChild(
        el(
          'td',
          { title: c.detail, 'aria-label': said, tabindex: '0', 'data-from': from, 'data-to': to },
          mark(c.byName, s('byName')),
          mark(c.byAddress, s('byAddress')),
        ),
      );
    }
    body.appendChild(row);
  }
  t.appendChild(body);
  return el(
    'div',
    {},
    el('p', { class: 'muted' }, s('matrixHint')),
    t,
    v.leftOut.length ? el('p', { class: 'muted' }, s('leftOut', v.leftOut.join(', '))) : undefined,
  );
}

function names(v: NonNullable<ProbeView['names']>): HTMLElement[] {
  if (!v.length) return [el('p', { class: 'muted' }, s('noNetworks'))];
  return v.map((n) =>
    section(
      n.network,
      n.none
        ? el('p', { class: 'muted' }, n.none)
        : table(
            n.network,
            [s('name'), s('kind'), s('of'), s('expected'), s('resolved'), s('status')],
            n.names.map((x) => [
              code(x.name),
              s(`nameKind.${x.kind}`),
              x.owner,
              list(x.expected),
              list(x.resolved),
              mark(x.status, s(`status.${x.status}`)),
            ]),
            s('none'),
          ),
    ),
  );
}

function ports(v: NonNullable<ProbeView['ports']>): HTMLElement {
  return el(
    'div',
    {},
    v.onlyInternal ? el('p', { class: 'problem-inline' }, icon('warning'), ' ', s('onlyInternal')) : undefined,
    table(
      s('ports'),
      [s('port'), s('published'), s('listening'), s('warnings')],
      v.ports.map((p) => [
        code(`${p.port}/${p.protocol}`),
        p.published.length ? list(p.published) : p.declared ? s('notPublished') : s('notDeclared'),
        el(
          'span',
          { class: `listening listening-${p.listening.kind}` },
          s(`listening.${p.listening.kind}`),
          p.listening.addresses.length ? ' ' : '',
          list(p.listening.addresses),
        ),
        p.warnings.length
          ? el('ul', { class: 'plain' }, ...p.warnings.map((w) => el('li', {}, icon('warning'), ' ', w)))
          : '',
      ]),
      s('noPorts'),
    ),
  );
}

export function renderProbe(root: HTMLElement, v: ProbeView): void {
  vscode.setState({ engine: v.engine, kind: v.kind, subject: v.subjectId, subjectName: v.subject });
  const header = el(
    'header',
    {},
    el('h1', {}, s(`probe.${v.kind}`, v.subject)),
    facts([
      [s('engine'), v.engine],
      [s('checked'), v.tookMs !== undefined && v.finishedAt ? s('took', v.tookMs, v.finishedAt) : ''],
    ]),
  );
  const state = runStatus(v.state, v.message);
  const toolbar = runToolbar(v.state);
  root.replaceChildren(header);
  if (state) root.append(state);
  root.append(toolbar);
  if (v.state !== 'done') return;
  if (v.matrix) root.append(matrix(v.matrix));
  if (v.names) root.append(...names(v.names));
  if (v.ports) root.append(ports(v.ports));
}
