// Messages between the inspect panel and the extension. Both sides import this file; neither trusts
// what arrives: the extension checks a message's shape, the page only ever sets text.

export interface InspectStrings {
  loading: string;
  rawJson: string;
  driver: string;
  scope: string;
  id: string;
  updated: string;
}

export interface NetworkHeader {
  name: string;
  id: string;
  driver: string;
  scope: string;
}

export type ToInspectPanel =
  | { type: 'init'; strings: InspectStrings }
  | { type: 'network'; header: NetworkHeader; json: string; updatedAt: string }
  | { type: 'problem'; message: string };

export type FromInspectPanel = { type: 'ready' };

export function isFromInspectPanel(value: unknown): value is FromInspectPanel {
  return typeof value === 'object' && value !== null && (value as { type?: unknown }).type === 'ready';
}
