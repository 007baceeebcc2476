// The server's GraphQL schema, built from the same SDL files the Go server is generated
// from (graph/*.graphqls), bundled into the chunks that import it. GraphiQL's docs and
// the unit tests' GraphQL client use it; the main bundle never imports it.
import { buildASTSchema, concatAST, parse, visit, type DocumentNode, type GraphQLSchema } from 'graphql';

const files = import.meta.glob<string>('../../../graph/*.graphqls', { query: '?raw', import: 'default', eager: true });

// gqlgen's code-generation directives mean nothing to a client; leave them out of the docs.
const gqlgenDirectives = new Set(['goField', 'goModel', 'goTag', 'goExtraField', 'goEnum']);

let cached: GraphQLSchema | undefined;

export function serverSchema(): GraphQLSchema {
  if (!cached) {
    const names = Object.keys(files).sort();
    if (names.length === 0) throw new Error('no graph/*.graphqls files found');
    const doc = concatAST(names.map((name) => parse(files[name], { noLocation: true })));
    const stripped = visit(doc, {
      DirectiveDefinition: (node) => (gqlgenDirectives.has(node.name.value) ? null : undefined),
      Directive: (node) => (gqlgenDirectives.has(node.name.value) ? null : undefined),
    }) as DocumentNode;
    cached = buildASTSchema(stripped);
  }
  return cached;
}
