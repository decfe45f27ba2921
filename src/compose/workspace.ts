// The Compose files of the workspace, read as Compose reads them: found by name, by a `.env`'s
// COMPOSE_FILE and by `include:`; each parsed (from the editor's text while it is open) with the
// `.env` beside it and the window's environment, and grouped into projects, so a file's services
// may use networks its other files declare and every file of a project has the project's name.
// Reads the engine only through the store; starts the store while a Compose file is shown.
import * as path from 'node:path';
import * as vscode from 'vscode';
import { Emitter } from '../util/emitter';
import { Disposable } from '../util/lifecycle';
import { ComposeFile, ComposeNetwork, parseCompose } from '../model/compose/file';
import { Environment, readEnvFile } from '../model/compose/interpolate';
import { COMPOSE_GLOB, composeFileList, isComposeFileName } from '../model/compose/project';
import { SETTINGS_SECTION } from '../commands/ids';
import { EngineState, StoreReader } from '../store';

export interface ComposeDocument {
  uri: vscode.Uri;
  text: string;
  file: ComposeFile;
  /** Networks the project's other files declare (included files, the rest of its COMPOSE_FILE). */
  others: ComposeNetwork[];
}

/** At most this many files are looked at (a workspace of many projects still answers at once). */
const MAX_FILES = 500;
/** How deep `include:` is followed. */
const MAX_INCLUDE_DEPTH = 5;

const key = (uri: vscode.Uri) => uri.toString();

export class ComposeWorkspace extends Disposable {
  private readonly changed = this.register(new Emitter<void>());
  /** Fires when a file or the project it belongs to was read again. */
  readonly onDidChange = this.changed.event;
  private found = new Set<string>();
  /** Folders with a `.env`: where COMPOSE_FILE may be set. */
  private envFolders: string[] = [];
  private documents = new Map<string, ComposeDocument>();
  private rescanTimer: ReturnType<typeof setTimeout> | undefined;
  private editTimer: ReturnType<typeof setTimeout> | undefined;
  private reading: Promise<void> = Promise.resolve();
  private shown = false;

  constructor(
    private readonly store: StoreReader,
    private readonly log: vscode.LogOutputChannel,
  ) {
    super();
    const watcher = this.register(vscode.workspace.createFileSystemWatcher(COMPOSE_GLOB));
    const envWatcher = this.register(vscode.workspace.createFileSystemWatcher('**/.env'));
    for (const w of [watcher, envWatcher])
      for (const on of [w.onDidCreate, w.onDidChange, w.onDidDelete]) this.register(on(() => this.scheduleRescan()));
    this.register(vscode.workspace.onDidChangeWorkspaceFolders(() => this.scheduleRescan()));
    this.register(
      vscode.workspace.onDidChangeTextDocument((e) => {
        if (this.isCompose(e.document.uri) || path.basename(e.document.uri.fsPath) === '.env') this.scheduleEdit();
      }),
    );
    this.register(
      vscode.workspace.onDidOpenTextDocument((d) => {
        if (d.uri.scheme === 'file' && isComposeFileName(path.basename(d.uri.fsPath)) && !this.found.has(key(d.uri)))
          this.scheduleRescan();
      }),
    );
    this.register(
      vscode.workspace.onDidCloseTextDocument((d) => {
        if (this.isCompose(d.uri)) this.scheduleEdit();
      }),
    );
    this.register(vscode.window.onDidChangeVisibleTextEditors(() => this.updateShown()));
    this.register({
      dispose: () => {
        clearTimeout(this.rescanTimer);
        clearTimeout(this.editTimer);
      },
    });
    this.rescan();
    this.updateShown();
  }

  /** Whether `uri` is one of the Compose files (found, named by COMPOSE_FILE or included). */
  isCompose(uri: vscode.Uri): boolean {
    return this.documents.has(key(uri)) || this.found.has(key(uri));
  }

  get(uri: vscode.Uri): ComposeDocument | undefined {
    return this.documents.get(key(uri));
  }

  all(): ComposeDocument[] {
    return [...this.documents.values()];
  }

  /** Resolves once what is being read now has been read. */
  settled(): Promise<void> {
    return this.reading;
  }

  /** The engine a file is checked against: `dockerNetworks.compose.engine` for its folder, else the first. */
  engineFor(uri: vscode.Uri): { name: string; state?: EngineState } {
    const chosen = vscode.workspace.getConfiguration(SETTINGS_SECTION, uri).get<string>('compose.engine', '').trim();
    if (chosen) {
      const state = this.store.engine(chosen);
      return state ? { name: chosen, state } : { name: chosen };
    }
    const first = this.store.engines[0];
    return first ? { name: first.name, state: first } : { name: '' };
  }

  /** While a Compose file is shown, the engines are read (and kept read). */
  private updateShown(): void {
    const shown = vscode.window.visibleTextEditors.some((e) => this.isCompose(e.document.uri));
    // Only changes are told: a first "not shown" would count as demand tracked, and engines that
    // are down would not be retried for a command run before anything was shown.
    if (shown === this.shown) return;
    this.shown = shown;
    this.store.setShown('compose', shown);
  }

  private scheduleRescan(): void {
    clearTimeout(this.rescanTimer);
    this.rescanTimer = setTimeout(() => this.rescan(), 200);
  }

  private scheduleEdit(): void {
    clearTimeout(this.editTimer);
    this.editTimer = setTimeout(() => this.reread(), 150);
  }

