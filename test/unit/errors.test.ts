import * as assert from 'assert';
import { EngineError, fromDaemon, toEngineError } from '../../src/engine/errors';
import { EventLines } from '../../src/engine/events';
import { sshError, SshCodes } from '../../src/engine/ssh';

const ctx = { endpoint: 'unix:///var/run/docker.sock' };

describe('engine errors', () => {
  const transport: Array<[string, Record<string, unknown>, string, RegExp]> = [
    [
      'missing socket',
      { code: 'ENOENT', message: 'connect ENOENT /var/run/docker.sock' },
      'unreachable',
      /does not exist/,
    ],
    [
      'permission',
      { code: 'EACCES', message: 'connect EACCES /var/run/docker.sock' },
      'permission',
      /Permission denied/,
    ],
    [
      'refused',
      { code: 'ECONNREFUSED', message: 'connect ECONNREFUSED 127.0.0.1:2375' },
      'unreachable',
      /Nothing accepts connections/,
    ],
    ['unknown host', { code: 'ENOTFOUND', message: 'getaddrinfo ENOTFOUND nohost' }, 'unreachable', /cannot be found/],
    ['timeout', { code: 'ETIMEDOUT', message: 'connect ETIMEDOUT' }, 'timeout', /did not answer/],
    [
      'bad CA',
      { code: 'SELF_SIGNED_CERT_IN_CHAIN', message: 'self-signed certificate in certificate chain' },
      'tls',
      /TLS connection/,
    ],
    [
      'TLS alert',
      { code: 'ERR_SSL_TLSV1_ALERT_UNKNOWN_CA', message: 'tlsv1 alert unknown ca' },
      'tls',
      /TLS connection/,
    ],
    ['aborted', { name: 'AbortError', message: 'The operation was aborted' }, 'cancelled', /cancelled/],
    ['hang up', { code: 'ECONNRESET', message: 'socket hang up' }, 'unreachable', /connection/],
    ['anything else', { message: 'weird' }, 'unknown', /weird/],
  ];
  for (const [name, err, kind, text] of transport) {
    it(`maps a transport failure: ${name} → ${kind}`, () => {
      const e = toEngineError(err, ctx);
      assert.ok(e instanceof EngineError);
      assert.strictEqual(e.kind, kind);
      assert.match(e.message, text);
      assert.ok(e.daemonMessage, 'keeps the original text for the log');
    });
  }

  const daemon: Array<[number, string, string]> = [
    [404, 'network foo not found', 'notFound'],
    [409, 'network with name foo already exists', 'conflict'],
    [403, 'error while removing network: network foo id 123 has active endpoints', 'activeEndpoints'],
    [403, 'bridge is a pre-defined network and cannot be removed', 'builtIn'],
    [403, 'Pool overlaps with other one on this address space', 'poolOverlap'],
    [400, 'invalid pool request: Pool overlaps with other one on this address space', 'poolOverlap'],
    [
      500,
      'could not find an available, non-overlapping IPv4 address pool among the defaults to assign to the network',
      'poolExhausted',
    ],
    [
      500,
      'could not find an available, non-overlapping IPv6 address pool among the defaults to assign to the network',
      'noIpv6Pool',
    ],
    [400, 'invalid CIDR address: 10.0.0.0/99', 'invalidArgument'],
    [401, 'unauthorized', 'permission'],
    [500, 'something broke', 'unknown'],
  ];
  for (const [status, text, kind] of daemon) {
    it(`maps the daemon's ${status} "${text.slice(0, 40)}…" → ${kind}`, () => {
      const e = fromDaemon(status, text, ctx);
      assert.strictEqual(e.kind, kind);
      assert.strictEqual(e.daemonMessage, text);
      assert.strictEqual(e.statusCode, status);
      assert.ok(e.userMessage.length > 10);
    });
  }

  it('reads the daemon text from docker-modem errors', () => {
    const modemError = Object.assign(new Error('(HTTP code 404) no such network - network nope not found '), {
      statusCode: 404,
      json: { message: 'network nope not found' },
    });
    const e = toEngineError(modemError, ctx);
    assert.strictEqual(e.kind, 'notFound');
    assert.strictEqual(e.daemonMessage, 'network nope not found');
  });

  it('passes an EngineError through unchanged', () => {
    const original = new EngineError('conflict', 'x');
    assert.strictEqual(toEngineError(original, ctx), original);
  });
});

