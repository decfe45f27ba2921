import * as assert from 'assert';
import { nameNodes, swarmDetails, swarmGroups, toSwarmNodes } from '../../src/model/swarm';

describe('swarm details of a verbose network inspect', () => {
  // Shape as engine 20.10 answers `GET /networks/{id}?verbose=true` on a manager.
  const raw = {
    Id: 'x',
    Name: 'ov1',
    Driver: 'overlay',
    Scope: 'swarm',
    Containers: {
      abc: { Name: 'web.1.q9l', EndpointID: 'e1', IPv4Address: '10.0.1.3/24', IPv6Address: '' },
      'lb-ov1': {
        Name: 'ov1-endpoint',
        EndpointID: 'e9',
        MacAddress: '02:42:0a:00:01:05',
        IPv4Address: '10.0.1.5/24',
        IPv6Address: '',
      },
    },
    Peers: [
      { Name: 'node-a', IP: '10.99.0.1' },
      { Name: 'node-b', IP: '10.99.0.2' },
    ],
    Services: {
      '': {
        VIP: '<nil>',
        Ports: [],
        LocalLBIndex: 0,
        Tasks: [{ Name: 'oc1', EndpointID: 'e3', EndpointIP: '10.0.1.6', Info: { 'Host IP': '10.99.0.1' } }],
      },
      web: {
        VIP: '10.0.1.2',
        Ports: [],
        LocalLBIndex: 256,
        Tasks: [
          { Name: 'web.2.ig1', EndpointID: 'e2', EndpointIP: '10.0.1.4', Info: { 'Host IP': '10.99.0.2' } },
          { Name: 'web.1.q9l', EndpointID: 'e1', EndpointIP: '10.0.1.3', Info: { 'Host IP': '10.99.0.1' } },
        ],
      },
    },
  };

  it('lists services with tasks on their nodes, peers and the load balancer', () => {
    const d = swarmDetails(raw);
    assert.deepStrictEqual(d.peers, [
      { name: 'node-a', ip: '10.99.0.1' },
      { name: 'node-b', ip: '10.99.0.2' },
    ]);
    assert.strictEqual(d.services.length, 1);
    assert.strictEqual(d.services[0].vip, '10.0.1.2');
    assert.deepStrictEqual(
      d.services[0].tasks.map((t) => [t.name, t.ip, t.node]),
      [
        ['web.1.q9l', '10.0.1.3', 'node-a'],
        ['web.2.ig1', '10.0.1.4', 'node-b'],
      ],
    );
    assert.deepStrictEqual(
      d.attached.map((t) => t.name),
      ['oc1'],
      'plain attached containers are not a service',
    );
    assert.deepStrictEqual(d.loadBalancer, {
      name: 'ov1-endpoint',
      ipv4: '10.0.1.5',
      mac: '02:42:0a:00:01:05',
      endpointId: 'e9',
    });
  });

  it('copes with a non-verbose inspect (a worker) and missing fields', () => {
    assert.deepStrictEqual(swarmDetails({ Id: 'x', Name: 'y' }), { services: [], attached: [], peers: [] });
    assert.deepStrictEqual(
      swarmDetails({ Id: 'x', Name: 'y', Peers: null, Services: null, Containers: null }).services,
      [],
    );
  });

  // Shape as engine 20.10 answers `GET /nodes` on a manager (the parts read).
  const rawNodes = [
    {
      ID: 'n3',
      Spec: { Role: 'worker', Availability: 'active' },
      Description: { Hostname: 'node-c', Engine: { EngineVersion: '20.10.24' } },
      Status: { State: 'down', Addr: '10.99.0.3', Message: 'heartbeat failure' },
    },
    {
      ID: 'n1',
      Spec: { Role: 'manager', Availability: 'active' },
      Description: { Hostname: 'node-a' },
      Status: { State: 'ready', Addr: '0.0.0.0' },
      ManagerStatus: { Leader: true, Reachability: 'reachable', Addr: '10.99.0.1:2377' },
    },
    {
      ID: 'n2',
      Spec: { Role: 'manager', Availability: 'drain' },
      Description: { Hostname: 'node-b' },
      Status: { State: 'ready', Addr: '10.99.0.2' },
      ManagerStatus: { Reachability: 'reachable', Addr: '10.99.0.2:2377' },
    },
    { ID: 'n4' },
  ];

  it("reads the node list: hostname, role, state, availability, address (a leader's from its manager address)", () => {
    const nodes = toSwarmNodes(rawNodes);
    assert.deepStrictEqual(
      nodes.map((n) => [n.hostname, n.role, n.state, n.availability, n.addr, n.leader]),
      [
        ['n4', 'worker', 'unknown', 'active', undefined, false],
        ['node-a', 'manager', 'ready', 'active', '10.99.0.1', true],
        ['node-b', 'manager', 'ready', 'drain', '10.99.0.2', false],
        ['node-c', 'worker', 'down', 'active', '10.99.0.3', false],
      ],
    );
    assert.strictEqual(nodes[3].message, 'heartbeat failure');
    assert.strictEqual(nodes[3].engineVersion, '20.10.24');
  });

  it("names peers and tasks' nodes by hostname with their state, where the node list knows the address", () => {
    const nodes = toSwarmNodes([
      ...rawNodes.slice(0, 2),
      {
        ID: 'n2',
        Spec: { Role: 'manager' },
        Description: { Hostname: 'node-b' },
        Status: { State: 'ready', Addr: '10.99.0.9' },
      },
    ]);
    const d = nameNodes(swarmDetails(raw), nodes);
    assert.deepStrictEqual(
      d.peers,
      [
        { name: 'node-a', ip: '10.99.0.1', nodeState: 'ready' },
        { name: 'node-b', ip: '10.99.0.2' },
      ],
      'an address the list does not know keeps the gossip name',
    );
    assert.deepStrictEqual(
      d.services[0].tasks.map((t) => [t.node, t.nodeState]),
      [
        ['node-a', 'ready'],
        ['node-b', undefined],
      ],
    );
    assert.deepStrictEqual(
      d.attached.map((t) => [t.node, t.nodeState]),
      [['node-a', 'ready']],
    );
    assert.strictEqual(nameNodes(swarmDetails(raw), undefined).peers[0].name, 'node-a');
  });

  it('groups engines by swarm: managers by its ID, a worker by the manager that lists it; the same network across them', () => {
    const nodes = toSwarmNodes(rawNodes);
    const ov = { id: 'ov', name: 'ov1', scope: 'swarm' };
    const groups = swarmGroups([
      {
        engine: 'b',
        nodeId: 'n2',
        clusterId: 'c1',
        nodes,
        networks: [ov, { id: 'br', name: 'bridge', scope: 'local' }],
      },
      { engine: 'w', nodeId: 'n3', networks: [ov] },
      {
        engine: 'a',
        nodeId: 'n1',
        clusterId: 'c1',
        nodes,
        networks: [{ id: 'in', name: 'ingress', scope: 'swarm' }, ov],
      },
      { engine: 'lone', nodeId: 'x9', networks: [{ id: 'other', name: 'o', scope: 'swarm' }] },
    ]);
    assert.strictEqual(groups.length, 2);
    assert.strictEqual(groups[0].id, 'c1');
    assert.deepStrictEqual(
      groups[0].engines.map((e) => [e.engine, e.hostname, e.role, e.state]),
      [
        ['b', 'node-b', 'manager', 'ready'],
        ['a', 'node-a', 'manager', 'ready'],
        ['w', 'node-c', 'worker', 'down'],
      ],
    );
    assert.deepStrictEqual(groups[0].networks, [
      { id: 'in', name: 'ingress', engines: ['a'] },
      { id: 'ov', name: 'ov1', engines: ['b', 'a', 'w'] },
    ]);
    assert.deepStrictEqual(groups[1], {
      id: 'node:x9',
      engines: [{ engine: 'lone', nodeId: 'x9' }],
      networks: [{ id: 'other', name: 'o', engines: ['lone'] }],
    });
  });
});
