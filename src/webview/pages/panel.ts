// The network and container panels' page: a header, an Overview tab of tables and a Raw JSON tab.
// The skeleton is built once; updates replace the contents, so the chosen tab and focus stay.
import '@vscode-elements/elements/dist/vscode-badge/index.js';
import '@vscode-elements/elements/dist/vscode-button/index.js';
import '@vscode-elements/elements/dist/vscode-tab-header/index.js';
import '@vscode-elements/elements/dist/vscode-tab-panel/index.js';
import '@vscode-elements/elements/dist/vscode-tabs/index.js';
import type { ContainerView, NetworkView, PlumbingView, ToPanel } from '../protocol';
import {
  button,
  code,
  copyButton,
  custom,
  el,
  facts,
  iconButton,
  Kept,
  keptSection,
  keptTable,
  list,
  onMessage,
  pairsTable,
  problem,
  s,
  section,
  setChildren,
  setStrings,
  table,
  vscode,
} from './common';
import { applyNetworkPatch } from '../viewPatch';
import { renderDiagnosis } from './diagnosis';
import { renderProbe } from './probe';
import './controls.css';
import './panel.css';

const root = document.getElementById('root')!;

interface Skeleton {
  header: HTMLElement;
  overview: HTMLElement;
  json: HTMLElement;
}
let skeleton: Skeleton | undefined;
/** The network page's parts, kept between its renders. */
const kept = new Kept();
/** The network view shown, and its number: updates come as changes from it. */
let shownNetwork: { view: NetworkView; seq?: number } | undefined;
/** An update did not fit the view shown: the whole view was asked for, and updates wait for it. */
let asked = false;

function showNetwork(view: NetworkView, seq: number | undefined, updatedAt: string): void {
  shownNetwork = { view, seq };
  root.classList.remove('gone');
  renderNetwork(view, updatedAt);
  problem(root, undefined);
}

function build(): Skeleton {
  const header = el('header');
  const overview = el('div', { class: 'overview' });
  const json = el('div', { class: 'raw' });
  const tabs = custom(
    'vscode-tabs',
    {},
    custom('vscode-tab-header', { slot: 'header' }, s('overview')),
    custom('vscode-tab-panel', {}, overview),
    custom('vscode-tab-header', { slot: 'header' }, s('rawJson')),
    custom('vscode-tab-panel', {}, json),
  );
  root.replaceChildren(header, tabs);
  return { header, overview, json };
}

function badge(text: string): HTMLElement {
  return custom('vscode-badge', { variant: 'default' }, text);
}

function jsonToolbar(text: string): HTMLElement {
  return el(
    'div',
    { class: 'toolbar' },
    button(s('copyJson'), 'copy', () => vscode.postMessage({ type: 'copy', text }), true),
    button(s('openJson'), 'go-to-file', () => vscode.postMessage({ type: 'openJson' }), true),
  );
}

function jsonText(text: string): HTMLElement {
  return el('pre', { tabindex: '0', 'aria-label': s('rawJson') }, el('code', {}, text));
}

function rawJson(target: HTMLElement, text: string): void {
  target.replaceChildren(jsonToolbar(text), jsonText(text));
}

function idFact(id: string): HTMLElement {
  return el('span', { class: 'id' }, code(id), copyButton(id, s('copyId')));
}

