// The benchmark's chart, from its results: the median time to build the tree's model against the
// network count, for us, the floor and the peers (log scale: the peers are 50-70× slower), and the
// model alone on generated lists when the run has it. An SVG with no script and no external
// resource, for README.
//   node bench/chart.mjs [RESULTS_JSON] [OUT_SVG]   (default: bench/results/reference.json → chart.svg)
import { readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const input = process.argv[2] ?? join(here, 'results', 'reference.json');
const output = process.argv[3] ?? join(here, 'results', 'chart.svg');
const report = JSON.parse(readFileSync(input, 'utf8'));

const SERIES = [
  ['ours', '#1f6feb', 'this extension'],
  ['floor', '#2da44e', 'floor: two raw GETs + JSON.parse'],
  ['inspect-per-network', '#bf8700', 'inspect per network'],
  ['peer client', '#cf222e', 'peer library (runs the docker CLI)'],
  ['docker CLI', '#8250df', 'docker network ls + inspect'],
];
const escape = (s) =>
  String(s).replace(/[<>&"]/g, (c) => ({ '<': '&lt;', '>': '&gt;', '&': '&amp;', '"': '&quot;' })[c]);
const fmt = (ms) =>
  ms >= 1000
    ? `${Number((ms / 1000).toFixed(ms >= 10_000 ? 0 : 1))} s`
    : `${Number(ms.toFixed(ms < 1 ? 2 : ms < 10 ? 1 : 0))} ms`;

/** One panel: lines of points on a log-y, linear-x plot, with a legend under it. */
function plot({ x0, y0, width, height, title, xLabel, xs, series }) {
  const out = [];
  const all = series.flatMap((s) => s.points.map((p) => p[1])).filter((v) => v > 0);
  const lo = 10 ** Math.floor(Math.log10(Math.min(...all)));
  const hi = 10 ** Math.ceil(Math.log10(Math.max(...all)));
  const [xMin, xMax] = [0, Math.max(...xs)];
  const px = (x) => x0 + ((x - xMin) / (xMax - xMin)) * width;
  const py = (y) => y0 + height - ((Math.log10(y) - Math.log10(lo)) / (Math.log10(hi) - Math.log10(lo))) * height;
  out.push(`<text x="${x0}" y="${y0 - 14}" class="title">${escape(title)}</text>`);
  for (let d = lo; d <= hi; d *= 10) {
    out.push(`<line x1="${x0}" x2="${x0 + width}" y1="${py(d)}" y2="${py(d)}" class="grid"/>`);
    out.push(`<text x="${x0 - 6}" y="${py(d) + 4}" class="axis" text-anchor="end">${escape(fmt(d))}</text>`);
  }
  for (const x of xs) {
    out.push(`<line x1="${px(x)}" x2="${px(x)}" y1="${y0}" y2="${y0 + height}" class="grid"/>`);
    out.push(
      `<text x="${px(x)}" y="${y0 + height + 16}" class="axis" text-anchor="middle">${x.toLocaleString('en')}</text>`,
    );
  }
  out.push(
    `<text x="${x0 + width / 2}" y="${y0 + height + 34}" class="axis" text-anchor="middle">${escape(xLabel)}</text>`,
  );
  series.forEach((s, i) => {
    const path = s.points.map(([x, y], k) => `${k ? 'L' : 'M'}${px(x).toFixed(1)},${py(y).toFixed(1)}`).join(' ');
    out.push(`<path d="${path}" fill="none" stroke="${s.color}" stroke-width="2.5"/>`);
    for (const [x, y] of s.points)
      out.push(
        `<circle cx="${px(x).toFixed(1)}" cy="${py(y).toFixed(1)}" r="3.5" fill="${s.color}"><title>${escape(`${s.label}: ${fmt(y)} at ${x}`)}</title></circle>`,
      );
    const ly = y0 + height + 56 + i * 18;
    out.push(`<rect x="${x0}" y="${ly - 9}" width="14" height="4" fill="${s.color}"/>`);
    const last = s.points.at(-1);
    out.push(
      `<text x="${x0 + 20}" y="${ly - 3}" class="legend">${escape(s.label)}${last ? ` — ${escape(fmt(last[1]))} at ${last[0].toLocaleString('en')}` : ''}</text>`,
    );
  });
  return { svg: out.join('\n'), bottom: y0 + height + 56 + series.length * 18 };
}

const panels = [];
let top = 48;
const engineXs = report.scales.map((s) => s.networks);
const engine = plot({
  x0: 80,
  y0: top,
  width: 560,
  height: 260,
  title: "Building the tree's model from a real engine (median)",
  xLabel: 'networks (2 containers each on average)',
  xs: engineXs,
  series: SERIES.filter(([k]) => report.scales.every((s) => s.results[k])).map(([k, color, label]) => ({
    color,
    label,
    points: report.scales.map((s) => [s.networks, s.results[k].median]),
  })),
});
panels.push(engine.svg);
top = engine.bottom + 16;
if (report.model?.rows.length) {
  const model = plot({
    x0: 80,
    y0: top + 32,
    width: 560,
    height: 200,
    title: 'The model alone, generated lists (5 containers per network)',
    xLabel: 'networks',
    xs: report.model.rows.map((r) => r.networks),
    series: [
      { color: '#1f6feb', label: 'full join', points: report.model.rows.map((r) => [r.networks, r.joinMs]) },
      {
        color: '#2da44e',
        label: 'one container event (median)',
        points: report.model.rows.map((r) => [r.networks, Math.max(r.containerEventMs, 0.01)]),
      },
    ],
  });
  panels.push(model.svg);
  top = model.bottom + 16;
}
const m = report.machine;
const caption = `${report.date?.slice(0, 10) ?? ''} · ${m.cpus} × ${m.cpu}, ${m.memGiB} GiB, Node ${m.node}`;
const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="700" height="${top + 24}" viewBox="0 0 700 ${top + 24}" font-family="-apple-system, Segoe UI, Helvetica, Arial, sans-serif">
<style>
  .title { font-size: 15px; font-weight: 600; fill: #1f2328; }
  .axis { font-size: 11px; fill: #57606a; }
  .legend { font-size: 12px; fill: #1f2328; }
  .grid { stroke: #d0d7de; stroke-width: 1; }
</style>
<rect width="100%" height="100%" fill="#ffffff"/>
${panels.join('\n')}
<text x="80" y="${top + 12}" class="axis">${escape(caption)}</text>
</svg>
`;
writeFileSync(output, svg);
console.log(`wrote ${output}`);