// What OpenSSH 9 prints (it is not translated), as seen against a real sshd.
describe('ssh errors in plain words', () => {
  const host = 'ssh://root@127.0.0.1:2222';
  const cases: Array<[string, string, number, string, string | undefined, RegExp]> = [
    [
      'unknown host key',
      'No ED25519 host key is known for [127.0.0.1]:2222 and you have requested strict checking.\r\nHost key verification failed.\r\n',
      255,
      'hostKey',
      SshCodes.hostKeyUnknown,
      /not known yet/,
    ],
    [
      'changed host key',
      [
        '@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@',
        '@    WARNING: REMOTE HOST IDENTIFICATION HAS CHANGED!     @',
        'The fingerprint for the ED25519 key sent by the remote host is',
        'SHA256:OcPx9KSzaYRpnVBHkmumwtO/MYKRdudW4oHKp/7PXBw.',
        'Offending ED25519 key in /home/u/.ssh/known_hosts:1',
        '  remove with:',
        '  ssh-keygen -f "/home/u/.ssh/known_hosts" -R "[127.0.0.1]:2222"',
        'Host key for [127.0.0.1]:2222 has changed and you have requested strict checking.',
        'Host key verification failed.',
      ].join('\n'),
      255,
      'hostKey',
      SshCodes.hostKeyChanged,
      /has changed .* SHA256:OcPx9KSzaYRpnVBHkmumwtO\/MYKRdudW4oHKp\/7PXBw\./,
    ],
    [
      'revoked host key',
      'The ED25519 host key for [127.0.0.1]:2222 is marked as revoked.\nHost key verification failed.',
      255,
      'hostKey',
      SshCodes.hostKeyRevoked,
      /revoked/,
    ],
    [
      'refused key',
      'root@127.0.0.1: Permission denied (publickey).',
      255,
      'permission',
      SshCodes.authentication,
      /refused the SSH login/,
    ],
    [
      'nothing listening',
      'ssh: connect to host 127.0.0.1 port 2222: Connection refused',
      255,
      'unreachable',
      undefined,
      /Nothing accepts SSH connections/,
    ],
    [
      'unknown host',
      'ssh: Could not resolve hostname nohost: Name or service not known',
      255,
      'unreachable',
      undefined,
      /cannot be found/,
    ],
    [
      'timeout',
      'ssh: connect to host 10.255.255.1 port 22: Connection timed out',
      255,
      'timeout',
      undefined,
      /timed out/,
    ],
    [
      'no docker on the remote',
      'bash: line 1: docker: command not found',
      127,
      'unreachable',
      SshCodes.noDocker,
      /no docker command/,
    ],
  ];
  for (const [name, stderr, code, kind, sshCode, text] of cases) {
    it(`${name} → ${kind}`, () => {
      const e = sshError(stderr, code, host);
      assert.strictEqual(e.kind, kind);
      assert.strictEqual(e.code, sshCode);
      assert.match(e.message, text);
      assert.strictEqual(e.daemonMessage, stderr.replace(/\r/g, '').trim(), "ssh's own text stays for the log");
    });
  }

  it('tells how to remove a changed key, in the words ssh gave', () => {
    const e = sshError(
      'REMOTE HOST IDENTIFICATION HAS CHANGED!\n  ssh-keygen -f "/k" -R "[h]:1"\nHost key verification failed.',
      255,
      host,
    );
    assert.match(e.hint ?? '', /ssh-keygen -f "\/k" -R "\[h\]:1"/);
  });
});

describe('event stream lines', () => {
  it('joins a character split across two chunks, and drops a line too long to be an event', () => {
    const reader = new EventLines(64);
    const text = Buffer.from('{"Actor":{"Attributes":{"name":"ネット"}}}\n', 'utf8');
    const cut = text.indexOf(Buffer.from('ネ', 'utf8')) + 1; // inside the three bytes of ネ
    assert.deepStrictEqual(reader.push(text.subarray(0, cut)), { lines: [], dropped: false });
    assert.deepStrictEqual(reader.push(text.subarray(cut)), {
      lines: ['{"Actor":{"Attributes":{"name":"ネット"}}}'],
      dropped: false,
    });
    // 200 characters without a newline: dropped once over the limit, then the next line reads again.
    assert.deepStrictEqual(reader.push('x'.repeat(100)), { lines: [], dropped: true });
    assert.deepStrictEqual(reader.push('x'.repeat(100)), { lines: [], dropped: false });
    assert.deepStrictEqual(reader.push('tail\n{"a":1}\n'), { lines: ['{"a":1}'], dropped: false });
  });
});

describe('what newer engines answer', () => {
  it('a duplicate name (409 from API 1.44 on)', () => {
    const e = fromDaemon(409, 'network with name backend already exists', ctx);
    assert.strictEqual(e.kind, 'conflict');
    assert.strictEqual(e.message, 'A network named backend already exists on this engine.');
  });

  it('every IPAM problem of a create at once (Docker 25+), on one line', () => {
    const e = fromDaemon(
      400,
      'invalid network config:\ninvalid subnet 10.0.0.1/24: it should be 10.0.0.0/24\ninvalid ip-range 10.1.0.0/24: it should be within subnet 10.0.0.0/24',
      ctx,
    );
    assert.strictEqual(e.kind, 'invalidArgument');
    assert.ok(!e.message.includes('\n'), e.message);
    assert.match(e.message, /invalid subnet 10\.0\.0\.1\/24: it should be 10\.0\.0\.0\/24 · invalid ip-range/);
  });

  it('an engine that refuses an old API version (Docker 29.0 to clients below 1.44)', () => {
    const e = fromDaemon(
      400,
      'client version 1.41 is too old. Minimum supported API version is 1.44, please upgrade your client to a newer version',
      ctx,
    );
    assert.match(e.message, /refuses API version 1\.41: it needs 1\.44 or later/);
    assert.ok(e.hint);
  });
});