function renderNetwork(v: NetworkView, updatedAt: string): void {
  const sk = (skeleton ??= build());
  vscode.setState({ engine: v.engine, networkId: v.id, networkName: v.name });
  const flags = [
    v.builtIn && s('builtIn'),
    v.internal && s('internal'),
    v.attachable && s('attachable'),
    v.ingress && s('ingress'),
    v.ipv6 && s('ipv6'),
    v.configOnly && s('configOnly'),
  ].filter((f): f is string => !!f);
  sk.header.replaceChildren(
    el('h1', {}, v.name),
    facts([
      [s('driver'), v.driver],
      [s('scope'), v.scope],
      [s('id'), idFact(v.id)],
      [s('created'), v.created],
      [s('configFrom'), v.configFrom],
      [
        v.compose?.kind === 'stack' ? s('swarmStack') : s('composeProject'),
        v.compose
          ? v.compose.network
            ? s('inFile', v.compose.project, v.compose.network)
            : v.compose.project
          : undefined,
      ],
      [s('flags'), flags.length ? el('span', { class: 'badges' }, ...flags.map(badge)) : undefined],
      [s('updated'), updatedAt],
    ]),
  );

  // A network's page is redrawn on every change of it (a connect among 500 containers): only the
  // parts whose data changed are made again.
  const containerRows = v.containers.map((c) => ({
    key: c.id,
    inputs: [c, v.id, v.connectable],
    cells: () => [
      el(
        'span',
        {},
        c.name,
        c.sharedFrom ? el('span', { class: 'muted' }, ` (${s('shares', c.sharedFrom)})`) : undefined,
      ),
      el('span', { class: `state state-${c.state}` }, c.state),
      c.ipv4 ?? '',
      c.ipv6 ?? '',
      c.mac ?? '',
      list([...c.aliases, ...c.dnsNames.filter((d) => !c.aliases.includes(d))]),
      c.endpointId ? code(c.endpointId.slice(0, 12)) : '',
      el(
        'span',
        { class: 'actions' },
        iconButton(`${s('inspectContainer')}: ${c.name}`, 'symbol-structure', () =>
          vscode.postMessage({ type: 'inspectContainer', container: c.id }),
        ),
        !c.sharedFrom && v.connectable
          ? iconButton(`${s('disconnect')}: ${c.name}`, 'debug-disconnect', () =>
              vscode.postMessage({ type: 'disconnect', network: v.id, container: c.id }),
            )
          : undefined,
      ),
    ],
  }));
  const parts: HTMLElement[] = [
    keptSection(
      kept,
      'containers',
      `${s('containers')} (${v.containers.length})`,
      v.connectable
        ? kept.part('containers:toolbar', null, () =>
            el(
              'div',
              { class: 'toolbar' },
              button(s('connect'), 'plug', () => vscode.postMessage({ type: 'connect' })),
              button(
                s('showReachability'),
                'type-hierarchy',
                () => vscode.postMessage({ type: 'probe', kind: 'matrix' }),
                true,
              ),
            ),
          )
        : undefined,
      keptTable(
        kept,
        'containers:table',
        s('containers'),
        [s('name'), s('state'), 'IPv4', 'IPv6', s('mac'), s('aliases'), s('endpoint'), s('actions')],
        containerRows,
        s('noContainers'),
        'containers',
      ),
    ),
    kept.part('ipam', [v.ipam, v.editable], () => ipamSection(v)),
  ];
  if (v.plumbing) parts.push(plumbingSection(v.plumbing));
  if (v.swarm) parts.push(kept.part('swarm', v.swarm, () => swarmSection(v.swarm!)));
  parts.push(
    kept.part('options', v.options, () => section(s('options'), pairsTable(s('options'), v.options))),
    kept.part('labels', v.labels, () => section(s('labels'), pairsTable(s('labels'), v.labels))),
  );
  setChildren(sk.overview, parts);
  setChildren(sk.json, [
    kept.part('json:toolbar', v.json, () => jsonToolbar(v.json)),
    kept.part('json:text', v.json, () => jsonText(v.json)),
  ]);
  kept.done();
}

function ipamSection(v: NetworkView): HTMLElement {
  const ipamRows = v.ipam.configs.map((c) => [
    c.subnet ? code(c.subnet) : '',
    c.gateway ? code(c.gateway) : '',
    c.ipRange ? code(c.ipRange) : '',
    list(c.aux.map(([k, ip]) => `${k}=${ip}`)),
    [c.total ? s('usedOf', c.used, c.total) : '', c.engine ? s('engineUsage', c.engine.inUse, c.engine.available) : '']
      .filter(Boolean)
      .join(' · '),
  ]);
  return section(
    s('ipam'),
    v.editable
      ? el(
          'div',
          { class: 'toolbar' },
          button(s('editNetwork'), 'edit', () => vscode.postMessage({ type: 'edit' }), true),
        )
      : undefined,
    facts([[s('ipamDriver'), code(v.ipam.driver)]]),
    table(s('ipam'), [s('subnet'), s('gateway'), s('ipRange'), s('auxAddresses'), s('used')], ipamRows, s('none')),
    v.ipam.options.length ? pairsTable(s('options'), v.ipam.options) : undefined,
  );
}

