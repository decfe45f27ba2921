// The extension side shared by the panels: an HTML shell with a strict CSP and a nonce'd script,
// resources only from the built webview folder, the first view in the page's HTML when it was read
// in time, else a "ready" handshake before anything is posted,
// typed messages checked on arrival, and updates folded so a burst of changes costs one read.
import { randomBytes } from 'crypto';
import * as fs from 'fs';
import * as vscode from 'vscode';
import { l10n, plain } from '../util/text';
import * as notify from '../dialogs/notify';
import { CommandId } from '../commands/ids';
import { Disposable } from '../util/lifecycle';
import type { StoreReader } from '../store';
import { firstMessagesElement, FromPanel, PanelKind, parseFromPanel, ToPanel } from './protocol';
import { panelStrings } from './strings';

/**
 * How long a panel that reads ahead waits for its first read before its page is made without it.
 * VS Code takes longer than this to make the webview (half a second to a second), so a page made
 * with the read is not later for waiting.
 */
const FIRST_READ_WAIT_MS = 300;

export abstract class Panel extends Disposable {
  readonly panel: vscode.WebviewPanel;
  private readonly root: vscode.Uri;
  /** The page's HTML was set: made with its first view (readAhead), or without. */
  private pageMade = false;
  /** Waiting for the first read to make the page with it (readAhead). */
  private pageWaits = false;
  /** The view the page's HTML carries, until the page that came with it says ready. */
  private inPage: ToPanel | undefined;
  private ready = false;
  /** What the page has, by message type: the base of updates sent as changes (`asChange`). */
  private readonly pageHas = new Map<ToPanel['type'], ToPanel>();
  private last: ToPanel | undefined;
  private updating: Promise<void> | undefined;
  private again = false;
  private readonly disposeListeners: Array<() => void> = [];
  /** What was last shown, for tests and "is it current". */
  lastPosted: ToPanel | undefined;
  /** Store changes read again for, and passed over (for the API). */
  readonly storeChanges = { followed: 0, passed: 0 };

  protected constructor(
    extensionUri: vscode.Uri,
    viewType: string,
    title: string,
    readonly kind: PanelKind,
    existing?: vscode.WebviewPanel,
  ) {
    super();
    const root = (this.root = vscode.Uri.joinPath(extensionUri, 'dist', 'webview'));
    const options = {
      enableScripts: true,
      localResourceRoots: [root],
      enableFindWidget: true,
      retainContextWhenHidden: false,
    };
    this.panel = existing ?? vscode.window.createWebviewPanel(viewType, title, vscode.ViewColumn.Active, options);
    if (existing) existing.webview.options = options;
    this.panel.title = title;
    this.panel.iconPath = vscode.Uri.joinPath(extensionUri, 'media', 'networks.svg');
    // Made once the panel's own constructor has run: now, or with the first read if it reads ahead.
    queueMicrotask(() => {
      if (!this.pageWaits) this.makePage(undefined);
    });
    this.register(this.panel.webview.onDidReceiveMessage((raw: unknown) => void this.receive(raw)));
    this.register(this.panel.onDidDispose(() => this.dispose()));
    // A hidden panel's page is discarded; when it shows again it says ready again.
    this.register(
      this.panel.onDidChangeViewState(() => {
        if (!this.panel.visible) {
          this.ready = false;
          this.pageHas.clear();
        }
      }),
    );
  }

  /**
   * Calls `changed` when the store changes what the panel is made of: `from` names those objects,
   * compared by identity (the store keeps the objects of what did not change), so a change
   * elsewhere (another network, another engine) costs the panel nothing.
   */
  protected followStore(store: StoreReader, from: () => readonly unknown[], changed = () => void this.update()): void {
    // What the panel is about to show: its first read is under way (readAhead) or comes when the
    // page says ready.
    let before = from();
    this.register(
      store.onDidChange(() => {
        const now = from();
        const same = before.length === now.length && before.every((x, i) => x === now[i]);
        before = now;
        if (same) this.storeChanges.passed++;
        else {
          this.storeChanges.followed++;
          changed();
        }
      }),
    );
  }

