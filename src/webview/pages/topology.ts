// The topology page: networks and containers as a graph drawn by Cytoscape (on a canvas: labels
// are painted, never parsed). Filters by network and running state; click reveals in the tree,
// double-click inspects; the layout is kept across live updates unless the graph changed.
import cytoscape from 'cytoscape';
import '@vscode-elements/elements/dist/vscode-button/index.js';
import type { ToPanel, TopologyView } from '../protocol';
import { button, el, onMessage, problem, s, setStrings, vscode } from './common';
import { visibleControls } from '../../util/controls';
import { renderAddressSpace } from './addressSpace';
import './controls.css';
import './topology.css';

const root = document.getElementById('root')!;
let cy: cytoscape.Core | undefined;
let view: TopologyView | undefined;
let signature = '';
let vethsShown = false;
const filters = { network: '', runningOnly: false, builtIn: false, plumbing: false };

const color = (name: string, fallback: string) =>
  getComputedStyle(document.body).getPropertyValue(name).trim() || fallback;

function style(): cytoscape.StylesheetJson {
  const fg = color('--vscode-foreground', '#cccccc');
  const muted = color('--vscode-descriptionForeground', '#999999');
  const accent = color('--vscode-charts-blue', '#3794ff');
  const green = color('--vscode-charts-green', '#89d185');
  const grey = color('--vscode-disabledForeground', '#888888');
  const edge = color('--vscode-editorWidget-border', '#555555');
  const font = color('--vscode-font-family', 'sans-serif');
  return [
    {
      selector: 'node',
      style: {
        label: 'data(label)',
        color: fg,
        'font-family': font,
        'font-size': 11,
        'text-valign': 'bottom',
        'text-margin-y': 4,
        'text-wrap': 'ellipsis',
        'text-max-width': '140px',
      },
    },
    {
      selector: 'node.network',
      style: {
        shape: 'round-rectangle',
        'background-color': accent,
        width: 34,
        height: 22,
        'text-wrap': 'wrap',
        'text-max-width': '180px',
        'font-weight': 'bold',
      },
    },
    { selector: 'node.network.builtin', style: { 'background-color': muted } },
    { selector: 'node.container', style: { shape: 'ellipse', 'background-color': grey, width: 16, height: 16 } },
    { selector: 'node.container.running', style: { 'background-color': green } },
    // A container on several networks is where traffic can cross between them.
    { selector: 'node.container.bridging', style: { width: 24, height: 24, 'border-width': 2, 'border-color': fg } },
    // The plumbing layer: a veth pair's host end between the bridge and the container.
    {
      selector: 'node.veth',
      style: {
        shape: 'diamond',
        'background-color': color('--vscode-charts-orange', '#d18616'),
        width: 12,
        height: 12,
        'font-size': 9,
        color: muted,
      },
    },
    {
      selector: 'edge',
      style: {
        width: 1.5,
        'line-color': edge,
        label: 'data(label)',
        'font-size': 9,
        color: muted,
        'text-rotation': 'autorotate',
        'text-background-color': color('--vscode-editor-background', '#1e1e1e'),
        'text-background-opacity': 1,
        'curve-style': 'bezier',
      },
    },
    { selector: ':selected', style: { 'border-width': 3, 'border-color': color('--vscode-focusBorder', '#007fd4') } },
  ];
}

/** The graph's nodes and edges, their labels as shown (the canvas draws a bidi override too). */
function elements(v: TopologyView): cytoscape.ElementDefinition[] {
  const all = graphElements(v);
  for (const e of all) if (typeof e.data.label === 'string') e.data.label = visibleControls(e.data.label);
  return all;
}

