// The engine's `/events` stream: newline-delimited JSON, kept open, reopened with backoff when it
// ends or fails, until disposed. Whoever listens refreshes on `connected`, which covers whatever
// happened while the stream was down.
import { EngineError, toEngineError } from './errors';
import { RawEvent } from './types';

export interface EventStreamHandlers {
  onEvent(event: RawEvent): void;
  /** The stream is open (again): anything may have changed meanwhile. */
  onConnected?(): void;
  /** The stream failed or ended; it will retry after `retryInMs`. */
  onDisconnected?(error: EngineError, retryInMs: number): void;
}

export interface EventStreamOptions {
  /** Fixed, or read at each (re)connect. */
  filters?: Record<string, string[]> | (() => Record<string, string[]>);
  /** First retry delay; doubles up to maxBackoffMs. */
  minBackoffMs?: number;
  maxBackoffMs?: number;
  /** The engine's address, for error messages. */
  endpoint?: string;
}

export type OpenStream = (signal: AbortSignal) => Promise<NodeJS.ReadableStream>;

export class EventStream {
  private controller: AbortController | undefined;
  private retryTimer: NodeJS.Timeout | undefined;
  private backoffMs: number;
  private disposed = false;
  private started = false;
  private readonly minBackoffMs: number;
  private readonly maxBackoffMs: number;
  private readonly endpoint: string;
  /** Times the stream has been opened; tests use it to see reconnects. */
  connections = 0;

  constructor(
    private readonly open: OpenStream,
    private readonly handlers: EventStreamHandlers,
    options: EventStreamOptions = {},
  ) {
    this.minBackoffMs = options.minBackoffMs ?? 250;
    this.maxBackoffMs = options.maxBackoffMs ?? 2_000;
    this.backoffMs = this.minBackoffMs;
    this.endpoint = options.endpoint ?? '';
  }

  start(): void {
    if (this.started || this.disposed) return;
    this.started = true;
    void this.connect();
  }

  /** Reconnects now instead of waiting for the backoff (a user's Retry). */
  retryNow(): void {
    if (this.disposed || !this.started || this.controller) return;
    if (this.retryTimer) clearTimeout(this.retryTimer);
    this.retryTimer = undefined;
    this.backoffMs = this.minBackoffMs;
    void this.connect();
  }

  /** Opens the stream again now (its filters may have changed); listeners see a new `connected`. */
  reopen(): void {
    if (this.disposed || !this.started) return;
    const controller = this.controller;
    this.controller = undefined;
    controller?.abort();
    if (this.retryTimer) clearTimeout(this.retryTimer);
    this.retryTimer = undefined;
    this.backoffMs = this.minBackoffMs;
    void this.connect();
  }

  get isConnected(): boolean {
    return this.controller !== undefined;
  }

  private async connect(): Promise<void> {
    if (this.disposed) return;
    const controller = new AbortController();
    this.controller = controller;
    let stream: NodeJS.ReadableStream;
    try {
      stream = await this.open(controller.signal);
    } catch (e) {
      this.failed(controller, toEngineError(e, { endpoint: this.endpoint, operation: 'events' }));
      return;
    }
    if (this.disposed || controller.signal.aborted) {
      destroy(stream);
      return;
    }
    this.connections++;
    this.backoffMs = this.minBackoffMs;
    let buffer = '';
    stream.on('data', (chunk: Buffer | string) => {
      buffer += chunk.toString();
      let newline: number;
      while ((newline = buffer.indexOf('\n')) >= 0) {
        const line = buffer.slice(0, newline).trim();
        buffer = buffer.slice(newline + 1);
        if (!line) continue;
        let event: RawEvent;
        try {
          event = JSON.parse(line) as RawEvent;
        } catch {
          continue; // a torn or foreign line; the next refresh reads the truth anyway
        }
        this.handlers.onEvent(event);
      }
    });
    const ended = (error?: unknown) => {
      destroy(stream);
      this.failed(controller, toEngineError(error ?? Object.assign(new Error('event stream ended'), { code: 'ECONNRESET' }), { endpoint: this.endpoint, operation: 'events' }));
    };
    stream.on('end', () => ended());
    stream.on('close', () => ended());
    stream.on('error', (e: unknown) => ended(e));
    this.handlers.onConnected?.();
  }

  private failed(controller: AbortController, error: EngineError): void {
    if (this.controller !== controller) return; // already handled
    this.controller = undefined;
    if (this.disposed) return;
    const delay = this.backoffMs;
    this.backoffMs = Math.min(this.backoffMs * 2, this.maxBackoffMs);
    this.handlers.onDisconnected?.(error, delay);
    this.retryTimer = setTimeout(() => {
      this.retryTimer = undefined;
      void this.connect();
    }, delay);
  }

  dispose(): void {
    this.disposed = true;
    if (this.retryTimer) clearTimeout(this.retryTimer);
    this.retryTimer = undefined;
    const controller = this.controller;
    this.controller = undefined;
    controller?.abort();
  }
}

function destroy(stream: NodeJS.ReadableStream): void {
  const s = stream as NodeJS.ReadableStream & { destroy?: () => void };
  s.destroy?.();
}
