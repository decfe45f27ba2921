// Compose files in the editor: problems as diagnostics (source "Docker Networks"), a lens over each
// declared network, a hover on it and on each service's entry for it, and quick fixes. All of it
// from the files as Compose reads them and the store's snapshot of the file's engine, updated on
// edits and on the engine's events. Fixes write only through the extension's commands or as edits
// the user sees applied to the file.
import * as vscode from 'vscode';
import { l10n, plain } from '../util/text';
import { Disposable } from '../util/lifecycle';
import { Commands } from '../commands/ids';
import { Range } from '../model/compose/file';
import { EngineView, HOVER_COMMANDS, networkHover, networkLenses } from '../model/compose/describe';
import { createArgsOf, editChangesOf, lineRemoval, scalarReplacement } from '../model/compose/fixes';
import { networkStatus } from '../model/compose/project';
import { checkCompose, ComposeFinding, engineNetwork } from '../model/compose/rules';
import { EngineSnapshot } from '../model/snapshot';
import { StoreReader } from '../store';
import { ComposeDocument, ComposeWorkspace } from './workspace';

export const DIAGNOSTIC_SOURCE = 'Docker Networks';

const SELECTOR: vscode.DocumentSelector = [
  { scheme: 'file', pattern: '**/*.{yaml,yml}' },
  { scheme: 'file', language: 'dockercompose' },
];

function toRange(document: vscode.TextDocument, r: Range): vscode.Range {
  return new vscode.Range(document.positionAt(r.start), document.positionAt(r.end));
}

