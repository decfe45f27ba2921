import * as assert from 'assert';
import { swarmDetails } from '../../src/model/swarm';

describe('swarm details of a verbose network inspect', () => {
  // Shape as engine 20.10 answers `GET /networks/{id}?verbose=true` on a manager.
  const raw = {
    Id: 'x', Name: 'ov1', Driver: 'overlay', Scope: 'swarm',
    Containers: {
      abc: { Name: 'web.1.q9l', EndpointID: 'e1', IPv4Address: '10.0.1.3/24', IPv6Address: '' },
      'lb-ov1': { Name: 'ov1-endpoint', EndpointID: 'e9', MacAddress: '02:42:0a:00:01:05', IPv4Address: '10.0.1.5/24', IPv6Address: '' },
    },
    Peers: [{ Name: 'node-a', IP: '10.99.0.1' }, { Name: 'node-b', IP: '10.99.0.2' }],
    Services: {
      '': { VIP: '<nil>', Ports: [], LocalLBIndex: 0, Tasks: [{ Name: 'oc1', EndpointID: 'e3', EndpointIP: '10.0.1.6', Info: { 'Host IP': '10.99.0.1' } }] },
      web: {
        VIP: '10.0.1.2', Ports: [], LocalLBIndex: 256,
        Tasks: [
          { Name: 'web.2.ig1', EndpointID: 'e2', EndpointIP: '10.0.1.4', Info: { 'Host IP': '10.99.0.2' } },
          { Name: 'web.1.q9l', EndpointID: 'e1', EndpointIP: '10.0.1.3', Info: { 'Host IP': '10.99.0.1' } },
        ],
      },
    },
  };

  it('lists services with tasks on their nodes, peers and the load balancer', () => {
    const d = swarmDetails(raw);
    assert.deepStrictEqual(d.peers, [{ name: 'node-a', ip: '10.99.0.1' }, { name: 'node-b', ip: '10.99.0.2' }]);
    assert.strictEqual(d.services.length, 1);
    assert.strictEqual(d.services[0].vip, '10.0.1.2');
    assert.deepStrictEqual(d.services[0].tasks.map((t) => [t.name, t.ip, t.node]), [['web.1.q9l', '10.0.1.3', 'node-a'], ['web.2.ig1', '10.0.1.4', 'node-b']]);
    assert.deepStrictEqual(d.attached.map((t) => t.name), ['oc1'], 'plain attached containers are not a service');
    assert.deepStrictEqual(d.loadBalancer, { name: 'ov1-endpoint', ipv4: '10.0.1.5', mac: '02:42:0a:00:01:05', endpointId: 'e9' });
  });

  it('copes with a non-verbose inspect (a worker) and missing fields', () => {
    assert.deepStrictEqual(swarmDetails({ Id: 'x', Name: 'y' }), { services: [], attached: [], peers: [] });
    assert.deepStrictEqual(swarmDetails({ Id: 'x', Name: 'y', Peers: null, Services: null, Containers: null }).services, []);
  });
});
