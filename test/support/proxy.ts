// A unix-socket proxy in front of the private engine, so tests can cut connections, take the
// engine "away" and bring it back, or slow it down, without touching the engine itself.
import * as fs from 'fs';
import * as net from 'net';
import * as os from 'os';
import * as path from 'path';

export class SocketProxy {
  readonly dir = fs.mkdtempSync(path.join(os.tmpdir(), 'dn-proxy-'));
  readonly socketPath = path.join(this.dir, 'proxy.sock');
  private server: net.Server | undefined;
  private readonly pairs = new Set<[net.Socket, net.Socket]>();
  /** The last request line seen on each open connection. */
  private readonly current = new Map<net.Socket, string>();
  /** Delay added before each connection is forwarded. */
  delayMs = 0;
  /** Accept each connection and close it at once (counted), as an engine that is restarting. */
  refuse = false;
  /** Requests ("DELETE /networks/…") held back this long, or until `until` settles (see hold), before they reach the engine. */
  slowRequests: { pattern: RegExp; ms: number; until?: Promise<unknown> } | undefined;
  /** See loseAnswers. */
  private lost: { pattern: RegExp; count: number } | undefined;
  connections = 0;
  /** Every request line seen ("GET /networks"), in order. */
  readonly requests: string[] = [];

  constructor(private readonly target: string) {}

  /** Holds requests matching `pattern` back until the returned release is called (which also stops holding). */
  hold(pattern: RegExp): () => void {
    let release!: () => void;
    const until = new Promise<void>((resolve) => (release = resolve));
    this.slowRequests = { pattern, ms: 0, until };
    return () => {
      if (this.slowRequests?.until === until) this.slowRequests = undefined;
      release();
    };
  }

  /**
   * The next `count` requests matching `pattern` reach the engine, and their answers never come
   * back: when the engine answers (it has done what was asked), the client's connection is cut
   * instead — a call done on the engine whose answer was lost, as when ours timed out.
   */
  loseAnswers(pattern: RegExp, count = 1): void {
    this.lost = { pattern, count };
  }

  get host(): string {
    return `unix://${this.socketPath}`;
  }

  async listen(): Promise<void> {
    if (this.server) return;
    const server = net.createServer((client) => {
      this.connections++;
      if (this.refuse) {
        client.destroy();
        return;
      }
      const forward = () => {
        const upstream = net.connect(this.target);
        const pair: [net.Socket, net.Socket] = [client, upstream];
        this.pairs.add(pair);
        const end = () => {
          this.pairs.delete(pair);
          this.current.delete(client);
          client.destroy();
          upstream.destroy();
        };
        client.on('error', end).on('close', end);
        upstream.on('error', end).on('close', end);
        let silent = false;
        client.on('data', (chunk: Buffer) => {
          let slow = false;
          for (const m of chunk.toString('latin1').matchAll(/^(GET|POST|PUT|DELETE|HEAD) (\S+) HTTP\/1\.[01]\r$/gm)) {
            const line = `${m[1]} ${m[2].replace(/^\/v[\d.]+/, '')}`;
            this.requests.push(line);
            this.current.set(client, line);
            if (this.slowRequests?.pattern.test(line)) slow = true;
            if (this.lost && this.lost.count > 0 && this.lost.pattern.test(line)) {
              this.lost.count--;
              silent = true;
            }
          }
          if (!slow) {
            upstream.write(chunk);
            return;
          }
          // Held back, on a connection that may have served other requests before.
          client.pause();
          const { ms, until } = this.slowRequests!;
          const release = () => {
            if (!upstream.destroyed) upstream.write(chunk);
            client.resume();
          };
          if (until) void until.finally(release);
          else setTimeout(release, ms);
        });
        client.on('end', () => upstream.end());
        upstream.on('data', (chunk: Buffer) => {
          if (silent) {
            end();
            return;
          }
          if (!client.write(chunk)) {
            upstream.pause();
            client.once('drain', () => upstream.resume());
          }
        });
        upstream.on('end', () => client.end());
      };
      if (this.delayMs > 0) {
        client.pause();
        setTimeout(() => {
          client.resume();
          forward();
        }, this.delayMs);
      } else forward();
    });
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(this.socketPath, () => resolve());
    });
    this.server = server;
  }

  /** How many open connections are serving a request that starts with `prefix` ("GET /events"). */
  openRequests(prefix: string): number {
    let n = 0;
    for (const line of this.current.values()) if (line.startsWith(prefix)) n++;
    return n;
  }

  /** Cuts every open connection (the event stream among them); new ones still work. */
  dropConnections(): void {
    for (const [a, b] of this.pairs) {
      a.destroy();
      b.destroy();
    }
    this.pairs.clear();
    this.current.clear();
  }

  /** Stops listening and cuts everything: the engine is "gone" (the socket file disappears). */
  async close(): Promise<void> {
    const server = this.server;
    this.server = undefined;
    this.dropConnections();
    if (server) await new Promise((r) => server.close(r));
    fs.rmSync(this.socketPath, { force: true });
  }

  async dispose(): Promise<void> {
    await this.close();
    fs.rmSync(this.dir, { recursive: true, force: true });
  }
}