function graphElements(v: TopologyView): cytoscape.ElementDefinition[] {
  const networks = v.networks.filter(
    (n) => (filters.builtIn || !n.builtIn) && (!filters.network || n.id === filters.network),
  );
  const shownNetworks = new Set(networks.map((n) => n.id));
  const containers = new Map(v.containers.map((c) => [c.id, c]));
  const edges = v.edges.filter(
    (e) => shownNetworks.has(e.network) && (!filters.runningOnly || containers.get(e.container)?.state === 'running'),
  );
  const degree = new Map<string, number>();
  for (const e of v.edges) degree.set(e.container, (degree.get(e.container) ?? 0) + 1);
  const shownContainers = new Set(edges.map((e) => e.container));
  const layer = filters.plumbing ? v.plumbing : undefined;
  const hostSide = new Map((layer?.networks ?? []).map((n) => [n.id, n]));
  const links = new Map((layer?.links ?? []).map((l) => [`${l.network}:${l.container}`, l]));
  const networkLabel = (n: TopologyView['networks'][number]) => {
    const h = hostSide.get(n.id);
    const host = h?.bridge ?? (h?.parent ? `${s('parentInterface')}: ${h.parent}` : undefined);
    return [n.name, n.subnet, host && `[${host}]`].filter(Boolean).join('\n');
  };
  return [
    ...networks.map((n) => ({
      group: 'nodes' as const,
      data: { id: `n:${n.id}`, label: networkLabel(n), kind: 'network', ref: n.id },
      classes: `network${n.builtIn ? ' builtin' : ''}`,
    })),
    ...[...shownContainers].map((id) => {
      const c = containers.get(id)!;
      return {
        group: 'nodes' as const,
        data: { id: `c:${id}`, label: c.name, kind: 'container', ref: id },
        classes: `container${c.state === 'running' ? ' running' : ''}${(degree.get(id) ?? 0) > 1 ? ' bridging' : ''}`,
      };
    }),
    ...edges.flatMap((e) => {
      const link = links.get(`${e.network}:${e.container}`);
      const id = `${e.network}:${e.container}`;
      if (!link?.hostPeer) {
        const label = [e.ip, link?.ifName].filter(Boolean).join(' · ');
        return [
          {
            group: 'edges' as const,
            data: { id: `e:${id}`, source: `n:${e.network}`, target: `c:${e.container}`, label },
          },
        ];
      }
      // bridge → host end of the veth pair → container (its own end, e.g. eth0, on the edge).
      return [
        {
          group: 'nodes' as const,
          data: { id: `v:${id}`, label: link.hostPeer, kind: 'veth', ref: e.container },
          classes: 'veth',
        },
        { group: 'edges' as const, data: { id: `e:${id}`, source: `n:${e.network}`, target: `v:${id}`, label: '' } },
        {
          group: 'edges' as const,
          data: {
            id: `ev:${id}`,
            source: `v:${id}`,
            target: `c:${e.container}`,
            label: [link.ifName, e.ip].filter(Boolean).join(' · '),
          },
        },
      ];
    }),
  ];
}

function plumbingSummary(p: NonNullable<TopologyView['plumbing']>): string {
  if (p.problem) return s(`plumbing.${p.problem}`);
  return s('plumbingSummary', p.networks.filter((n) => n.bridge).length, p.links.filter((l) => l.hostPeer).length);
}

