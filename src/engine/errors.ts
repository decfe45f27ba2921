// Every failure of the engine layer, transport or daemon, becomes one EngineError with a kind that
// the UI can act on, the daemon's own text (for the log) and a plain-language hint.
import { l10n } from '../util/text';

export type EngineErrorKind =
  | 'unreachable'
  | 'permission'
  | 'tls'
  | 'hostKey'
  | 'timeout'
  | 'cancelled'
  | 'notFound'
  | 'conflict'
  | 'activeEndpoints'
  | 'poolOverlap'
  | 'poolExhausted'
  | 'noIpv6Pool'
  | 'builtIn'
  | 'invalidArgument'
  | 'unknown';

export interface EngineErrorDetails {
  /** What the daemon or the transport said, verbatim. */
  daemonMessage?: string;
  /** What the user can do about it. */
  hint?: string;
  statusCode?: number;
  /** The transport's error code (ENOENT, ECONNREFUSED, CERT_HAS_EXPIRED, …). */
  code?: string;
  cause?: unknown;
}

export class EngineError extends Error {
  readonly daemonMessage: string | undefined;
  readonly hint: string | undefined;
  readonly statusCode: number | undefined;
  readonly code: string | undefined;

  constructor(
    readonly kind: EngineErrorKind,
    message: string,
    details: EngineErrorDetails = {},
  ) {
    super(message, details.cause === undefined ? undefined : { cause: details.cause });
    this.name = 'EngineError';
    this.daemonMessage = details.daemonMessage;
    this.hint = details.hint;
    this.statusCode = details.statusCode;
    this.code = details.code;
  }

  /** The message followed by the hint, for a notification or a tree state. */
  get userMessage(): string {
    return this.hint ? `${this.message} ${this.hint}` : this.message;
  }
}

export function isEngineError(value: unknown): value is EngineError {
  return value instanceof EngineError;
}

/** What to tell a person of an error: an engine error's plain message, or the error's own. */
export function errorText(e: unknown): string {
  return isEngineError(e) ? e.userMessage : e instanceof Error ? e.message : String(e);
}

/** Where an engine is, as said to the user: a socket path or a URL. */
export interface ErrorContext {
  /** `unix:///var/run/docker.sock`, `tcp://host:2376`, `ssh://user@host`. */
  endpoint: string;
  /** What we were doing, e.g. "list networks". Only for the log. */
  operation?: string;
}

const TLS_CODES = new Set([
  'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
  'UNABLE_TO_GET_ISSUER_CERT',
  'UNABLE_TO_GET_ISSUER_CERT_LOCALLY',
  'SELF_SIGNED_CERT_IN_CHAIN',
  'DEPTH_ZERO_SELF_SIGNED_CERT',
  'CERT_HAS_EXPIRED',
  'CERT_NOT_YET_VALID',
  'CERT_SIGNATURE_FAILURE',
  'CERT_UNTRUSTED',
  'CERT_REJECTED',
  'ERR_TLS_CERT_ALTNAME_INVALID',
  'EPROTO',
]);

interface TransportLike {
  code?: unknown;
  statusCode?: unknown;
  json?: unknown;
  message?: unknown;
  level?: unknown;
  name?: unknown;
}

function daemonText(err: TransportLike): string {
  const json = err.json as { message?: unknown } | string | Buffer | null | undefined;
  if (json && typeof json === 'object' && !Buffer.isBuffer(json) && typeof json.message === 'string')
    return json.message;
  if (typeof json === 'string' && json.trim()) return json.trim();
  if (Buffer.isBuffer(json) && json.length) return json.toString('utf8').trim();
  const message = typeof err.message === 'string' ? err.message : String(err);
  // docker-modem wraps the daemon's text as "(HTTP code 404) no such network - <text> "
  return message.replace(/^\(HTTP code \d+\) [^-]*- /, '').trim();
}

