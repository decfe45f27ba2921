// ssh:// engines reached the way the docker CLI reaches them: the system's OpenSSH client runs
// `docker system dial-stdio` on the remote host. So host keys are checked against known_hosts
// (hashed entries, [host]:port, @revoked, the system file), ~/.ssh/config applies (HostName, User,
// Port, IdentityFile, ProxyJump, Include, Match), a URL without a user takes the config's or the
// current user, and the agent works as in a terminal. Unlike the CLI (one ssh process and login per
// connection), one connection per engine carries every request and the event stream: a
// ControlMaster logs in once and each HTTP connection is a session multiplexed over it.
//
// The HTTP client reaches the sessions through a socket of our own in a private folder: each
// connection to it is bridged to one `dial-stdio` session. (A custom http.Agent would be simpler,
// but VS Code's proxy support replaces the agent of every request that has no socket path.)
//
// Why not ssh2 (docker-modem's transport): it verified no host key, read no config or known_hosts,
// needed a user in the URL and logged in once per request.
import { ChildProcess, spawn } from 'child_process';
import * as fs from 'fs';
import * as http from 'http';
import * as net from 'net';
import * as os from 'os';
import * as path from 'path';
import { l10n } from '../util/text';
import { EngineEndpoint } from './endpoint';
import { EngineError } from './errors';
import { briefInInspect } from './transport';

export interface SshClientOptions {
  /** The ssh executable; default `ssh` from PATH. */
  executable?: string;
  /** An ssh_config file to use instead of ~/.ssh/config (`ssh -F`). */
  configFile?: string;
  /** Seconds to wait for the TCP connection (ConnectTimeout); default 15. */
  connectTimeoutS?: number;
  /** The environment of the ssh processes; default the process's. */
  env?: NodeJS.ProcessEnv;
}

export type HostKeyProblem = 'unknown' | 'changed' | 'revoked' | 'other';

/** What an SshTransport error carries beyond its message, in EngineError's `code`. */
export const SshCodes = {
  hostKeyUnknown: 'SSH_HOST_KEY_UNKNOWN',
  hostKeyChanged: 'SSH_HOST_KEY_CHANGED',
  hostKeyRevoked: 'SSH_HOST_KEY_REVOKED',
  hostKey: 'SSH_HOST_KEY',
  authentication: 'SSH_AUTHENTICATION',
  held: 'SSH_HELD',
  noClient: 'SSH_NO_CLIENT',
  noDocker: 'SSH_NO_DOCKER',
  closed: 'SSH_CLOSED',
} as const;

/**
 * Failed logins an engine may cause before it waits for the user, and in what window: servers
 * with fail2ban ban a user after 5 in 10 minutes. After any failed login or host key refusal the
 * transport makes no further attempt by itself; a user's Retry makes one, within this bound.
 */
export const MAX_FAILED_LOGINS = 4;
export const FAILED_LOGIN_WINDOW_MS = 10 * 60_000;

/** Parallel HTTP connections (ssh sessions) over the one login; sshd allows 10 (MaxSessions). */
const MAX_SESSIONS = 6;

interface Target {
  /** As given to ssh: the host of the URL (config may map it elsewhere). */
  host: string;
  user?: string;
  port?: number;
}

function parseTarget(host: string): Target {
  let url: URL;
  try {
    url = new URL(host);
  } catch {
    throw new EngineError(
      'invalidArgument',
      l10n.t('"{0}" is not an engine address (expected unix://, tcp:// or ssh://).', host),
    );
  }
  const target: Target = { host: url.hostname.replace(/^\[(.*)\]$/, '$1') };
  if (!target.host) throw new EngineError('invalidArgument', l10n.t('"{0}" has no host.', host));
  // Option injection: whatever follows `--` is a destination, but a host cannot start with "-".
  if (target.host.startsWith('-'))
    throw new EngineError('invalidArgument', l10n.t('"{0}" is not a host name.', target.host));
  if (url.username) target.user = decodeURIComponent(url.username);
  if (target.user?.startsWith('-'))
    throw new EngineError('invalidArgument', l10n.t('"{0}" is not a user name.', target.user));
  if (url.port) target.port = Number(url.port);
  if (url.pathname && url.pathname !== '/') {
    throw new EngineError('invalidArgument', l10n.t('"{0}": an ssh:// address takes no path.', host));
  }
  return target;
}

