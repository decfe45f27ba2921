// What the model reads from the engine, held against the newest Engine API definition (1.55): every
// field the raw types declare exists there, or is marked as read from older engines only.
import * as assert from 'assert';
import * as path from 'path';
import * as ts from 'typescript';
import { resolve, Schema } from '../support/apiShapes';

const root = path.join(__dirname, '..', '..', '..');

/** Each raw type and the definition of what the engine answers with. */
const DEFINITIONS: Record<string, string> = {
  RawNetwork: 'NetworkInspect',
  RawEndpointSettings: 'EndpointSettings',
  RawContainer: 'ContainerSummary',
  RawContainerInspect: 'ContainerInspectResponse',
  RawImage: 'ImageSummary',
  RawVersion: 'SystemVersion',
  RawInfo: 'SystemInfo',
  RawSwarmNode: 'Node',
  RawEvent: 'EventMessage',
};

/** Field paths the raw types declare that the definition lacks, unless marked `@olderEngines`. */
function missingFields(): string[] {
  const file = path.join(root, 'src', 'engine', 'types.ts');
  const program = ts.createProgram([file], { strict: true, skipLibCheck: true, types: [] });
  const checker = program.getTypeChecker();
  const source = program.getSourceFile(file)!;
  const missing: string[] = [];
  const walk = (type: ts.Type, schema: Schema | undefined, where: string, depth: number) => {
    if (depth > 6) return;
    const t = checker.getNonNullableType(type);
    if (checker.isArrayType(t))
      return walk(checker.getTypeArguments(t as ts.TypeReference)[0], resolve(schema?.items), `${where}[]`, depth + 1);
    const index = t.getStringIndexType();
    if (index) {
      const inner = typeof schema?.additionalProperties === 'object' ? resolve(schema.additionalProperties) : undefined;
      return walk(index, inner, `${where}{}`, depth + 1);
    }
    if (!(t.flags & ts.TypeFlags.Object)) return;
    for (const prop of checker.getPropertiesOfType(t)) {
      const decl = prop.valueDeclaration ?? prop.declarations?.[0];
      const name = prop.getName();
      const tags = ts.getJSDocTags(decl!).map((tag) => tag.tagName.text);
      const sub = resolve(schema?.properties?.[name]);
      if (!sub) {
        if (!tags.includes('olderEngines')) missing.push(`${where}.${name}`);
        continue;
      }
      walk(checker.getTypeOfSymbolAtLocation(prop, decl!), sub, `${where}.${name}`, depth + 1);
    }
  };
  ts.forEachChild(source, (node) => {
    if (!ts.isInterfaceDeclaration(node) || !DEFINITIONS[node.name.text]) return;
    walk(
      checker.getTypeAtLocation(node),
      resolve({ $ref: `#/definitions/${DEFINITIONS[node.name.text]}` }),
      node.name.text,
      0,
    );
  });
  return missing;
}

describe('the Engine API as the model reads it (newest definition: 1.55)', function () {
  this.timeout(60_000); // the TypeScript checker loads the standard library first
  it('every field the raw types declare is in the 1.55 definition, or marked as read from older engines only', () => {
    assert.deepStrictEqual(missingFields(), []);
  });
});
