// The arguments objects every command takes: one declared contract, checked before anything else.
import * as assert from 'assert';
import { ArgumentError, Fields, parseArguments } from '../../src/commands/args';
import { Contract } from '../../src/commands/contract';
import { CommandId, Commands } from '../../src/commands/ids';

describe('command contract', () => {
  it('declares the arguments of every command', () => {
    assert.deepStrictEqual(Object.keys(Contract).sort(), Object.values(Commands).sort());
  });

  it('refuses an unknown field and a wrong type for every command, naming the command and the field', () => {
    const valid = { string: 'x', boolean: true, number: 1, 'string[]': ['x'], record: { k: 'v' }, object: { k: 1 } };
    for (const [id, fields] of Object.entries(Contract) as [CommandId, Fields][]) {
      const base = Object.fromEntries(
        Object.entries(fields)
          .filter(([, f]) => f.required)
          .map(([k, f]) => [k, valid[f.type]]),
      );
      assert.doesNotThrow(() => parseArguments(id, base, fields), id);
      assert.throws(
        () => parseArguments(id, { ...base, colour: 'red' }, fields),
        (e: Error) => e instanceof ArgumentError && e.message.includes(id) && e.message.includes('"colour"'),
      );
      for (const [key, spec] of Object.entries(fields)) {
        const wrong = spec.type === 'boolean' ? 'yes' : true;
        assert.throws(
          () => parseArguments(id, { ...base, [key]: wrong }, fields),
          (e: Error) => e instanceof ArgumentError && e.message.includes(`"${key}"`),
          `${id} ${key}`,
        );
      }
    }
  });

  it('returns the arguments typed, and refuses a missing or empty required one', () => {
    const args = parseArguments(
      Commands.connectContainer,
      { network: 'app', container: 'web', aliases: ['db'], gwPriority: 2 },
      Contract[Commands.connectContainer],
    );
    const aliases: string[] | undefined = args.aliases;
    assert.deepStrictEqual(aliases, ['db']);
    assert.throws(
      () => parseArguments(Commands.inspectNetwork, {}, Contract[Commands.inspectNetwork]),
      /"network" is required/,
    );
    assert.throws(
      () => parseArguments(Commands.inspectNetwork, { network: '  ' }, Contract[Commands.inspectNetwork]),
      /must not be empty/,
    );
    assert.throws(
      () => parseArguments(Commands.createNetwork, { name: 'x', labels: { a: 1 } }, Contract[Commands.createNetwork]),
      /"labels" must be of type record/,
    );
  });
});