/** Turns what ssh printed (it is not translated) into a plain sentence and a kind. */
export function sshError(stderr: string, exitCode: number | null, host: string): EngineError {
  const text = stderr.replace(/\r/g, '').trim();
  const details = { daemonMessage: text || l10n.t('ssh exited with code {0}', String(exitCode)) };
  const fingerprint = /(SHA256:[A-Za-z0-9+/=]+)/.exec(text)?.[1]?.replace(/\.$/, '');
  if (/REMOTE HOST IDENTIFICATION HAS CHANGED|has changed and you have requested strict checking/.test(text)) {
    const remove = /^\s*(ssh-keygen -f .* -R .*)$/m.exec(text)?.[1];
    return new EngineError(
      'hostKey',
      l10n.t(
        'The host key of {0} has changed since it was last trusted: the server now presents {1}. Someone may be intercepting the connection.',
        host,
        fingerprint ?? '?',
      ),
      {
        ...details,
        code: SshCodes.hostKeyChanged,
        hint: remove
          ? l10n.t(
              'If the server was reinstalled or its key replaced on purpose, confirm the new fingerprint with its administrator, remove the old key ({0}) and Retry.',
              remove,
            )
          : l10n.t(
              'If the server was reinstalled or its key replaced on purpose, confirm the new fingerprint with its administrator, remove the old key from known_hosts and Retry.',
            ),
      },
    );
  }
  if (/REVOKED HOST KEY|marked as revoked/i.test(text)) {
    return new EngineError(
      'hostKey',
      l10n.t('The host key of {0} is marked as revoked in known_hosts; the connection was refused.', host),
      {
        ...details,
        code: SshCodes.hostKeyRevoked,
        hint: l10n.t('Ask the administrator of {0} for its current key.', host),
      },
    );
  }
  if (
    /host key is known for .* and you have requested strict checking|authenticity of host .* can't be established/i.test(
      text,
    )
  ) {
    return new EngineError(
      'hostKey',
      l10n.t('The host key of {0} is not known yet, so the connection was not made.', host),
      {
        ...details,
        code: SshCodes.hostKeyUnknown,
        hint: l10n.t(
          'Use "Trust Host Key…" to see its fingerprint and trust it, or connect once with ssh in a terminal.',
        ),
      },
    );
  }
  if (/Host key verification failed/.test(text)) {
    return new EngineError('hostKey', l10n.t('The host key of {0} could not be verified.', host), {
      ...details,
      code: SshCodes.hostKey,
    });
  }
  if (/Permission denied \(|Too many authentication failures|Authentication failed/.test(text)) {
    return new EngineError('permission', l10n.t('{0} refused the SSH login.', host), {
      ...details,
      code: SshCodes.authentication,
      hint: l10n.t(
        'Check that your key is in the agent (ssh-add -l) or set sshIdentityFile for this engine, and that the server has its public key in authorized_keys. Retry when fixed: failed logins are not repeated by themselves.',
      ),
    });
  }
  if (/Could not resolve hostname/.test(text)) {
    return new EngineError('unreachable', l10n.t('The host of {0} cannot be found.', host), {
      ...details,
      hint: l10n.t('Check the host name of this engine.'),
    });
  }
  if (/Connection timed out|Operation timed out/.test(text)) {
    return new EngineError('timeout', l10n.t('The SSH connection to {0} timed out.', host), details);
  }
  if (/Connection refused/.test(text)) {
    return new EngineError('unreachable', l10n.t('Nothing accepts SSH connections at {0}.', host), {
      ...details,
      hint: l10n.t('Is the SSH server running there?'),
    });
  }
  if (exitCode === 127 || /docker: (command )?not found|command not found/.test(text)) {
    return new EngineError('unreachable', l10n.t('{0} has no docker command on the PATH of SSH sessions.', host), {
      ...details,
      code: SshCodes.noDocker,
      hint: l10n.t(
        'Engines over ssh:// run `docker system dial-stdio` on the remote host, as the docker CLI does: install the docker CLI there.',
      ),
    });
  }
  if (
    /No route to host|Network is unreachable|Connection closed by|Connection reset by|kex_exchange_identification|banner exchange|Broken pipe/.test(
      text,
    )
  ) {
    return new EngineError(
      'unreachable',
      l10n.t('The SSH connection to {0} failed: {1}', host, lastLine(text)),
      details,
    );
  }
  return new EngineError(
    'unreachable',
    l10n.t(
      'The SSH connection to {0} failed: {1}',
      host,
      lastLine(text) || l10n.t('ssh exited with code {0}', String(exitCode)),
    ),
    details,
  );
}

