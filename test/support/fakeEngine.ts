// An HTTP server on a unix socket that answers like an engine newer than the one these machines run
// (the real private engine is Docker 20.10): it serves the objects it is given, shaped by the newest
// API definition, so the real extension can be shown what Docker 25–29 send. Or it refuses every
// request with a version error, as Docker 29.0 refuses clients below API 1.44.
import * as fs from 'fs';
import * as http from 'http';
import * as os from 'os';
import * as path from 'path';
import { RawContainer, RawInfo, RawNetwork, RawVersion } from '../../src/engine/types';

export interface FakeEngineContent {
  networks: RawNetwork[];
  containers: RawContainer[];
  version?: RawVersion;
  info?: RawInfo;
  /** Every request answered with this 400 instead. */
  refuse?: string;
}

export class FakeEngine {
  private readonly dir = fs.mkdtempSync(path.join(os.tmpdir(), 'dn-fake-'));
  readonly socketPath = path.join(this.dir, 'engine.sock');
  private readonly server: http.Server;
  private readonly open = new Set<http.ServerResponse>();
  /** Request lines seen, e.g. "GET /networks". */
  readonly requests: string[] = [];

  constructor(private readonly content: FakeEngineContent) {
    this.server = http.createServer((req, res) => this.answer(req, res));
  }

  get host(): string {
    return `unix://${this.socketPath}`;
  }

  listen(): Promise<void> {
    return new Promise((resolve) => this.server.listen(this.socketPath, resolve));
  }

  private answer(req: http.IncomingMessage, res: http.ServerResponse): void {
    const url = new URL(req.url ?? '/', 'http://engine');
    const p = url.pathname.replace(/^\/v[\d.]+/, '');
    this.requests.push(`${req.method} ${p}`);
    const json = (status: number, body: unknown) => {
      res.writeHead(status, { 'Content-Type': 'application/json', 'Api-Version': '1.55' });
      res.end(JSON.stringify(body));
    };
    if (this.content.refuse) return json(400, { message: this.content.refuse });
    if (p === '/_ping') return json(200, 'OK');
    if (p === '/version')
      return json(
        200,
        this.content.version ?? {
          Version: '29.7.0',
          ApiVersion: '1.55',
          MinAPIVersion: '1.40',
          Os: 'linux',
          Arch: 'amd64',
          Components: [{ Name: 'Engine', Version: '29.7.0' }],
        },
      );
    if (p === '/info')
      return json(
        200,
        this.content.info ?? {
          Name: 'newest',
          OSType: 'linux',
          Architecture: 'x86_64',
          Swarm: { LocalNodeState: 'inactive' },
          FirewallBackend: { Driver: 'nftables' },
        },
      );
    // Docker 29 lists networks without a Containers key at all.
    if (p === '/networks')
      return json(
        200,
        this.content.networks.map(({ Containers: _c, Status: _s, ...n }) => n),
      );
    if (p.startsWith('/networks/')) {
      const id = decodeURIComponent(p.slice('/networks/'.length));
      const n = this.content.networks.find((x) => x.Id === id || x.Name === id);
      return n ? json(200, n) : json(404, { message: `network ${id} not found` });
    }
    if (p === '/containers/json') {
      const filters = url.searchParams.get('filters');
      const ids = filters ? (JSON.parse(filters) as { id?: string[] }).id : undefined;
      return json(
        200,
        ids ? this.content.containers.filter((c) => ids.some((i) => c.Id.startsWith(i))) : this.content.containers,
      );
    }
    if (p.startsWith('/containers/') && p.endsWith('/json')) {
      const id = decodeURIComponent(p.slice('/containers/'.length, -'/json'.length));
      const c = this.content.containers.find((x) => x.Id === id || x.Id.startsWith(id));
      return c
        ? json(200, {
            Id: c.Id,
            Name: `/${c.Names?.[0] ?? c.Id}`,
            State: { Status: c.State },
            NetworkSettings: c.NetworkSettings,
          })
        : json(404, { message: 'no such container' });
    }
    if (p === '/events') {
      // Held open, newline-delimited JSON; nothing happens on this engine.
      res.writeHead(200, { 'Content-Type': 'application/x-ndjson' });
      res.flushHeaders();
      this.open.add(res);
      res.on('close', () => this.open.delete(res));
      return;
    }
    json(404, { message: `page not found: ${p}` });
  }

  async dispose(): Promise<void> {
    for (const res of this.open) res.destroy();
    this.server.closeAllConnections();
    await new Promise((r) => this.server.close(r));
    fs.rmSync(this.dir, { recursive: true, force: true });
  }
}