  /** What the page sent (also how tests act as the page). */
  async receive(raw: unknown): Promise<void> {
    const message = parseFromPanel(raw);
    if (!message) return;
    if (message.type === 'ready') {
      this.ready = true;
      this.pageHas.clear();
      // Only the first page of the panel comes with its view: a page made again (shown after
      // being hidden) says it did not show one, and is sent what is current. A page that cannot
      // follow an update says ready again, and is sent the same.
      const inPage = this.inPage;
      this.inPage = undefined;
      if (message.shown && inPage) {
        this.pageHas.set(inPage.type, inPage);
        if (this.last && this.last !== inPage) await this.send(this.last);
        return;
      }
      await this.send({ type: 'init', kind: this.kind, strings: panelStrings() });
      if (this.last) await this.send(this.last);
      // A read under way posts when it is done: the page is ready now.
      else if (!this.updating) void this.update();
      return;
    }
    if (message.type === 'copy') {
      await vscode.env.clipboard.writeText(message.text);
      notify.status(l10n.t('Copied {0}', plain(message.text, 40)), 3_000);
      return;
    }
    await this.onMessage(message);
  }

  /**
   * What the pages' buttons do: the public command, with an arguments object naming what the page
   * showed. The command shows its own failure; the page is never thrown at.
   */
  protected async run(command: CommandId, args: Record<string, unknown>): Promise<void> {
    try {
      await vscode.commands.executeCommand(command, args);
    } catch {
      // Reported to the user by the command.
    }
  }

  /**
   * The message that brings a page showing `shown` (the last message of `next`'s type it was sent)
   * to `next`: by default `next` itself; a panel with long lists sends what changed.
   */
  protected asChange(_shown: ToPanel | undefined, next: ToPanel): ToPanel {
    return next;
  }

  /** Handles an action the page asked for; implementations check it names something shown. */
  protected abstract onMessage(message: Exclude<FromPanel, { type: 'ready' } | { type: 'copy' }>): Promise<void>;

  /** Reads what the panel shows and posts it. */
  protected abstract load(): Promise<ToPanel | undefined>;

  get title(): string {
    return this.panel.title;
  }

  protected async post(message: ToPanel): Promise<void> {
    this.last = message;
    this.lastPosted = message;
    if (!this.pageMade) this.makePage(message);
    else if (this.ready) await this.send(message);
  }

  /** Sets the page's HTML, with `first` in it when the first read came before it (readAhead). */
  private makePage(first: ToPanel | undefined): void {
    if (this.pageMade || this.isDisposed) return;
    this.pageMade = true;
    this.inPage = first;
    const messages: ToPanel[] | undefined = first && [
      { type: 'init', kind: this.kind, strings: panelStrings() },
      first,
    ];
    this.panel.webview.html = shell(
      this.panel.webview,
      this.root,
      this.kind === 'topology' ? 'topology' : 'panel',
      messages,
    );
  }

  /** Posts to the page; a panel the user closed meanwhile takes nothing and that is not an error. */
  private async send(message: ToPanel): Promise<void> {
    if (this.isDisposed) return;
    const out = this.asChange(this.pageHas.get(message.type), message);
    this.pageHas.set(message.type, message);
    try {
      await this.panel.webview.postMessage(out);
    } catch (e) {
      // VS Code says "Webview is disposed" when the close has not reached onDidDispose yet.
      if (!this.isDisposed && !/disposed/i.test(String(e))) throw e;
    }
  }

  /** Reads again; calls during a read fold into one more read after it. */
  update(): Promise<void> {
    if (this.updating) {
      this.again = true;
      return this.updating;
    }
    this.updating = (async () => {
      do {
        this.again = false;
        const message = await this.load().catch(
          (e: unknown) => ({ type: 'problem', message: String(e), gone: false }) as ToPanel,
        );
        if (message && !this.isDisposed) await this.post(message);
      } while (this.again && !this.isDisposed);
    })().finally(() => (this.updating = undefined));
    return this.updating;
  }