function lastLine(text: string): string {
  const lines = text
    .split('\n')
    .map((l) => l.trim())
    .filter(Boolean);
  return lines[lines.length - 1] ?? '';
}

/**
 * One engine's SSH connection: a ControlMaster started on the first request, sessions over it for
 * every HTTP connection, no automatic attempt after a refused login or host key, and a bound on
 * failed logins even for the user's retries.
 */
/**
 * A Unix socket's path holds about 100 bytes (103 on macOS, 107 on Linux): the longest here is
 * ssh's control socket while it is made, `c.` and 16 characters more, in a folder `dn-ssh-` and 6.
 * A temporary folder too deep for it (TMPDIR set so) gives way to /tmp.
 */
const SOCKET_PATH_MAX = 103;
function socketBase(): string {
  const tmp = os.tmpdir();
  if (process.platform === 'win32') return tmp;
  const longest = path.join(tmp, 'dn-ssh-XXXXXX', `c.${'X'.repeat(16)}`);
  return Buffer.byteLength(longest) <= SOCKET_PATH_MAX ? tmp : '/tmp';
}

export class SshTransport {
  /** Keeps HTTP connections (sessions) open between requests: a new session costs a remote process. */
  readonly httpAgent = briefInInspect(
    new http.Agent({
      keepAlive: true,
      maxSockets: MAX_SESSIONS,
      maxFreeSockets: 2,
      timeout: 60_000,
    }),
  );
  private readonly target: Target;
  private readonly multiplex = process.platform !== 'win32';
  private dir: string | undefined;
  private server: net.Server | undefined;
  private listening: Promise<void> | undefined;
  /** The socket's path, once its folder is made. */
  private where: string | undefined;
  private readonly sessions = new Set<ChildProcess>();
  private readonly waiting: net.Socket[] = [];
  private master: ChildProcess | undefined;
  private masterReady = false;
  private starting: Promise<void> | undefined;
  /** After a refused login or host key: the error every automatic attempt gets, until a retry. */
  private held: EngineError | undefined;
  private failedLogins: number[] = [];
  /** Why the last session failed, for the request that saw only its connection close. */
  private lastSessionError: { error: EngineError; at: number } | undefined;
  private disposed = false;
  /** Connections attempted (ssh processes that may log in), for tests and the log. */
  attempts = 0;

  constructor(
    private readonly endpoint: EngineEndpoint,
    private readonly options: SshClientOptions = {},
  ) {
    this.target = parseTarget(endpoint.host);
  }

  /**
   * The socket the HTTP client connects to; each connection becomes one `docker system
   * dial-stdio` session (at most MAX_SESSIONS at a time, the others wait). Never rejected:
   * docker-modem keeps the first answer for good and does not catch it, so a rejection would leave
   * every request waiting for its timeout. A socket that cannot listen is `ready()`'s to say, before
   * each request; it is tried again then.
   */
  socketPath(): Promise<string> {
    // Where it listens, else a path nothing listens on (a request there fails at once).
    const where = () => this.where ?? path.join(socketBase(), 'dn-ssh-not-listening.sock');
    return this.listen().then(where, where);
  }

  /** Connects (logs in) unless connected; fails with the reason when it cannot. */
  async ready(): Promise<void> {
    this.checkOpen();
    await this.listen();
    if (this.multiplex) await this.ensureMaster();
    else this.checkHeld();
  }

  /** Listens on the socket, once; a failure is said, and the next request tries again. */
  private listen(): Promise<void> {
    if (!this.listening) {
      let where: string;
      try {
        const dir = path.dirname(this.controlPath());
        where = process.platform === 'win32' ? `\\\\.\\pipe\\${path.basename(dir)}` : path.join(dir, 'docker.sock');
      } catch (e) {
        return Promise.reject(e as Error);
      }
      this.where = where;
      const server = net.createServer((socket) => this.accept(socket));
      this.server = server;
      this.listening = new Promise<void>((resolve, reject) => {
        server.once('error', reject);
        server.listen(where, () => resolve());
      }).catch((e: unknown) => {
        this.listening = undefined;
        if (this.server === server) this.server = undefined;
        server.close();
        throw new EngineError(
          'unreachable',
          l10n.t(
            'The local socket for the SSH connection to {0} could not be opened ({1}): {2}',
            this.endpoint.host,
            where,
            (e as Error).message,
          ),
        );
      });
    }
    return this.listening;
  }

