// The engine's `/events` stream: newline-delimited JSON, kept open, reopened with backoff when it
// ends or fails, until disposed. Whoever listens refreshes on `connected`, which covers whatever
// happened while the stream was down.
import { StringDecoder } from 'string_decoder';
import { EngineError, toEngineError } from './errors';
import { RawEvent } from './types';

/** An event is about a kilobyte; a line longer than this is not one, and is dropped. */
export const MAX_EVENT_LINE = 1024 * 1024;

/**
 * The stream cut into lines: a character split across two chunks is joined, and a line longer
 * than `maxLine` is dropped (and said so) instead of growing the buffer without end.
 */
export class EventLines {
  private readonly decoder = new StringDecoder('utf8');
  private buffer = '';
  private dropping = false;

  constructor(private readonly maxLine = MAX_EVENT_LINE) {}

  push(chunk: Buffer | string): { lines: string[]; dropped: boolean } {
    const lines: string[] = [];
    let dropped = false;
    let text = typeof chunk === 'string' ? chunk : this.decoder.write(chunk);
    for (;;) {
      const newline = text.indexOf('\n');
      if (newline < 0) break;
      const line = this.buffer + text.slice(0, newline);
      text = text.slice(newline + 1);
      this.buffer = '';
      if (this.dropping)
        this.dropping = false; // the end of the line being dropped
      else if (line.length > this.maxLine) dropped = true;
      else if (line.trim()) lines.push(line.trim());
    }
    if (!this.dropping) {
      this.buffer += text;
      if (this.buffer.length > this.maxLine) {
        this.buffer = '';
        this.dropping = true;
        dropped = true;
      }
    }
    return { lines, dropped };
  }
}

export interface EventStreamHandlers {
  onEvent(event: RawEvent): void;
  /** The stream is open (again): anything may have changed meanwhile. */
  onConnected?(): void;
  /** The stream failed or ended; it will retry after `retryInMs`. */
  onDisconnected?(error: EngineError, retryInMs: number): void;
  /** A line could not be read (too long, not JSON): an event may be missing. */
  onLost?(): void;
}

export interface EventStreamOptions {
  /** Fixed, or read at each (re)connect. */
  filters?: Record<string, string[]> | (() => Record<string, string[]>);
  /** First retry delay; doubles up to maxBackoffMs, each delay varied by ±20 % so engines do not retry in step. */
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
  /** No retries while paused (nothing shows this engine); an open stream stays open. */
  private paused = false;
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
    this.minBackoffMs = options.minBackoffMs ?? 500;
    this.maxBackoffMs = options.maxBackoffMs ?? 60_000;
    this.backoffMs = this.minBackoffMs;
    this.endpoint = options.endpoint ?? '';
  }

  start(): void {
    if (this.started || this.disposed) return;
    this.started = true;
    void this.connect();
  }

  /** Stops retrying while nothing needs this engine; `resume` reconnects at once if it is down. */
  pause(): void {
    this.paused = true;
    if (this.retryTimer) clearTimeout(this.retryTimer);
    this.retryTimer = undefined;
  }

  resume(): void {
    if (!this.paused) return;
    this.paused = false;
    this.retryNow();
  }

  get isPaused(): boolean {
    return this.paused;
  }

  /** Reconnects now instead of waiting for the backoff (a user's Retry). */
  retryNow(): void {
    if (this.disposed || !this.started || this.controller || this.paused) return;
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
    const reader = new EventLines();
    stream.on('data', (chunk: Buffer | string) => {
      const { lines, dropped } = reader.push(chunk);
      let lost = dropped;
      for (const line of lines) {
        let event: RawEvent;
        try {
          event = JSON.parse(line) as RawEvent;
        } catch {
          lost = true;
          continue;
        }
        if (event && typeof event === 'object') this.handlers.onEvent(event);
        else lost = true;
      }
      if (lost) this.handlers.onLost?.();
    });
    const ended = (error?: unknown) => {
      destroy(stream);
      this.failed(
        controller,
        toEngineError(error ?? Object.assign(new Error('event stream ended'), { code: 'ECONNRESET' }), {
          endpoint: this.endpoint,
          operation: 'events',
        }),
      );
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
    const delay = Math.round(this.backoffMs * (0.8 + Math.random() * 0.4));
    this.backoffMs = Math.min(this.backoffMs * 2, this.maxBackoffMs);
    this.handlers.onDisconnected?.(error, delay);
    if (this.paused) return;
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