function toolbar(v: TopologyView): HTMLElement {
  const select = el(
    'select',
    { 'aria-label': s('filterNetwork') },
    el('option', { value: '' }, s('allNetworks')),
    ...v.networks.map((n) => el('option', { value: n.id }, n.name)),
  );
  select.value = filters.network;
  select.addEventListener('change', () => {
    filters.network = select.value;
    draw(true);
  });
  const check = (label: string, key: 'runningOnly' | 'builtIn' | 'plumbing') => {
    const box = el('input', { type: 'checkbox', id: `f-${key}` });
    box.checked = filters[key];
    box.addEventListener('change', () => {
      filters[key] = box.checked;
      // The host's interfaces are read only while the layer is shown.
      if (key === 'plumbing') vscode.postMessage({ type: 'plumbing', on: box.checked });
      draw(true);
    });
    return el('label', { for: `f-${key}` }, box, ' ', label);
  };
  const bridging = new Map<string, number>();
  for (const e of v.edges) bridging.set(e.container, (bridging.get(e.container) ?? 0) + 1);
  const many = [...bridging.values()].filter((n) => n > 1).length;
  return el(
    'div',
    { class: 'toolbar', role: 'toolbar' },
    select,
    check(s('runningOnly'), 'runningOnly'),
    check(s('showBuiltIn'), 'builtIn'),
    check(s('hostPlumbing'), 'plumbing'),
    button(s('fit'), 'screen-full', () => cy?.fit(undefined, 30), true),
    button(
      s('zoomIn'),
      'zoom-in',
      () => cy?.zoom({ level: (cy.zoom() || 1) * 1.25, renderedPosition: { x: cy.width() / 2, y: cy.height() / 2 } }),
      true,
    ),
    button(
      s('zoomOut'),
      'zoom-out',
      () => cy?.zoom({ level: (cy.zoom() || 1) / 1.25, renderedPosition: { x: cy.width() / 2, y: cy.height() / 2 } }),
      true,
    ),
    el(
      'span',
      { class: 'muted', role: 'status' },
      filters.plumbing && v.plumbing
        ? plumbingSummary(v.plumbing)
        : many === 1
          ? s('bridgeOne')
          : many
            ? s('bridges', many)
            : '',
    ),
  );
}

/**
 * The graph as a list, for the keyboard and screen readers: every shown network with its
 * containers, each a button that reveals it in the tree, with Inspect beside it. Built only while
 * open.
 */
let listBox: HTMLDetailsElement | undefined;
let spaceBox: HTMLDetailsElement | undefined;
let spaceFocus = 0;

/** The address space section; opened and scrolled to when Show Address Space asked for it. */
function renderSpace(): void {
  if (!spaceBox || !view?.addressSpace) return;
  renderAddressSpace(spaceBox, view.addressSpace);
  if (view.focusAddressSpace && view.focusAddressSpace !== spaceFocus) {
    spaceFocus = view.focusAddressSpace;
    spaceBox.open = true;
    spaceBox.scrollIntoView({ block: 'start' });
    spaceBox.querySelector('summary')?.focus();
  }
}

function renderList(): void {
  if (!listBox?.open || !view) return;
  const v = view;
  const containers = new Map(v.containers.map((c) => [c.id, c]));
  const networks = v.networks.filter(
    (n) => (filters.builtIn || !n.builtIn) && (!filters.network || n.id === filters.network),
  );
  const action = (label: string, message: Parameters<typeof vscode.postMessage>[0]) => {
    const b = el('button', { type: 'button', class: 'link' }, label);
    b.addEventListener('click', () => vscode.postMessage(message));
    return b;
  };
  const items = networks.map((n) => {
    const edges = v.edges.filter(
      (e) => e.network === n.id && (!filters.runningOnly || containers.get(e.container)?.state === 'running'),
    );
    return el(
      'li',
      {},
      action(n.name, { type: 'reveal', network: n.id }),
      el('span', { class: 'muted' }, ` ${[n.driver, n.subnet].filter(Boolean).join(' · ')} `),
      action(s('inspectNetwork'), { type: 'inspectNetwork', network: n.id }),
      ' ',
      action(s('showReachability'), { type: 'probe', kind: 'matrix', network: n.id }),
      edges.length
        ? el(
            'ul',
            {},
            ...edges.map((e) => {
              const c = containers.get(e.container);
              return el(
                'li',
                {},
                action(c?.name ?? e.container, { type: 'reveal', network: n.id, container: e.container }),
                el('span', { class: 'muted' }, ` ${[e.ip, c?.state].filter(Boolean).join(' · ')} `),
                action(s('inspectContainer'), { type: 'inspectContainer', container: e.container }),
                ' ',
                action(s('diagnose'), { type: 'diagnose', container: e.container }),
              );
            }),
          )
        : undefined,
    );
  });
  listBox.replaceChildren(el('summary', {}, s('asList')), el('ul', { class: 'list' }, ...items));
}