  /**
   * A request failed as the HTTP client saw it (the connection closed): the session's own
   * reason, when one failed just now.
   */
  explain(error: EngineError): EngineError {
    const last = this.lastSessionError;
    if (last && Date.now() - last.at < 10_000 && (error.kind === 'unreachable' || error.kind === 'unknown'))
      return last.error;
    return error;
  }

  private accept(socket: net.Socket): void {
    socket.on('error', () => socket.destroy());
    if (this.sessions.size >= MAX_SESSIONS) {
      this.waiting.push(socket);
      socket.once('close', () => {
        const i = this.waiting.indexOf(socket);
        if (i >= 0) this.waiting.splice(i, 1);
      });
      return;
    }
    void this.bridge(socket);
  }

  private async bridge(socket: net.Socket): Promise<void> {
    if (this.disposed) {
      socket.destroy();
      return;
    }
    try {
      await this.ready();
    } catch (e) {
      this.lastSessionError = { error: e as EngineError, at: Date.now() };
      socket.destroy();
      return;
    }
    if (socket.destroyed) return;
    const args = [...this.commonArgs()];
    if (this.multiplex) args.push('-S', this.controlPath(), '-o', 'ControlMaster=no');
    args.push('-T', '--', this.target.host, 'docker', 'system', 'dial-stdio');
    const child = this.spawn(args);
    if (!this.multiplex) this.attempts++;
    this.sessions.add(child);
    let stderr = '';
    let answered = false;
    child.stderr!.on('data', (chunk: Buffer) => {
      if (stderr.length < 16_384) stderr += chunk.toString('utf8');
    });
    child.stdout!.once('data', () => (answered = true));
    child.stdin!.on('error', () => undefined); // EPIPE once ssh has gone; 'close' says why
    socket.pipe(child.stdin!);
    child.stdout!.pipe(socket);
    socket.on('close', () => {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
    });
    const done = (code: number | null, error?: Error) => {
      if (!this.sessions.delete(child)) return;
      if (error || (code !== 0 && code !== null && !answered)) {
        const failure =
          error && (error as NodeJS.ErrnoException).code === 'ENOENT'
            ? this.noClient()
            : this.failed(sshError(stderr, code, this.endpoint.host));
        this.lastSessionError = { error: failure, at: Date.now() };
      }
      socket.destroy();
      const next = this.waiting.shift();
      if (next) void this.bridge(next);
    };
    child.on('error', (e) => done(null, e));
    child.on('close', (code) => done(code));
  }

  private noClient(): EngineError {
    return new EngineError('unreachable', l10n.t('The ssh client ({0}) was not found.', this.executable), {
      code: SshCodes.noClient,
      hint: l10n.t('Install OpenSSH (the ssh command), or set dockerNetworks.sshPath.'),
    });
  }

  /** The ssh arguments every invocation shares: config, strictness, the engine's user, port, key. */
  private commonArgs(): string[] {
    const args: string[] = [];
    if (this.options.configFile) args.push('-F', this.options.configFile);
    args.push(
      '-o',
      'BatchMode=yes',
      '-o',
      'StrictHostKeyChecking=yes',
      '-o',
      'PasswordAuthentication=no',
      '-o',
      'KbdInteractiveAuthentication=no',
      '-o',
      `ConnectTimeout=${this.options.connectTimeoutS ?? 15}`,
    );
    if (this.target.port) args.push('-p', String(this.target.port));
    if (this.target.user) args.push('-l', this.target.user);
    const identity = this.endpoint.ssh?.identityFile;
    if (identity) args.push('-i', identity, '-o', 'IdentitiesOnly=yes');
    return args;
  }

