// The diagnosis panel's page: the question, the verdict, then each check in order with its
// status (an icon and a word, for screen readers too), its detail, its fix and its evidence.
import type { DiagnosisView } from '../protocol';
import { button, code, copyButton, el, facts, icon, s, section, vscode } from './common';
import { runStatus, runToolbar } from './run';

const STATUS_ICON = { pass: 'pass', fail: 'error', skip: 'circle-slash' } as const;

function check(c: DiagnosisView['checks'][number]): HTMLElement {
  const item = el(
    'li',
    { class: `check check-${c.status}`, 'data-check': c.id },
    el(
      'div',
      { class: 'check-head' },
      icon(STATUS_ICON[c.status]),
      el('span', { class: 'visually-hidden' }, `${s(`status.${c.status}`)}: `),
      el('span', { class: 'check-title' }, c.title),
    ),
    c.detail && el('p', { class: 'check-detail' }, c.detail),
    c.fix &&
      el(
        'div',
        { class: 'toolbar' },
        button(c.fix, 'wrench', () => vscode.postMessage({ type: 'fix', check: c.id })),
      ),
  );
  for (const e of c.evidence) {
    item.appendChild(
      el(
        'details',
        { class: 'evidence' },
        el('summary', {}, code(e.command)),
        el(
          'div',
          { class: 'evidence-body' },
          el('pre', { tabindex: '0', 'aria-label': s('evidence') }, el('code', {}, e.output || '—')),
          copyButton(`$ ${e.command}\n${e.output}`, s('copyOutput')),
        ),
      ),
    );
  }
  return item;
}

export function renderDiagnosis(root: HTMLElement, v: DiagnosisView): void {
  vscode.setState({
    engine: v.engine,
    source: v.sourceId,
    sourceName: v.source,
    target: v.target,
    port: v.port === undefined ? '' : String(v.port),
    protocol: v.protocol,
  });
  const to = v.port === undefined ? v.target : `${v.target}:${v.port}/${v.protocol}`;
  const header = el(
    'header',
    {},
    el('h1', {}, s('diagnosisTitle', v.source, to)),
    facts([
      [s('from'), code(v.source)],
      [s('to'), code(v.target)],
      [s('port'), v.port === undefined ? s('noPort') : code(`${v.port}/${v.protocol}`)],
      [s('engine'), v.engine],
      [s('checked'), v.tookMs !== undefined && v.finishedAt ? s('took', v.tookMs, v.finishedAt) : ''],
    ]),
  );
  const verdict = runStatus(
    v.state,
    v.message,
    el(
      'p',
      { class: `verdict ${v.reachable ? 'pass' : 'fail'}`, role: 'status' },
      icon(v.reachable ? 'pass-filled' : 'error'),
      ' ',
      v.verdict ?? '',
    ),
  )!;
  const toolbar = runToolbar(v.state);
  root.replaceChildren(header, verdict, toolbar);
  if (v.checks.length) root.append(section(s('checks'), el('ol', { class: 'checks' }, ...v.checks.map(check))));
}