function draw(relayout: boolean): void {
  if (!view) return;
  renderList();
  const els = elements(view);
  // Only a change in the set of nodes moves things; an edge coming or going keeps the layout.
  const next = els
    .filter((e) => e.group === 'nodes')
    .map((e) => e.data.id)
    .sort()
    .join('|');
  // The plumbing layer coming in adds a node per veth pair: lay the graph out afresh for it.
  const veths = els.some((e) => e.data.kind === 'veth');
  const fresh = relayout || (veths && !vethsShown);
  vethsShown = veths;
  if (!cy) {
    const graph = el('div', { id: 'graph', role: 'img', 'aria-label': s('topologyHint') });
    listBox = el('details', { class: 'as-list' }, el('summary', {}, s('asList')));
    listBox.addEventListener('toggle', renderList);
    spaceBox = el('details', { class: 'address-space', id: 'address-space' });
    root.replaceChildren(toolbar(view), graph, el('p', { class: 'muted hint' }, s('topologyHint')), listBox, spaceBox);
    cy = cytoscape({
      container: graph,
      elements: els,
      style: style(),
      wheelSensitivity: 0.3,
      minZoom: 0.05,
      maxZoom: 4,
    });
    cy.on('tap', 'node', (evt) => {
      const d = evt.target.data() as { kind: string; ref: string };
      if (d.kind === 'network') vscode.postMessage({ type: 'reveal', network: d.ref });
      else {
        const edge = view?.edges.find((e) => e.container === d.ref);
        if (edge) vscode.postMessage({ type: 'reveal', network: edge.network, container: d.ref });
      }
    });
    cy.on('dbltap', 'node', (evt) => {
      const d = evt.target.data() as { kind: string; ref: string };
      if (d.kind === 'network') vscode.postMessage({ type: 'inspectNetwork', network: d.ref });
      else if (d.kind === 'container') vscode.postMessage({ type: 'inspectContainer', container: d.ref });
    });
    layout();
    renderSpace();
  } else {
    const toolbarEl = root.querySelector('.toolbar');
    toolbarEl?.replaceWith(toolbar(view));
    cy.json({ elements: els });
    if (fresh || next !== signature) layout(!fresh);
    renderSpace();
  }
  signature = next;
}

/** `keep`: start from where the nodes are (a live update), placing only new ones. */
function layout(keep = false): void {
  if (!cy) return;
  const count = cy.nodes().length;
  // cose (force-directed) reads well up to a few hundred nodes; past that a concentric layout is
  // instant and still shows which containers sit on which networks.
  const options: cytoscape.LayoutOptions =
    count <= 600
      ? ({
          name: 'cose',
          animate: false,
          nodeRepulsion: () => 9000,
          idealEdgeLength: () => 70,
          numIter: keep ? 200 : count > 200 ? 250 : 1000,
          randomize: !keep,
          fit: !keep,
          padding: 30,
        } as cytoscape.LayoutOptions)
      : {
          name: 'concentric',
          animate: false,
          fit: true,
          padding: 30,
          concentric: (n: cytoscape.NodeSingular) => (n.hasClass('network') ? 2 : 1),
          levelWidth: () => 1,
        };
  cy.layout(options).run();
}

onMessage((message: ToPanel) => {
  switch (message.type) {
    case 'init':
      setStrings(message.strings);
      if (!cy) root.replaceChildren(el('p', { class: 'muted' }, s('loading')));
      return;
    case 'topology':
      view = message.view;
      vscode.setState({ engine: view.engine });
      problem(root, undefined);
      draw(false);
      return;
    case 'problem':
      problem(root, message.message);
      return;
    default:
      return;
  }
});

vscode.postMessage({ type: 'ready' });