  private env(extra: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv {
    const env = { ...(this.options.env ?? process.env), ...extra };
    if (this.endpoint.ssh?.agent) env.SSH_AUTH_SOCK = this.endpoint.ssh.agent;
    return env;
  }

  private get executable(): string {
    return this.options.executable || 'ssh';
  }

  /**
   * The folder of this connection's sockets, made when first needed. Never again once disposed: a
   * call still under way from a client the settings replaced would log in again, with no one left
   * to stop that ssh.
   */
  private controlPath(): string {
    this.checkOpen();
    if (!this.dir) this.dir = fs.mkdtempSync(path.join(socketBase(), 'dn-ssh-'));
    return path.join(this.dir, 'c');
  }

  /** A user's Retry: one more attempt, within the bound on failed logins. */
  release(): void {
    this.held = undefined;
  }

  /** The error automatic attempts get while the transport waits for the user. */
  get heldError(): EngineError | undefined {
    return this.held;
  }

  private spawn(args: string[], env?: NodeJS.ProcessEnv): ChildProcess {
    return spawn(this.executable, args, { stdio: ['pipe', 'pipe', 'pipe'], env: env ?? this.env(), windowsHide: true });
  }

  private checkOpen(): void {
    if (this.disposed)
      throw new EngineError(
        'unreachable',
        l10n.t('The connection to {0} was closed when the engines were set again; try again.', this.endpoint.host),
        { code: SshCodes.closed },
      );
  }

  private checkHeld(): void {
    if (this.held) throw this.held;
    const now = Date.now();
    this.failedLogins = this.failedLogins.filter((t) => now - t < FAILED_LOGIN_WINDOW_MS);
    if (this.failedLogins.length >= MAX_FAILED_LOGINS) {
      const minutes = Math.ceil((FAILED_LOGIN_WINDOW_MS - (now - this.failedLogins[0])) / 60_000);
      throw new EngineError(
        'permission',
        l10n.t(
          '{0} refused {1} SSH logins in the last 10 minutes; no more attempts for {2} min, so the server does not lock the account out.',
          this.endpoint.host,
          this.failedLogins.length,
          minutes,
        ),
        {
          code: SshCodes.held,
        },
      );
    }
  }

  /** Notes a refused login or host key: nothing more is tried until the user retries. */
  private failed(error: EngineError): EngineError {
    if (error.code === SshCodes.authentication) this.failedLogins.push(Date.now());
    if (error.kind === 'hostKey' || error.code === SshCodes.authentication) this.held = error;
    return error;
  }

  private ensureMaster(): Promise<void> {
    if (this.masterReady && this.master && this.master.exitCode === null && this.master.signalCode === null)
      return Promise.resolve();
    if (!this.starting) {
      this.starting = this.startMaster().finally(() => {
        this.starting = undefined;
      });
    }
    return this.starting;
  }

  /**
   * Logs in once: ssh -M -N, ready when its control socket appears. `first` go before the common
   * options, since ssh takes the first value it is given for each.
   */
  private startMaster(first: string[] = [], env?: NodeJS.ProcessEnv): Promise<void> {
    this.checkHeld();
    this.masterReady = false;
    const control = this.controlPath();
    fs.rmSync(control, { force: true });
    const args = [
      ...first,
      ...this.commonArgs(),
      '-M',
      '-N',
      '-S',
      control,
      '-o',
      'ControlPersist=no',
      '-o',
      'ServerAliveInterval=15',
      '-o',
      'ServerAliveCountMax=3',
      '--',
      this.target.host,
    ];
    const child = this.spawn(args, env);
    this.master = child;
    this.attempts++;
    let stderr = '';
    child.stderr!.on('data', (chunk: Buffer) => {
      if (stderr.length < 16_384) stderr += chunk.toString('utf8');
    });
    return new Promise<void>((resolve, reject) => {
      let settled = false;
      const finish = (error?: EngineError) => {
        if (settled) return;
        settled = true;
        clearInterval(poll);
        clearTimeout(limit);
        if (error) reject(error);
        else {
          this.masterReady = true;
          resolve();
        }
      };
      // The socket appears once the login succeeded.
      const poll = setInterval(() => {
        if (fs.existsSync(control)) finish();
      }, 25);
      const limit = setTimeout(
        () => {
          child.kill('SIGTERM');
          finish(new EngineError('timeout', l10n.t('The SSH connection to {0} timed out.', this.endpoint.host)));
        },
        ((this.options.connectTimeoutS ?? 15) + 30) * 1000,
      );
      child.on('error', (e: NodeJS.ErrnoException) => {
        finish(
          e.code === 'ENOENT'
            ? this.noClient()
            : new EngineError('unreachable', l10n.t('ssh could not be started: {0}', e.message), { cause: e }),
        );
      });
      child.on('close', (code) => {
        if (this.master === child) {
          this.master = undefined;
          this.masterReady = false;
        }
        finish(this.failed(sshError(stderr, code, this.endpoint.host)));
      });
    });
  }

  /**
   * The fingerprint of the unknown host key the server presents, read without logging in: ssh is
   * asked to confirm the key through an askpass program that notes the question and answers no.
   * `known`: the key was known after all (and the connection is up).
   */
  async probeHostKey(): Promise<{ known: true } | { known: false; fingerprint: string; question: string }> {
    const held = this.held;
    this.held = undefined;
    try {
      const question = await this.askpassMaster(undefined);
      if (question === undefined) return { known: true };
      const fingerprint = /(SHA256:[A-Za-z0-9+/=]+)/.exec(question)?.[1];
      if (!fingerprint)
        throw new EngineError(
          'hostKey',
          l10n.t('ssh asked no question about the host key of {0}.', this.endpoint.host),
          { daemonMessage: question, code: SshCodes.hostKey },
        );
      return { known: false, fingerprint, question };
    } finally {
      // Looking is not a retry: what held the engine before still holds it.
      this.held = held;
    }
  }

  /**
   * Trusts the unknown host key with this fingerprint, the way answering "yes" in a terminal
   * does (ssh writes it to known_hosts as its config says), and logs in. Any other key is refused.
   */
  async trustHostKey(fingerprint: string): Promise<void> {
    if (!/^SHA256:[A-Za-z0-9+/=]+$/.test(fingerprint))
      throw new EngineError('invalidArgument', l10n.t('"{0}" is not an SSH key fingerprint (SHA256:…).', fingerprint));
    this.held = undefined;
    await this.askpassMaster(fingerprint);
  }

  /**
   * Starts the master with an askpass program for the host key question: "yes" only when the
   * question names `fingerprint`, otherwise "no"; any other question (a passphrase, a password) is
   * refused. Resolves with the question ssh asked (undefined: it asked none, the key was known).
   */
  private async askpassMaster(fingerprint: string | undefined): Promise<string | undefined> {
    if (!this.multiplex) {
      throw new EngineError(
        'invalidArgument',
        l10n.t(
          'Checking a host key from here needs OpenSSH with ControlMaster, which Windows lacks; connect once with ssh in a terminal instead.',
        ),
      );
    }
    this.controlPath();
    const dir = this.dir!;
    const script = path.join(dir, 'askpass');
    const questionFile = path.join(dir, 'question');
    fs.rmSync(questionFile, { force: true });
    fs.writeFileSync(
      script,
      [
        '#!/bin/sh',
        'printf "%s\\n" "$1" >> "$DN_SSH_QUESTION_FILE"',
        'case "$1" in',
        '  *"continue connecting"*)',
        '    if [ -n "$DN_SSH_FINGERPRINT" ]; then case "$1" in *"$DN_SSH_FINGERPRINT"*) echo yes; exit 0 ;; esac; fi',
        '    echo no; exit 0 ;;',
        'esac',
        'exit 1',
        '',
      ].join('\n'),
      { mode: 0o700 },
    );
    const env = this.env({
      SSH_ASKPASS: script,
      SSH_ASKPASS_REQUIRE: 'force',
      DN_SSH_QUESTION_FILE: questionFile,
      DN_SSH_FINGERPRINT: fingerprint ?? '',
    });
    this.stopMaster();
    try {
      await this.startMaster(
        ['-o', 'BatchMode=no', '-o', 'StrictHostKeyChecking=ask', '-o', 'NumberOfPasswordPrompts=0'],
        env,
      );
    } catch (e) {
      const question = readText(questionFile);
      if (!fingerprint && question) return question; // the probe: it asked, and was told no
      const presented = /(SHA256:[A-Za-z0-9+/=]+)/.exec(question)?.[1];
      if (fingerprint && presented && presented !== fingerprint) {
        throw this.failed(
          new EngineError(
            'hostKey',
            l10n.t(
              '{0} now presents the host key {1}, not the {2} that was approved; nothing was trusted.',
              this.endpoint.host,
              presented,
              fingerprint,
            ),
            {
              code: SshCodes.hostKey,
              daemonMessage: question,
            },
          ),
        );
      }
      throw e;
    }
    const question = readText(questionFile);
    return fingerprint ? question : question || undefined;
  }

  private stopMaster(): void {
    const master = this.master;
    this.master = undefined;
    this.masterReady = false;
    if (master && master.exitCode === null && master.signalCode === null) master.kill('SIGTERM');
  }

  dispose(): void {
    this.disposed = true;
    this.httpAgent.destroy();
    for (const socket of this.waiting.splice(0)) socket.destroy();
    for (const child of this.sessions) child.kill('SIGTERM');
    this.sessions.clear();
    this.server?.close();
    this.server = undefined;
    this.stopMaster();
    if (this.dir) fs.rmSync(this.dir, { recursive: true, force: true });
    this.dir = undefined;
  }
}

function readText(file: string): string {
  try {
    return fs.readFileSync(file, 'utf8');
  } catch {
    return '';
  }
}