  /**
   * Starts the first read now, while VS Code makes the webview (a second or more), rather than when
   * the page says ready: the page then gets what was read at once. Called by a panel once its own
   * fields are set.
   */
  protected readAhead(): void {
    // The page is made with the first view, so that it shows it as it starts, without asking
    // (its "ready" and our answer are two more hops through VS Code); or without, if the read is slow.
    this.pageWaits = true;
    const timer = setTimeout(() => this.makePage(undefined), FIRST_READ_WAIT_MS);
    this.register({ dispose: () => clearTimeout(timer) });
    void this.update();
  }

  reveal(): void {
    this.panel.reveal();
  }

  onDispose(listener: () => void): void {
    this.disposeListeners.push(listener);
  }

  override dispose(): void {
    if (this.isDisposed) return;
    super.dispose();
    this.panel.dispose();
    for (const listener of this.disposeListeners.splice(0)) listener();
  }
}

export function timeNow(): string {
  return new Date().toLocaleTimeString(vscode.env.language);
}

/**
 * The page's HTML. Its script and styles are put in it (nonce'd), not linked: a linked file comes
 * through the webview's service worker, a round trip before the page can run. The icons' styles
 * stay a file (their font is found by its address next to them), linked disabled: VS Code shows a
 * webview's frame at the page's load event (or 0.2 s after writing it), and a file being fetched
 * holds that event back (the icons' styles took 0.2-0.45 s to come, the view waiting drawn but
 * hidden). The script turns them on once the page has loaded. Files that cannot be read, or whose
 * text would end the element early, are linked.
 */
function shell(
  webview: vscode.Webview,
  root: vscode.Uri,
  script: 'panel' | 'topology',
  first: readonly ToPanel[] | undefined,
): string {
  const nonce = randomBytes(16).toString('base64');
  const uri = (file: string) => webview.asWebviewUri(vscode.Uri.joinPath(root, file));
  const csp = [
    "default-src 'none'",
    `style-src ${webview.cspSource} 'nonce-${nonce}'`,
    `font-src ${webview.cspSource}`,
    `img-src ${webview.cspSource}`,
    `script-src 'nonce-${nonce}'`,
  ].join('; ');
  const styles = inlineText(root, `${script}.css`, '</style');
  const code = inlineText(root, `${script}.js`, '</script');
  return `<!DOCTYPE html>
<html lang="${vscode.env.language}">
<head>
<meta charset="UTF-8">
<meta http-equiv="Content-Security-Policy" content="${csp}">
<meta name="viewport" content="width=device-width, initial-scale=1.0">
<link rel="stylesheet" href="${uri('codicons/codicon.css')}" id="vscode-codicon-stylesheet" disabled>
${styles !== undefined ? `<style nonce="${nonce}">${styles}</style>` : `<link rel="stylesheet" href="${uri(`${script}.css`)}">`}
</head>
<body>
<main id="root" aria-live="polite"></main>
${first ? firstMessagesElement(first) : ''}
${code !== undefined ? `<script nonce="${nonce}">${code}</script>` : `<script nonce="${nonce}" src="${uri(`${script}.js`)}"></script>`}
</body>
</html>`;
}

const inlined = new Map<string, string | undefined>();

/**
 * A built file's text to put in the page, read once; undefined if it cannot be read, or holds
 * `end` or `<!--` (either would change where the browser ends the element).
 */
function inlineText(root: vscode.Uri, file: string, end: string): string | undefined {
  const at = vscode.Uri.joinPath(root, file).fsPath;
  if (!inlined.has(at)) {
    let text: string | undefined;
    try {
      text = fs.readFileSync(at, 'utf8');
    } catch {
      text = undefined;
    }
    const lower = text?.toLowerCase();
    inlined.set(at, lower !== undefined && !lower.includes(end) && !lower.includes('<!--') ? text : undefined);
  }
  return inlined.get(at);
}
