// Every command, view and context key ID in one place; a unit test checks these against package.json.
// No `vscode` import, so tests and other plain-Node code can use it.

export const Commands = {
  refresh: 'dockerNetworks.refresh',
  filter: 'dockerNetworks.filter',
  clearFilter: 'dockerNetworks.clearFilter',
  inspectNetwork: 'dockerNetworks.inspectNetwork',
  revealInTree: 'dockerNetworks.revealInTree',
  showContainerNetworking: 'dockerNetworks.showContainerNetworking',
  showTopology: 'dockerNetworks.showTopology',
  showAddressSpace: 'dockerNetworks.showAddressSpace',
  createNetwork: 'dockerNetworks.createNetwork',
  removeNetwork: 'dockerNetworks.removeNetwork',
  pruneNetworks: 'dockerNetworks.pruneNetworks',
  connectContainer: 'dockerNetworks.connectContainer',
  connectToNetwork: 'dockerNetworks.connectToNetwork',
  disconnectContainer: 'dockerNetworks.disconnectContainer',
  runContainer: 'dockerNetworks.runContainer',
  copyName: 'dockerNetworks.copyName',
  copyId: 'dockerNetworks.copyId',
  copyCreateCommand: 'dockerNetworks.copyCreateCommand',
  copyComposeEntry: 'dockerNetworks.copyComposeEntry',
  copyIpAddress: 'dockerNetworks.copyIpAddress',
  deleteSelection: 'dockerNetworks.deleteSelection',
  showLog: 'dockerNetworks.showLog',
  openSettings: 'dockerNetworks.openSettings',
  trustHostKey: 'dockerNetworks.trustHostKey',
  diagnoseConnectivity: 'dockerNetworks.diagnoseConnectivity',
  showReachability: 'dockerNetworks.showReachability',
  showNames: 'dockerNetworks.showNames',
  showPorts: 'dockerNetworks.showPorts',
  editNetwork: 'dockerNetworks.editNetwork',
  insertIntoComposeFile: 'dockerNetworks.insertIntoComposeFile',
  duplicateNetwork: 'dockerNetworks.duplicateNetwork',
} as const;

export type CommandId = (typeof Commands)[keyof typeof Commands];

export const Views = {
  container: 'dockerNetworks',
  networks: 'dockerNetworks.networks',
} as const;

export const ContextKeys = {
  /** loading | error | empty | ready: which welcome content the view shows. */
  state: 'dockerNetworks.state',
  /** true while a filter narrows the view. */
  filtered: 'dockerNetworks.filtered',
} as const;

export const ContextValues = {
  engine: 'dockerNetworks:engine',
  group: 'dockerNetworks:group',
  network: 'dockerNetworks:network',
  container: 'dockerNetworks:container',
  loadBalancer: 'dockerNetworks:loadBalancer',
  service: 'dockerNetworks:service',
  task: 'dockerNetworks:task',
  peer: 'dockerNetworks:peer',
  swarmNode: 'dockerNetworks:swarmNode',
  message: 'dockerNetworks:message',
} as const;

/**
 * An engine's word (a driver, a scope) as a flag of a context value: the menus read flags with
 * `viewItem =~ /…/`, which the engine must not be able to write (a driver named `x+custom` would
 * read as the flag `custom` and offer Edit and Remove on a built-in network).
 */
export const contextFlag = (word: string): string => word.replace(/[^A-Za-z0-9_.-]/g, '_') || 'unknown';

export const EXTENSION_ID = 'docker-networks.docker-networks';
export const SETTINGS_SECTION = 'dockerNetworks';