  /** Queues a read after the ones queued; one that fails is logged and does not stop the next. */
  private queue(read: () => Promise<void>): void {
    this.reading = this.reading.then(read).catch((e: unknown) => {
      this.log.error(`Reading the Compose files failed: ${e instanceof Error ? e.message : String(e)}`);
    });
  }

  private rescan(): void {
    this.queue(async () => {
      const byName = await vscode.workspace.findFiles(COMPOSE_GLOB, '**/node_modules/**', MAX_FILES);
      // A `.env` may name files of any name in COMPOSE_FILE.
      const envFiles = await vscode.workspace.findFiles('**/.env', '**/node_modules/**', MAX_FILES);
      this.envFolders = envFiles.filter((u) => u.scheme === 'file').map((u) => path.dirname(u.fsPath));
      const open = vscode.workspace.textDocuments
        .filter((d) => d.uri.scheme === 'file' && isComposeFileName(path.basename(d.uri.fsPath)))
        .map((d) => d.uri);
      // Files on disk only: Compose reads local files (a virtual workspace has none to compare).
      this.found = new Set([...byName, ...open].filter((u) => u.scheme === 'file').map(key));
      await this.read();
    });
  }

  private reread(): void {
    this.queue(() => this.read());
  }

  /** Reads every file again: the ones found, those COMPOSE_FILE names, and what they include. */
  private async read(): Promise<void> {
    const texts = new Map<string, string | undefined>();
    const text = async (uri: vscode.Uri): Promise<string | undefined> => {
      const k = key(uri);
      if (!texts.has(k)) texts.set(k, await readText(uri));
      return texts.get(k);
    };
    const envOf = async (dir: string): Promise<Environment> => {
      const dotEnv = await text(vscode.Uri.file(path.join(dir, '.env')));
      // The shell's environment wins over the .env file, as in Compose.
      return { ...(dotEnv ? readEnvFile(dotEnv, process.env) : {}), ...process.env };
    };

    // Projects: each file on its own, except the files one COMPOSE_FILE names (one project, named
    // from the first file's folder) and included files (in the project of the file that includes them).
    const candidates = [...this.found].map((k) => vscode.Uri.parse(k));
    const folders = new Set([
      ...(vscode.workspace.workspaceFolders ?? []).map((f) => f.uri.fsPath),
      ...candidates.map((u) => path.dirname(u.fsPath)),
      ...this.envFolders,
    ]);
    const groups: vscode.Uri[][] = [];
    const grouped = new Set<string>();
    for (const dir of folders) {
      const list = composeFileList(await envOf(dir), process.platform === 'win32');
      if (!list.length) continue;
      const files = list.map((p) => vscode.Uri.file(path.resolve(dir, p)));
      groups.push(files);
      for (const f of files) grouped.add(key(f));
    }
    for (const uri of candidates) if (!grouped.has(key(uri))) groups.push([uri]);

    const next = new Map<string, ComposeDocument>();
    const parse = async (uri: vscode.Uri, project?: string): Promise<ComposeDocument | undefined> => {
      const content = await text(uri);
      if (content === undefined) return undefined;
      const dir = path.dirname(uri.fsPath);
      const file = parseCompose(content, path.basename(dir), await envOf(dir), project);
      return { uri, text: content, file, others: [] };
    };
    for (const group of groups) {
      if (next.size >= MAX_FILES) break;
      const members: ComposeDocument[] = [];
      for (const uri of group) {
        if (next.has(key(uri))) continue;
        const first = members[0]?.file.project;
        const doc = await parse(uri, first);
        if (doc) members.push(doc);
      }
      // A later file's `name:` names the project, as Compose merges files; read again if it does.
      const named = members.length > 1 ? members[members.length - 1].file.project : undefined;
      if (named && named !== members[0].file.project)
        for (let i = 0; i < members.length; i++) members[i] = (await parse(members[i].uri, named)) ?? members[i];
      // Included files, depth first, in the project of the file that includes them.
      const queue = members.map((m) => ({ doc: m, depth: 0 }));
      while (queue.length) {
        const { doc, depth } = queue.shift()!;
        if (depth >= MAX_INCLUDE_DEPTH) continue;
        for (const inc of doc.file.includes) {
          const uri = vscode.Uri.file(path.resolve(path.dirname(doc.uri.fsPath), inc.path));
          if (members.some((m) => key(m.uri) === key(uri))) continue;
          const included = await parse(uri, doc.file.project);
          if (!included) continue;
          members.push(included);
          queue.push({ doc: included, depth: depth + 1 });
        }
      }
      for (const m of members) {
        m.others = members.filter((o) => o !== m).flatMap((o) => o.file.networks.filter((n) => n.declared));
        next.set(key(m.uri), m);
      }
    }
    this.documents = next;
    this.updateShown();
    this.changed.fire();
  }
}

/** The editor's text while the file is open, else the file's; undefined when it cannot be read. */
async function readText(uri: vscode.Uri): Promise<string | undefined> {
  const open = vscode.workspace.textDocuments.find((d) => key(d.uri) === key(uri));
  if (open) return open.getText();
  try {
    const bytes = await vscode.workspace.fs.readFile(uri);
    // A Compose file is small; a huge one is not read (it is not one a person writes).
    if (bytes.byteLength > 4 * 1024 * 1024) return undefined;
    return new TextDecoder().decode(bytes);
  } catch {
    return undefined;
  }
}
