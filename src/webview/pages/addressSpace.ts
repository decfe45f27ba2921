// The topology page's address space section: the engine's default pools, how full each is and with
// which networks, the networks on subnets chosen by hand, overlaps with the host's routes, and the
// configuration for larger pools. Names are set as text, like everything else on the pages.
import type { AddressSpaceNetwork, AddressSpaceView } from '../../model/addressSpace';
import { code, copyButton, el, s, table } from './common';

function networkLine(n: AddressSpaceNetwork): HTMLElement {
  const notes = [
    n.project ? s('composeProjectOf', n.project) : '',
    n.containers === 1 ? s('oneContainer') : s('containerCount', n.containers),
  ].filter(Boolean);
  return el(
    'li',
    {},
    el('span', { class: 'network-name' }, n.name),
    ' ',
    code(n.subnet),
    el('span', { class: 'muted' }, ` · ${notes.join(' · ')}`),
    n.prunable ? el('span', { class: 'badge prunable', title: s('prunableHint') }, s('prunable')) : undefined,
  );
}

const networkList = (networks: readonly AddressSpaceNetwork[]) =>
  networks.length ? el('ul', { class: 'plain' }, ...networks.map(networkLine)) : el('span', { class: 'muted' }, '—');

function meter(used: number, total: number): HTMLElement {
  const share = total ? Math.min(1, used / total) : 1;
  const bar = el('span', {
    class: `meter${share >= 0.9 ? ' full' : ''}`,
    role: 'img',
    'aria-label': s('usedOf', used, total),
  });
  const fill = el('span', { class: 'meter-fill' });
  // Through the CSSOM: the page's policy allows no style attribute.
  fill.style.width = `${Math.round(share * 100)}%`;
  bar.appendChild(fill);
  return el('span', { class: 'usage' }, bar, ` ${s('usedOf', used, total)}`);
}

/** The section's summary line: how many more networks fit. */
export function addressSpaceSummary(v: AddressSpaceView): string {
  return v.fitsLeft === 1 ? s('fitsOne') : s('fitsLeft', v.fitsLeft);
}

export function renderAddressSpace(box: HTMLDetailsElement, v: AddressSpaceView): void {
  const routes = !v.routesChecked
    ? el('p', { class: 'muted' }, s('routesNotChecked'))
    : v.hostOverlaps.length
      ? table(
          s('hostRoutes'),
          [s('network'), s('subnet'), s('route'), s('device')],
          v.hostOverlaps.map((o) => [o.network, code(o.subnet), code(o.route), code(o.device)]),
        )
      : el('p', { class: 'muted' }, s('noRouteOverlaps'));
  const parts: (Node | undefined)[] = [
    el('summary', { class: v.warning ? 'warn' : '' }, `${s('addressSpace')} — ${addressSpaceSummary(v)}`),
    v.warning ? el('p', { class: 'warning', role: 'status' }, v.warning) : undefined,
    el('p', { class: 'muted' }, v.fromEngine ? s('poolsFromEngine') : s('poolsDefault')),
    table(
      s('defaultPools'),
      [s('pool'), s('subnetSize'), s('used'), s('networks')],
      v.pools.map((p) => [code(p.base), `/${p.size}`, meter(p.used, p.total), networkList(p.networks)]),
    ),
    v.outside.length ? el('h3', {}, s('outsidePools')) : undefined,
    v.outside.length ? networkList(v.outside) : undefined,
    el('h3', {}, s('hostRoutes')),
    routes,
    el('h3', {}, s('largerPools', v.config.file)),
    el(
      'div',
      { class: 'config' },
      el('pre', {}, code(v.config.text)),
      copyButton(v.config.text, s('copyConfig', v.config.file)),
    ),
  ];
  box.replaceChildren(...parts.filter((p): p is Node => !!p));
}