function swarmSection(swarm: NonNullable<NetworkView['swarm']>): HTMLElement {
  const lb = swarm.loadBalancer;
  return section(
    s('services'),
    lb ? facts([[s('loadBalancer'), [lb.ipv4, lb.ipv6].filter(Boolean).join(' · ')]]) : undefined,
    table(
      s('services'),
      [s('name'), s('vip'), s('tasks')],
      swarm.services.map((svc) => [
        svc.name,
        svc.vip ?? '',
        el(
          'ul',
          { class: 'plain' },
          ...svc.tasks.map((t) =>
            el(
              'li',
              {},
              t.name,
              ' ',
              el(
                'span',
                { class: 'muted' },
                [t.ip, t.node && `@ ${t.node}`, t.nodeState && t.nodeState !== 'ready' && `(${t.nodeState})`]
                  .filter(Boolean)
                  .join(' '),
              ),
            ),
          ),
        ),
      ]),
      s('none'),
    ),
    table(
      s('nodes'),
      [s('node'), 'IP', s('state')],
      swarm.peers.map((p) => [p.name, code(p.ip), p.nodeState ?? '']),
      s('none'),
    ),
  );
}

/**
 * Host plumbing: the bridge (or parent) in the host and, per container, its interface inside its
 * namespace joined to the host's end, as Docker's networking docs draw it. One line where nothing
 * can be read.
 */
function plumbingSection(p: PlumbingView): HTMLElement {
  const title = s('hostPlumbing');
  if (p.problem || p.kind === 'host' || p.kind === 'none')
    return kept.part('plumbing:note', [p.problem, p.kind], () =>
      section(title, el('p', { class: 'muted' }, s(p.problem ? `plumbing.${p.problem}` : `plumbing.${p.kind}`))),
    );
  const b = p.bridge;
  const head = kept.part('plumbing:head', [b, p.parent, p.overlayNamespace], () =>
    facts([
      [
        s('bridgeInterface'),
        b
          ? el(
              'span',
              {},
              code(b.name),
              ' ',
              el('span', { class: `state state-${b.state === 'up' ? 'running' : 'exited'}` }, b.state),
              b.mtu ? el('span', { class: 'muted' }, ` · MTU ${b.mtu}`) : undefined,
            )
          : undefined,
      ],
      [s('addresses'), b ? list(b.addresses) : undefined],
      [s('parentInterface'), p.parent ? code(p.parent) : undefined],
      [s('namespace'), p.overlayNamespace ? code(p.overlayNamespace) : undefined],
    ]),
  );
  const notes = [
    p.missingBridge ? s('plumbing.missingBridge', p.missingBridge) : undefined,
    p.kind === 'overlay' ? s('plumbing.overlay') : undefined,
  ].filter((n): n is string => !!n);
  const arrow = (from: string | undefined, to: string | undefined) =>
    from && to ? el('span', {}, code(from), ' ⇄ ', code(to)) : from ? code(from) : '';
  const seen = new Map<string, number>();
  const rows = p.rows.map((r) => ({
    // By container name (one engine's are unique; counted anyway, so a row is never shown twice).
    key: `${r.container}#${seen.set(r.container, (seen.get(r.container) ?? 0) + 1).get(r.container)}`,
    inputs: r,
    cells: () => [
      r.container,
      r.problem ? el('span', { class: 'muted' }, s(`plumbing.${r.problem}`)) : arrow(r.ifName, r.hostPeer),
      r.master ? code(r.master) : r.parent ? code(r.parent) : '',
    ],
  }));
  const macvlan = p.kind === 'macvlan' || p.kind === 'ipvlan';
  return keptSection(
    kept,
    'plumbing',
    title,
    head,
    ...notes.map((n, i) => kept.part(`plumbing:note${i}`, n, () => el('p', { class: 'muted' }, n))),
    keptTable(
      kept,
      macvlan ? 'plumbing:parents' : 'plumbing:bridges',
      title,
      [s('container'), s('interfaces'), macvlan ? s('parentInterface') : s('bridgePort')],
      rows,
      s('noContainers'),
      'plumbing',
    ),
  );
}