export class ComposeEditor
  extends Disposable
  implements vscode.CodeLensProvider, vscode.HoverProvider, vscode.CodeActionProvider
{
  private readonly diagnostics = this.register(vscode.languages.createDiagnosticCollection('dockerNetworks.compose'));
  private readonly lensesChanged = this.register(new vscode.EventEmitter<void>());
  readonly onDidChangeCodeLenses = this.lensesChanged.event;
  private timer: ReturnType<typeof setTimeout> | undefined;

  constructor(
    private readonly workspace: ComposeWorkspace,
    store: StoreReader,
  ) {
    super();
    this.register(vscode.languages.registerCodeLensProvider(SELECTOR, this));
    this.register(vscode.languages.registerHoverProvider(SELECTOR, this));
    this.register(
      vscode.languages.registerCodeActionsProvider(SELECTOR, this, {
        providedCodeActionKinds: [vscode.CodeActionKind.QuickFix],
      }),
    );
    this.register(workspace.onDidChange(() => this.update()));
    this.register(store.onDidChange(() => this.schedule()));
    this.register(
      vscode.workspace.onDidChangeConfiguration((e) => {
        if (e.affectsConfiguration('dockerNetworks.compose.engine')) this.update();
      }),
    );
    this.register({ dispose: () => clearTimeout(this.timer) });
    this.update();
  }

  private schedule(): void {
    clearTimeout(this.timer);
    this.timer = setTimeout(() => this.update(), 100);
  }

  /** What the file's engine is now, and its snapshot when it has been read. */
  private engine(uri: vscode.Uri): { view: EngineView; snapshot?: EngineSnapshot } {
    const { name, state } = this.workspace.engineFor(uri);
    if (!state)
      return {
        view: {
          state: 'failed',
          engine: name || '—',
          message: name
            ? l10n.t('There is no engine named "{0}" (dockerNetworks.compose.engine).', name)
            : l10n.t('No engine is configured.'),
        },
      };
    if (state.snapshot) return { view: { state: 'read', engine: name }, snapshot: state.snapshot };
    if (state.status === 'error' && state.error)
      return { view: { state: 'failed', engine: name, message: state.error.userMessage } };
    return { view: { state: 'reading', engine: name } };
  }

  private findings(doc: ComposeDocument, snapshot: EngineSnapshot | undefined): ComposeFinding[] {
    return checkCompose(doc.file, snapshot, { alsoDeclared: doc.others });
  }

  private update(): void {
    this.diagnostics.clear();
    for (const doc of this.workspace.all()) {
      const document = vscode.workspace.textDocuments.find((d) => d.uri.toString() === doc.uri.toString());
      // Offsets into the text read; positions need its lines, from the open editor or the text itself.
      const at = document && document.getText() === doc.text ? document : lineIndex(doc.text);
      this.diagnostics.set(
        doc.uri,
        this.findings(doc, this.engine(doc.uri).snapshot).map((f) => {
          const d = new vscode.Diagnostic(
            new vscode.Range(at.positionAt(f.range.start), at.positionAt(f.range.end)),
            // Some carry the file's own text (a `${VAR:?message}`, a YAML error quoting a line).
            plain(f.message, 2000),
            f.severity === 'error' ? vscode.DiagnosticSeverity.Error : vscode.DiagnosticSeverity.Warning,
          );
          d.source = DIAGNOSTIC_SOURCE;
          d.code = f.rule;
          return d;
        }),
      );
    }
    this.lensesChanged.fire();
  }

  /** The document's Compose reading, when it is one and its text is the one read. */
  private current(document: vscode.TextDocument): ComposeDocument | undefined {
    const doc = this.workspace.get(document.uri);
    return doc && doc.text === document.getText() ? doc : undefined;
  }

  provideCodeLenses(document: vscode.TextDocument): vscode.CodeLens[] {
    const doc = this.current(document);
    if (!doc) return [];
    const { view, snapshot } = this.engine(document.uri);
    return doc.file.networks
      .filter((n) => n.declared)
      .flatMap((n) => {
        const status = networkStatus(doc.file, n.key, snapshot, [...doc.file.networks, ...doc.others])!;
        const range = toRange(document, n.keyRange);
        return networkLenses(status, view).map(
          (item) =>
            new vscode.CodeLens(range, {
              title: item.title,
              command: item.command ?? '',
              ...(item.args ? { arguments: [item.args] } : {}),
            }),
        );
      });
  }

  provideHover(document: vscode.TextDocument, position: vscode.Position): vscode.Hover | undefined {
    const doc = this.current(document);
    if (!doc) return undefined;
    const offset = document.offsetAt(position);
    const inside = (r: Range) => r.start <= offset && offset <= r.end && r.end > r.start;
    const declared = doc.file.networks.find((n) => n.declared && inside(n.keyRange));
    const entry = declared
      ? undefined
      : doc.file.services.flatMap((s) => s.networks).find((sn) => sn.key !== 'default' && inside(sn.range));
    const target = declared ?? entry;
    if (!target) return undefined;
    const { view, snapshot } = this.engine(document.uri);
    const status = networkStatus(doc.file, target.key, snapshot, [...doc.file.networks, ...doc.others]);
    if (!status) return undefined;
    const markdown = new vscode.MarkdownString(networkHover(status, view), false);
    markdown.isTrusted = { enabledCommands: [...HOVER_COMMANDS] };
    markdown.supportHtml = false;
    return new vscode.Hover(markdown, toRange(document, declared ? declared.keyRange : entry!.range));
  }

  provideCodeActions(
    document: vscode.TextDocument,
    _range: vscode.Range,
    context: vscode.CodeActionContext,
  ): vscode.CodeAction[] {
    const doc = this.current(document);
    if (!doc) return [];
    const ours = context.diagnostics.filter((d) => d.source === DIAGNOSTIC_SOURCE);
    if (!ours.length) return [];
    const { view, snapshot } = this.engine(document.uri);
    const findings = this.findings(doc, snapshot);
    const actions: vscode.CodeAction[] = [];
    for (const diagnostic of ours) {
      const finding = findings.find(
        (f) => f.rule === diagnostic.code && toRange(document, f.range).isEqual(diagnostic.range),
      );
      if (!finding?.fix) continue;
      const fix = finding.fix;
      const action = (title: string) => {
        const a = new vscode.CodeAction(title, vscode.CodeActionKind.QuickFix);
        a.diagnostics = [diagnostic];
        actions.push(a);
        return a;
      };
      if (fix.kind === 'createExternal') {
        const n = doc.file.networks.find((x) => x.key === fix.network);
        if (!n) continue;
        const create = action(l10n.t('Create the network {0} on {1}', n.name, view.engine));
        create.isPreferred = true;
        create.command = {
          title: create.title,
          command: Commands.createNetwork,
          arguments: [{ ...createArgsOf(n), engine: view.engine }],
        };
        const removal = n.externalRange ? lineRemoval(doc.text, n.externalRange) : undefined;
        if (removal) {
          const remove = action(l10n.t('Remove external: Compose creates {0} itself', n.name));
          remove.edit = new vscode.WorkspaceEdit();
          remove.edit.delete(document.uri, toRange(document, removal));
        }
      } else if (fix.kind === 'recreate') {
        const n = doc.file.networks.find((x) => x.key === fix.network);
        const onEngine = n && snapshot ? engineNetwork(snapshot, n) : undefined;
        const changes = n && onEngine ? editChangesOf(n, onEngine) : undefined;
        if (!n || !onEngine || !changes) continue;
        const recreate = action(
          fix.containers.length
            ? l10n.t(
                'Recreate {0} as the file says, and connect its {1} containers again…',
                n.name,
                fix.containers.length,
              )
            : l10n.t('Recreate {0} as the file says…', n.name),
        );
        recreate.command = {
          title: recreate.title,
          command: Commands.editNetwork,
          arguments: [{ network: onEngine.id, engine: view.engine, changes }],
        };
      } else if (fix.kind === 'replaceSubnet') {
        const replacement = scalarReplacement(doc.text, finding.range, fix.subnet);
        if (replacement === undefined) continue;
        const replace = action(l10n.t('Use the free subnet {0}', fix.subnet));
        replace.isPreferred = true;
        replace.edit = new vscode.WorkspaceEdit();
        replace.edit.replace(document.uri, toRange(document, finding.range), replacement);
      }
    }
    return actions;
  }
}

/** Positions in a text that is not open in an editor. */
function lineIndex(text: string): { positionAt(offset: number): vscode.Position } {
  const starts = [0];
  for (let i = 0; i < text.length; i++) if (text[i] === '\n') starts.push(i + 1);
  return {
    positionAt(offset: number) {
      let lo = 0;
      let hi = starts.length - 1;
      while (lo < hi) {
        const mid = (lo + hi + 1) >> 1;
        if (starts[mid] <= offset) lo = mid;
        else hi = mid - 1;
      }
      return new vscode.Position(lo, offset - starts[lo]);
    },
  };
}
