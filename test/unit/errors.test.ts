import * as assert from 'assert';
import { EngineError, fromDaemon, toEngineError } from '../../src/engine/errors';

const ctx = { endpoint: 'unix:///var/run/docker.sock' };

describe('engine errors', () => {
  const transport: Array<[string, Record<string, unknown>, string, RegExp]> = [
    ['missing socket', { code: 'ENOENT', message: 'connect ENOENT /var/run/docker.sock' }, 'unreachable', /does not exist/],
    ['permission', { code: 'EACCES', message: 'connect EACCES /var/run/docker.sock' }, 'permission', /Permission denied/],
    ['refused', { code: 'ECONNREFUSED', message: 'connect ECONNREFUSED 127.0.0.1:2375' }, 'unreachable', /Nothing accepts connections/],
    ['unknown host', { code: 'ENOTFOUND', message: 'getaddrinfo ENOTFOUND nohost' }, 'unreachable', /cannot be found/],
    ['timeout', { code: 'ETIMEDOUT', message: 'connect ETIMEDOUT' }, 'timeout', /did not answer/],
    ['bad CA', { code: 'SELF_SIGNED_CERT_IN_CHAIN', message: 'self-signed certificate in certificate chain' }, 'tls', /TLS connection/],
    ['TLS alert', { code: 'ERR_SSL_TLSV1_ALERT_UNKNOWN_CA', message: 'tlsv1 alert unknown ca' }, 'tls', /TLS connection/],
    ['ssh auth', { level: 'client-authentication', message: 'All configured authentication methods failed' }, 'permission', /SSH authentication/],
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
    [500, 'could not find an available, non-overlapping IPv4 address pool among the defaults to assign to the network', 'poolExhausted'],
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
