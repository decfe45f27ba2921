// The real VS Code UI (code-server in Chromium, the packaged extension) on the bench's engine: how
// long a person waits for the tree's first rows after opening the view, for a network of many
// containers to open, for its inspect panel to show them, and for the panel to show a connect.
// Each timed from the moment of the click (or the engine's answer) to the frame that shows the rows,
// watched in the page; the median of `rounds` (the view is opened in a fresh window each round).
import { readdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { openWorkbench, root } from '../test/e2e/workbench.mjs';

// The mark the panel's page makes when it has drawn the view its HTML came with (compiled by the bench).
const { FIRST_SHOWN_MARK } = createRequire(import.meta.url)(join(root, 'out/src/webview/protocol.js'));

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

/**
 * Runs in the page (or a panel's frame): keeps when the page is next pressed (pointerdown, the
 * start of a click) and, given a `selector`, watches its DOM from now on for an element matching
 * it (whose text has `text`, if given) and keeps when the first frame showing it was drawn (the
 * task after that frame's animation callback). Both on this process's clock (Date.now()). Watched
 * in the page, not polled from here: a poll from Playwright (its text matching over thousands of
 * cells) runs on the page's own thread and slows what it measures.
 */
function watchInPage({ selector, text, limitMs }) {
  const { document, Element, MutationObserver, requestAnimationFrame } = globalThis; // the page's
  const state = { pressedAt: undefined, already: false, shownAt: undefined };
  document.addEventListener('pointerdown', () => (state.pressedAt ??= Date.now()), { capture: true });
  globalThis.__benchWatch = state;
  if (!selector) return;
  const matches = (e) => e.matches(selector) && (!text || e.textContent.includes(text));
  const within = (node) => matches(node) || [...node.querySelectorAll(selector)].some(matches);
  const touched = (r) =>
    r.type === 'childList' ? [...r.addedNodes] : [r.type === 'characterData' ? r.target.parentElement : r.target];
  state.already = within(document.documentElement);
  state.shownAt = new Promise((resolve, reject) => {
    const drawn = () => {
      observer.disconnect();
      clearTimeout(timer);
      requestAnimationFrame(() => setTimeout(() => resolve(Date.now())));
    };
    // Only what was added or changed is looked at (a render among 500 rows costs the watch no more
    // than it costs the page); VS Code's lists reuse their row elements, changing their labels.
    const observer = new MutationObserver((records) => {
      for (const r of records)
        for (const n of touched(r)) {
          if (!(n instanceof Element)) continue;
          const around = n.closest(selector);
          if (within(n) || (around && matches(around))) return drawn();
        }
    });
    const timer = setTimeout(() => {
      observer.disconnect();
      reject(new Error(`${selector}${text ? ` with "${text}"` : ''} not shown within ${limitMs} ms`));
    }, limitMs);
    observer.observe(document.documentElement, {
      childList: true,
      subtree: true,
      characterData: true,
      attributeFilter: ['aria-label', 'aria-level'],
    });
    if (state.already) drawn();
  });
}

/** Starts watching `target` (a page or a frame); see watchInPage. */
async function watch(target, selector, text, limitMs = 60_000) {
  await target.evaluate(watchInPage, { selector, text, limitMs });
  return {
    already: () => target.evaluate(() => globalThis.__benchWatch.already),
    pressedAt: () => target.evaluate(() => globalThis.__benchWatch.pressedAt),
    shownAt: () => target.evaluate(() => globalThis.__benchWatch.shownAt),
  };
}

/** The machine's CPU time, idle and all, from /proc/stat (Linux; undefined elsewhere). */
function cpuTimes() {
  try {
    const f = readFileSync('/proc/stat', 'utf8').split('\n')[0].trim().split(/\s+/).slice(1).map(Number);
    return { idle: f[3] + (f[4] ?? 0), all: f.reduce((a, b) => a + b, 0) };
  } catch {
    return undefined;
  }
}

/** The share of the machine's CPU time that was busy between two `cpuTimes()`. */
const busyBetween = (a, b) => (a && b && b.all > a.all ? 1 - (b.idle - a.idle) / (b.all - a.all) : undefined);

/** The frame of the inspect panel's page (panels live in nested iframes), once it has one. */
async function panelFrame(page, limitMs = 60_000) {
  const t0 = Date.now();
  for (;;) {
    for (const f of page.frames()) {
      const ours = await f.evaluate(() => !!globalThis.document.querySelector('main#root')).catch(() => false);
      if (ours) return f;
    }
    if (Date.now() - t0 > limitMs) throw new Error(`no panel page within ${limitMs} ms`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

/**
 * When the panel's page was on screen with the rows `table` watches for. VS Code keeps a webview's
 * frame hidden until the page's load event (or 0.2 s after writing it), so a frame drawn before
 * then was not seen: the first contentful paint is when it was. The page draws the view its HTML
 * came with as its script runs and marks it (FIRST_SHOWN_MARK): when that mark is before the first
 * paint, the rows were in it (they were in the page when the watch began, which was before the view
 * could change), and the paint is the time. Otherwise the rows came by a message: drawn when the
 * watch saw them, not before the frame was shown.
 */
async function panelShownAt(frame, table) {
  const rows = await table.shownAt();
  const first = await frame.evaluate(
    (mark) =>
      new Promise((resolve, reject) => {
        const timer = globalThis.setTimeout(() => reject(new Error('the panel was not painted within 60 s')), 60_000);
        const shown = globalThis.performance.getEntriesByName(mark)[0];
        new globalThis.PerformanceObserver((list, observer) => {
          const paint = list.getEntriesByName('first-contentful-paint')[0];
          if (!paint) return;
          observer.disconnect();
          globalThis.clearTimeout(timer);
          resolve({
            paintedAt: globalThis.performance.timeOrigin + paint.startTime,
            withFirstView: !!shown && shown.startTime <= paint.startTime,
          });
        }).observe({ type: 'paint', buffered: true });
      }),
    FIRST_SHOWN_MARK,
  );
  return first.withFirstView && (await table.already()) ? first.paintedAt : Math.max(rows, first.paintedAt);
}

/** Every file under `dir` whose name ends with `suffix`. */
function filesEndingWith(dir, suffix) {
  return readdirSync(dir, { recursive: true })
    .map(String)
    .filter((f) => f.endsWith(suffix))
    .map((f) => join(dir, f));
}

/**
 * When our activate() returned (epoch ms), from the "Activated in" line of our log in the window's
 * profile: VS Code writes log lines with the local time to the millisecond.
 */
async function activatedAt(userData) {
  for (let i = 0; i < 100; i++) {
    for (const file of filesEndingWith(join(userData, 'logs'), 'Docker Networks.log')) {
      const m = /^(\d{4}-\d\d-\d\d) (\d\d:\d\d:\d\d\.\d{3}) \[info\] Activated in/m.exec(readFileSync(file, 'utf8'));
      if (m) return new Date(`${m[1]}T${m[2]}`).getTime();
    }
    await new Promise((r) => setTimeout(r, 100)); // the log is written a moment later
  }
  throw new Error('no "Activated in" line in the extension log');
}

/**
 * `api(method, path, body)` talks to the engine; `dockerHost` is where the window's extension
 * finds it. Makes a network of `size` containers (created, not started: the view shows them with
 * their state), measures, and removes what it made.
 */
export async function uiBench({ api, dockerHost, size = 500, rounds = 3, log = () => {} }) {
  // First in the tree (by code unit, 'B' before 'b'): ahead of the fill's `bench-N`, of bridge,
  // host and none, so its row and the rows it opens are drawn without scrolling. VS Code draws only
  // the rows on screen: at the list's end, the containers it opens would be drawn off screen.
  const big = 'Bench-ui-big';
  const names = Array.from({ length: size }, (_, i) => `bench-ui-${String(i).padStart(4, '0')}`);
  const made = [];
  const out = {
    size,
    rounds,
    firstRowsMs: [],
    firstRowsAfterActivationMs: [],
    expandMs: [],
    panelMs: [],
    panelPageMs: [],
    panelUpdateMs: [],
    // The connect's time in three: the engine's answer to the message in the page (the extension
    // host, VS Code's hops), the page handling it, and the frame that shows it.
    panelUpdateToPageMs: [],
    panelUpdateRenderMs: [],
    panelUpdateToFrameMs: [],
  };
  // Clear of the fill's subnets (10.100+) and of what Edit Network leaves (10.98.x, 10.99.x).
  await api('POST', '/networks/create', { Name: big, IPAM: { Config: [{ Subnet: '10.96.0.0/16' }] } });
  try {
    for (const name of names) {
      const { Id } = await api('POST', `/containers/create?name=${name}`, {
        Image: 'tiny:latest',
        Cmd: ['sleep', '86400'],
        HostConfig: { NetworkMode: big },
      });
      made.push(Id);
    }
    const { Id: probe } = await api('POST', '/containers/create?name=bench-ui-probe', {
      Image: 'tiny:latest',
      Cmd: ['sleep', '86400'],
    });
    made.push(probe);
    await api('POST', `/containers/${probe}/start`);
    // How busy the machine is with none of ours running (the engine and its containers, at rest):
    // what the windows share their CPUs with.
    const rest = cpuTimes();
    await new Promise((r) => setTimeout(r, 3_000));
    out.machineBusyAtRest = busyBetween(rest, cpuTimes());
    log(`UI: ${size} containers on ${big}; ${rounds} rounds in code-server`);
    for (let r = 0; r < rounds; r++) {
      const wb = await openWorkbench({ env: { DOCKER_HOST: dockerHost } });
      const { page } = wb;
      try {
        // The view opened: the extension activates, reads the engine, and VS Code draws rows.
        const icon = page.locator('.activitybar .action-item a[aria-label^="Docker"]').first();
        await icon.waitFor({ timeout: 60_000 });
        // The workbench finishes starting first (extensions host, other views): not ours to time.
        await page.waitForTimeout(5_000);
        const rows = await watch(page, '.sidebar .monaco-list-row[aria-level="1"]');
        if (await rows.already()) throw new Error('the side bar showed rows before the view was opened');
        await icon.click();
        const firstRowsAt = await rows.shownAt();
        out.firstRowsMs.push(firstRowsAt - (await rows.pressedAt()));
        // The same moment after our activation (the extension activates on the click: VS Code
        // loads it, then activate() runs).
        out.firstRowsAfterActivationMs.push(firstRowsAt - (await activatedAt(wb.userData)));

        // The big network opened: its containers drawn under it. The first rows can come before
        // the containers are read (the networks listed first): opened then, the row shows them
        // only when they are, which times the container list, not the opening. Opened 3 s later
        // (the list takes 0.3-0.5 s at 1,000 networks under load; a slower one is counted: late,
        // never early).
        const bigRow = wb.row(big);
        await bigRow.waitFor({ timeout: 10_000 });
        await page.waitForTimeout(3_000);
        const children = await watch(page, `.monaco-list-row[aria-level="2"][aria-label^="${names[0]}"]`);
        await wb.setExpanded(bigRow);
        out.expandMs.push((await children.shownAt()) - (await children.pressedAt()));

        // Its inspect panel: the page shows the containers.
        await bigRow.click({ button: 'right' });
        const entry = page.locator('.context-view .action-label', { hasText: 'Inspect Network' }).first();
        await entry.waitFor();
        await page.waitForTimeout(300); // the menu ignores a click that comes right after it opened
        const press = await watch(page);
        await entry.click();
        const inspectedAt = await press.pressedAt();
        // The page's frame appears when VS Code has made the webview; the watch starts there (see
        // panelShownAt for a view drawn before it).
        const frame = await panelFrame(page);
        const table = await watch(frame, 'main#root td', names[size - 1]);
        const panelAt = await panelShownAt(frame, table);
        out.panelMs.push(panelAt - inspectedAt);
        // From our page's start: before it, VS Code makes the webview (its frames and service
        // worker) — the same for any extension's panel.
        out.panelPageMs.push(panelAt - (await frame.evaluate(() => performance.timeOrigin)));

        // Connects with the panel open and at rest (its first reads, the containers' names and
        // interfaces, done): from the engine's answer to the panel showing it. Three a round.
        // Where the time goes: each message's arrival in the page (a capturing listener runs
        // before the page's own) and the end of its handling (a listener added after the page's).
        await frame.evaluate(() => {
          const messages = (globalThis.__benchMessages = []);
          globalThis.addEventListener('message', () => messages.push({ arrivedAt: Date.now() }), { capture: true });
          globalThis.addEventListener('message', () => (messages[messages.length - 1].handledAt = Date.now()));
        });
        for (let c = 0; c < 3; c++) {
          await page.waitForTimeout(3_000);
          const probeCell = await watch(frame, 'main#root td', 'bench-ui-probe');
          if (await probeCell.already()) throw new Error('the panel still shows the last disconnected container');
          await frame.evaluate(() => (globalThis.__benchMessages.length = 0));
          await api('POST', `/networks/${big}/connect`, { Container: probe });
          const answeredAt = Date.now();
          const shownAt = await probeCell.shownAt();
          out.panelUpdateMs.push(shownAt - answeredAt);
          // The message the frame showed: the last one handled before it.
          const shown = (await frame.evaluate(() => globalThis.__benchMessages))
            .filter((m) => m.handledAt !== undefined && m.handledAt <= shownAt)
            .at(-1);
          if (shown) {
            out.panelUpdateToPageMs.push(shown.arrivedAt - answeredAt);
            out.panelUpdateRenderMs.push(shown.handledAt - shown.arrivedAt);
            out.panelUpdateToFrameMs.push(shownAt - shown.handledAt);
          }
          await api('POST', `/networks/${big}/disconnect`, { Container: probe, Force: true });
        }
      } finally {
        await wb.close();
      }
    }
  } finally {
    for (const id of made) await api('DELETE', `/containers/${id}?force=true`).catch(() => undefined);
    await api('DELETE', `/networks/${big}`).catch(() => undefined);
  }
  for (const k of Object.keys(out).filter((k) => k.endsWith('Ms')))
    out[k] = { median: median(out[k]), samples: out[k].map((x) => Math.round(x)) };
  return out;
}