/** Maps what the daemon answered (an HTTP status with its message) to a kind. */
export function fromDaemon(status: number, text: string, ctx: ErrorContext): EngineError {
  const details = { daemonMessage: text, statusCode: status };
  const lower = text.toLowerCase();
  if (/pool overlaps|overlaps with other one|networks have overlapping/.test(lower)) {
    return new EngineError('poolOverlap', l10n.t('The subnet overlaps a network that already exists on this engine.'), {
      ...details,
      hint: l10n.t('Choose a subnet that no other network uses.'),
    });
  }
  if (/could not find an available, non-overlapping ipv6 address pool/.test(lower)) {
    // Engines before 27 have no IPv6 pool at all unless the daemon is given one: for them this
    // is not a pool used up but no pool, and an IPv4 subnet does not help.
    return new EngineError('noIpv6Pool', l10n.t('The engine has no free IPv6 subnet in its default address pools.'), {
      ...details,
      hint: l10n.t(
        'Give the network an IPv6 subnet (a unique local fdxx:…::/64 is usual). Engines before Docker 27 have no IPv6 pool unless the daemon is given one.',
      ),
    });
  }
  if (/could not find an available, non-overlapping ipv4 address pool/.test(lower)) {
    return new EngineError('poolExhausted', l10n.t("The engine's default address pools are used up."), {
      ...details,
      hint: l10n.t("Give the network an explicit subnet, or widen the daemon's default-address-pools setting."),
    });
  }
  if (/active endpoints/.test(lower)) {
    return new EngineError('activeEndpoints', l10n.t('The network still has containers connected to it.'), {
      ...details,
      hint: l10n.t('Disconnect them first.'),
    });
  }
  if (/pre-defined network|predefined network/.test(lower)) {
    return new EngineError('builtIn', l10n.t('Built-in networks cannot be changed or removed.'), {
      ...details,
      hint: l10n.t('bridge, host and none (and ingress under swarm) are managed by the engine itself.'),
    });
  }
  const tooOld = /client version (\S+) is too old\. minimum supported api version is ([0-9.]+)/i.exec(text);
  if (tooOld) {
    return new EngineError(
      'unknown',
      l10n.t(
        'The engine at {0} refuses API version {1}: it needs {2} or later.',
        ctx.endpoint,
        tooOld[1],
        tooOld[2].replace(/\.$/, ''),
      ),
      {
        ...details,
        hint: l10n.t(
          'This extension sends its requests without a version, which the engine answers in its own; a proxy in between, or the DOCKER_MIN_API_VERSION of the engine, may be asking for another.',
        ),
      },
    );
  }
  if (status === 404) {
    return new EngineError('notFound', l10n.t('Not found on the engine: {0}', text), {
      ...details,
      hint: l10n.t('It may have been removed meanwhile.'),
    });
  }
  if (status === 409) {
    const duplicate = /network with name (.+) already exists/i.exec(text);
    if (duplicate)
      return new EngineError(
        'conflict',
        l10n.t('A network named {0} already exists on this engine.', duplicate[1]),
        details,
      );
    return new EngineError('conflict', l10n.t('The engine refused because of a conflict: {0}', text), details);
  }
  if (status === 401 || (status === 403 && /permission|denied|unauthori[sz]ed/.test(lower))) {
    return new EngineError(
      'permission',
      l10n.t('The engine at {0} denied the request: {1}', ctx.endpoint, text),
      details,
    );
  }
  if (status === 400 || status === 403 || /^invalid |: invalid |invalid (cidr|subnet|address|ip|gateway)/.test(lower)) {
    // Docker 25+ answers every IPAM problem of a create at once, one per line.
    const problems = text
      .split(/\r?\n/)
      .map((l) => l.trim().replace(/^[*-]\s*/, ''))
      .filter(Boolean);
    return new EngineError(
      'invalidArgument',
      l10n.t('The engine refused the request: {0}', problems.join(' · ')),
      details,
    );
  }
  return new EngineError('unknown', l10n.t('The engine failed: {0}', text), details);
}

/** Maps anything thrown while talking to an engine to an EngineError. */
export function toEngineError(err: unknown, ctx: ErrorContext): EngineError {
  if (err instanceof EngineError) return err;
  const e = (typeof err === 'object' && err !== null ? err : { message: String(err) }) as TransportLike;
  if (typeof e.statusCode === 'number') return withCause(fromDaemon(e.statusCode, daemonText(e), ctx), err);

  const code = typeof e.code === 'string' ? e.code : undefined;
  const text = typeof e.message === 'string' ? e.message : String(err);
  const details: EngineErrorDetails = { daemonMessage: text, code, cause: err };
  const where = ctx.endpoint;

  if (e.name === 'AbortError' || code === 'ABORT_ERR') {
    return new EngineError('cancelled', l10n.t('The request to {0} was cancelled.', where), details);
  }
  if (code && (TLS_CODES.has(code) || code.startsWith('ERR_SSL') || code.startsWith('ERR_TLS'))) {
    return new EngineError('tls', l10n.t('The TLS connection to {0} failed: {1}', where, text), {
      ...details,
      hint: l10n.t('Check the CA, certificate and key of this engine (DOCKER_CERT_PATH or the context).'),
    });
  }
  switch (code) {
    case 'ENOENT':
      return new EngineError('unreachable', l10n.t('The Docker socket {0} does not exist.', where), {
        ...details,
        hint: l10n.t('Is Docker running? Start it, or choose another engine.'),
      });
    case 'EACCES':
    case 'EPERM':
      return new EngineError('permission', l10n.t('Permission denied on {0}.', where), {
        ...details,
        hint: l10n.t('Add your user to the docker group and log in again, or use a rootless engine.'),
      });
    case 'ECONNREFUSED':
      return new EngineError('unreachable', l10n.t('Nothing accepts connections at {0}.', where), {
        ...details,
        hint: l10n.t('Is the Docker daemon running and listening there?'),
      });
    case 'ENOTFOUND':
    case 'EAI_AGAIN':
      return new EngineError('unreachable', l10n.t('The host of {0} cannot be found.', where), {
        ...details,
        hint: l10n.t('Check the host name of this engine.'),
      });
    case 'EHOSTUNREACH':
    case 'ENETUNREACH':
    case 'ECONNRESET':
    case 'EPIPE':
    case 'ENOTSOCK':
      return new EngineError('unreachable', l10n.t('The connection to {0} failed: {1}', where, text), details);
    case 'ETIMEDOUT':
    case 'ESOCKETTIMEDOUT':
      return new EngineError('timeout', l10n.t('{0} did not answer in time.', where), details);
  }
  if (/socket hang up/i.test(text)) {
    return new EngineError('unreachable', l10n.t('The connection to {0} failed: {1}', where, text), details);
  }
  return new EngineError('unknown', l10n.t('Talking to {0} failed: {1}', where, text), details);
}

function withCause(error: EngineError, cause: unknown): EngineError {
  Object.defineProperty(error, 'cause', { value: cause, enumerable: false });
  return error;
}

export function timeoutError(ctx: ErrorContext, ms: number): EngineError {
  return new EngineError(
    'timeout',
    l10n.t('{0} did not answer within {1} s.', ctx.endpoint, Math.round(ms / 100) / 10),
    {
      hint: l10n.t(
        'The engine may be busy or the connection slow; the timeout is the setting dockerNetworks.requestTimeoutSeconds.',
      ),
    },
  );
}