function renderContainer(v: ContainerView, updatedAt: string): void {
  const sk = (skeleton ??= build());
  vscode.setState({ engine: v.engine, containerId: v.id, containerName: v.name });
  sk.header.replaceChildren(
    el('h1', {}, v.name),
    facts([
      [s('image'), code(v.image)],
      [s('state'), el('span', { class: `state state-${v.state}` }, v.state)],
      [s('networkMode'), code(v.networkMode)],
      [s('id'), idFact(v.id)],
      [s('updated'), updatedAt],
    ]),
  );
  const rows = v.networks.map((n) => [
    n.network,
    n.driver ?? '',
    n.ipv4 ?? '',
    n.ipv6 ?? '',
    [n.gateway, n.ipv6Gateway].filter(Boolean).join(' · '),
    n.mac ?? '',
    list(n.aliases),
    list(n.dnsNames),
    el(
      'span',
      { class: 'actions' },
      iconButton(`${s('inspectNetwork')}: ${n.network}`, 'info', () =>
        vscode.postMessage({ type: 'inspectNetwork', network: n.networkId }),
      ),
      n.driver !== 'host' && n.driver !== 'null'
        ? iconButton(`${s('disconnect')}: ${n.network}`, 'debug-disconnect', () =>
            vscode.postMessage({ type: 'disconnect', network: n.networkId, container: v.id }),
          )
        : undefined,
    ),
  ]);
  const dns = v.dns;
  sk.overview.replaceChildren(
    section(
      `${s('networks')} (${v.networks.length})`,
      el(
        'div',
        { class: 'toolbar' },
        button(s('connectToNetwork'), 'plug', () => vscode.postMessage({ type: 'connect' })),
        button(s('diagnose'), 'pulse', () => vscode.postMessage({ type: 'diagnose', container: v.id }), true),
        button(s('showNames'), 'symbol-namespace', () => vscode.postMessage({ type: 'probe', kind: 'names' }), true),
        button(s('showPorts'), 'plug', () => vscode.postMessage({ type: 'probe', kind: 'ports' }), true),
      ),
      table(
        s('networks'),
        [s('network'), s('driver'), 'IPv4', 'IPv6', s('gateway'), s('mac'), s('aliases'), s('dnsNames'), s('actions')],
        rows,
        s('none'),
      ),
    ),
    section(
      s('ports'),
      table(
        s('ports'),
        [s('containerPort'), s('hostAddress')],
        v.ports.map((p) => [code(p.container), p.host ? code(p.host) : '—']),
        s('none'),
      ),
    ),
    section(
      s('dns'),
      facts([
        [s('dnsServers'), dns.servers.length ? list(dns.servers) : s('engineDefault')],
        [s('dnsSearch'), dns.search.length ? list(dns.search) : s('engineDefault')],
        [s('dnsOptions'), dns.options.length ? list(dns.options) : s('engineDefault')],
      ]),
    ),
  );
  rawJson(sk.json, v.json);
}

const shown = onMessage((message: ToPanel) => {
  switch (message.type) {
    case 'init':
      setStrings(message.strings);
      if (!skeleton) root.replaceChildren(el('p', { class: 'muted' }, s('loading')));
      return;
    case 'network':
      asked = false;
      showNetwork(message.view, message.seq, message.updatedAt);
      return;
    case 'networkPatch': {
      if (asked) return;
      const view = shownNetwork?.seq === message.base ? applyNetworkPatch(shownNetwork.view, message.view) : undefined;
      if (view) showNetwork(view, message.seq, message.updatedAt);
      else {
        // Not the view this page shows (a page made again while it was on its way): ask for all of it.
        asked = true;
        vscode.postMessage({ type: 'ready' });
      }
      return;
    }
    case 'container':
      root.classList.remove('gone');
      renderContainer(message.view, message.updatedAt);
      problem(root, undefined);
      return;
    case 'diagnosis':
      skeleton = undefined;
      renderDiagnosis(root, message.view);
      problem(root, undefined);
      return;
    case 'probe':
      skeleton = undefined;
      renderProbe(root, message.view);
      problem(root, undefined);
      return;
    case 'problem':
      problem(root, message.message);
      if (message.gone) root.classList.add('gone');
      return;
    default:
      return;
  }
});

vscode.postMessage(shown ? { type: 'ready', shown } : { type: 'ready' });
