// Insert into Compose File…: the sibling of Copy as Compose Entry that writes the entry where it
// belongs — under the chosen file's `networks:` — and, from a container (or with `service`), puts
// that container's service on it. The file's own text is kept as written: only insertions, made as
// an edit of the open document, so Undo takes them back.
import * as path from 'node:path';
import * as vscode from 'vscode';
import { l10n } from '../../util/text';
import { pickOne } from '../../dialogs/pick';
import { insertNetwork } from '../../model/compose/insert';
import { composeEntry, composeKey } from '../../model/render';
import { COMPOSE_PROJECT } from '../../model/compose';
import { ContainerRow } from '../../tree/containerRow';
import { ComposeDocument } from '../../compose/workspace';
import { ArgumentError } from '../args';
import { Call } from '../contract';
import { Commands } from '../ids';
import { orCancel } from '../prompts';

const SERVICE_LABEL = 'com.docker.compose.service';

export async function insertIntoComposeFile(
  call: Call<typeof Commands.insertIntoComposeFile>,
): Promise<{ file: string; key: string; service?: string } | undefined> {
  const { ctx, args } = call;
  const { engine, network } = await call.network({ title: l10n.t('Insert which network?') });
  const containerRef =
    args?.container ?? (call.row instanceof ContainerRow ? call.row.endpoint.containerId : undefined);
  const container = containerRef !== undefined ? await call.findContainer(engine, containerRef) : undefined;

  await ctx.composeFiles.settled();
  const doc = await chooseFile(call, args?.file);
  const folder = vscode.workspace.getWorkspaceFolder(doc.uri);
  const shownPath = folder ? path.relative(folder.uri.fsPath, doc.uri.fsPath) : doc.uri.fsPath;

  // The service: as given, the container's own (Compose's label) when the file has it, else picked.
  let service = args?.service;
  if (service === undefined && container) {
    const labels = (await ctx.store.containerDetails(engine.name, container.id)).Config?.Labels ?? {};
    const own = labels[SERVICE_LABEL];
    if (own && doc.file.services.some((s) => s.name === own)) service = own;
    else if (args)
      throw new ArgumentError(l10n.t('{0} is not a service of {1}: give "service".', container.name, shownPath));
    else {
      const items = doc.file.services.map((s) => ({ label: s.name, service: s.name }));
      if (!items.length) throw new ArgumentError(l10n.t('{0} has no services.', shownPath));
      service = orCancel(
        await pickOne(items, { title: l10n.t('Which service of {0} goes on {1}?', shownPath, network.name) }),
      ).service;
    }
  }

  // A network this project made is declared already under its key; any other is referenced as external.
  const declared = doc.file.networks.find((n) => n.declared && n.name === network.name);
  const ours = network.labels[COMPOSE_PROJECT] === doc.file.project;
  const entry = composeEntry(network, { external: !ours });
  const result = insertNetwork(
    doc.text,
    { key: composeKey(network), name: network.name, lines: entry.trimEnd().split('\n').slice(1) },
    service,
    declared?.key,
  );
  if (!result.ok) throw new ArgumentError(`${shownPath}: ${result.message}`);

  const document = await vscode.workspace.openTextDocument(doc.uri);
  if (document.getText() !== doc.text)
    throw new ArgumentError(l10n.t('{0} changed while it was read; try again.', shownPath));
  const edit = new vscode.WorkspaceEdit();
  for (const i of result.insertions) edit.insert(doc.uri, document.positionAt(i.offset), i.text);
  if (!(await vscode.workspace.applyEdit(edit))) throw new Error(l10n.t('{0} could not be edited.', shownPath));
  await vscode.window.showTextDocument(document, { preview: false });
  return { file: doc.uri.fsPath, key: result.key, ...(service !== undefined ? { service } : {}) };
}

/** The Compose file: as given (absolute, or relative to the first workspace folder), else picked. */
async function chooseFile(
  call: Call<typeof Commands.insertIntoComposeFile>,
  file: string | undefined,
): Promise<ComposeDocument> {
  const files = call.ctx.composeFiles.all();
  if (file !== undefined) {
    const root = vscode.workspace.workspaceFolders?.[0]?.uri.fsPath ?? '';
    const wanted = path.resolve(root, file);
    const found = files.find((d) => d.uri.fsPath === wanted);
    if (!found) throw new ArgumentError(l10n.t('{0} is not a Compose file of this workspace.', file));
    return found;
  }
  if (!files.length)
    throw new ArgumentError(
      l10n.t(
        'This workspace has no Compose file (compose.yaml, docker-compose.yml, *.compose.yaml, or one COMPOSE_FILE names).',
      ),
    );
  const items = files.map((d) => {
    const folder = vscode.workspace.getWorkspaceFolder(d.uri);
    return {
      label: folder ? path.relative(folder.uri.fsPath, d.uri.fsPath) : d.uri.fsPath,
      description: l10n.t('project {0}', d.file.project),
      doc: d,
    };
  });
  return orCancel(await pickOne(items, { title: l10n.t('Insert into which Compose file?') })).doc;
}
