// Reading what the diagnosis helper's busybox tools print. The fixtures are output captured from
// busybox 1.35 (Debian's busybox-static, the test image's); hostile output yields nothing usable.
import * as assert from 'assert';
import { readFileSync } from 'fs';
import { join } from 'path';
import {
  listeningOn,
  readLinkMtus,
  readListeners,
  readLookup,
  readMtu,
  readPing,
  readRoute,
} from '../../src/model/probe';

const fixture = (name: string) => readFileSync(join(__dirname, '../../../test/fixtures/busybox', name), 'utf8');

describe('diagnosis: reading the helper tools', () => {
  it('reads ping statistics, replies or none', () => {
    assert.deepStrictEqual(readPing(fixture('ping-ok.txt')), { transmitted: 2, received: 2, avgMs: 0.08 });
    assert.deepStrictEqual(readPing(fixture('ping-lost.txt')), { transmitted: 1, received: 0 });
    assert.strictEqual(readPing("ping: bad address 'x'"), undefined);
  });

  it('reads nslookup answers, and a name that does not exist', () => {
    const answer =
      "Server:\t\t127.0.0.11\nAddress:\t127.0.0.11:53\n\nNon-authoritative answer:\nName:\tweb\nAddress: 172.18.0.2\n\n*** Can't find web: No answer\n";
    assert.deepStrictEqual(readLookup(answer), { addresses: ['172.18.0.2'], server: '127.0.0.11' });
    const nx = readLookup(fixture('ns-nx.txt'));
    assert.strictEqual(nx.failure, 'notFound');
    assert.deepStrictEqual(nx.addresses, []);
    assert.strictEqual(readLookup(';; connection timed out; no servers could be reached\n').failure, 'noServer');
  });

  it('reads listening sockets and says how a port is listened on', () => {
    const listeners = readListeners(fixture('netstat.txt'));
    assert.deepStrictEqual(listeners, [
      { protocol: 'tcp', address: '0.0.0.0', port: 2024 },
      { protocol: 'tcp', address: '::', port: 18777 },
    ]);
    assert.strictEqual(listeningOn(listeners, 18777).kind, 'all');
    assert.strictEqual(listeningOn(listeners, 80).kind, 'none');
    const local = readListeners(
      'tcp        0      0 127.0.0.1:8080          0.0.0.0:*               LISTEN\ntcp        0      0 ::1:8080                :::*                    LISTEN\n',
    );
    assert.deepStrictEqual(listeningOn(local, 8080), { kind: 'loopback', addresses: ['127.0.0.1', '::1'] });
    const one = readListeners('tcp        0      0 172.18.0.5:5432        0.0.0.0:*               LISTEN\n');
    assert.deepStrictEqual(listeningOn(one, 5432), { kind: 'specific', addresses: ['172.18.0.5'] });
  });

  it('reads a route and an MTU', () => {
    assert.deepStrictEqual(readRoute('172.18.0.3 dev eth0  src 172.18.0.2 \n'), { dev: 'eth0', src: '172.18.0.2' });
    assert.deepStrictEqual(readRoute('1.1.1.1 via 172.18.0.1 dev eth1  src 172.18.0.2 \n'), {
      dev: 'eth1',
      via: '172.18.0.1',
      src: '172.18.0.2',
    });
    assert.strictEqual(readRoute('RTNETLINK answers: Network unreachable'), undefined);
    assert.strictEqual(readMtu('1500\n'), 1500);
    assert.strictEqual(readMtu('9999999'), undefined);
    assert.strictEqual(readMtu('1500; rm -rf /'), undefined);
  });

  it("reads each interface's MTU from ip -o link", () => {
    const out =
      '1: lo: <LOOPBACK,UP,LOWER_UP> mtu 65536 qdisc noqueue qlen 1000\\    link/loopback 00:00:00:00:00:00 brd 00:00:00:00:00:00\n' +
      '12: eth0@if13: <BROADCAST,MULTICAST,UP,LOWER_UP,M-DOWN> mtu 1400 qdisc noqueue \\    link/ether 02:42:ac:12:00:02 brd ff:ff:ff:ff:ff:ff\n';
    assert.deepStrictEqual(
      [...readLinkMtus(out)],
      [
        ['lo', 65536],
        ['eth0', 1400],
      ],
    );
  });

  it('takes nothing from hostile output but what parses', () => {
    const hostile =
      'Name:\t[x](command:workbench.action.openSettings)\nAddress: $(zap)\nAddress: 10.0.0.1\u202e\ntcp 0 0 evil:99999 x LISTEN\n'.repeat(
        2_000,
      );
    assert.deepStrictEqual(readLookup(hostile).addresses, []);
    assert.deepStrictEqual(readListeners(hostile), []);
    assert.strictEqual(readRoute('x dev ../../etc/passwd src 1.2.3.4'), undefined);
  });
});
