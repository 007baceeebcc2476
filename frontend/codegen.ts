// GraphQL Code Generator: reads the server's SDL (graph/*.graphqls, not a running server)
// and the graphql(`...`) documents in frontend/src, and writes typed documents and
// fragment masking helpers (useFragment, FragmentType) into frontend/src/gql.
// `npm run build` runs it and then tsc, so a schema change that breaks a document fails
// the build; `make test` fails when the committed frontend/src/gql is stale.
import type { CodegenConfig } from '@graphql-codegen/cli';

const config: CodegenConfig = {
  schema: 'graph/*.graphqls',
  documents: ['frontend/src/**/*.{ts,tsx}', '!frontend/src/gql/**', '!frontend/src/**/*.spec.{ts,tsx}'],
  ignoreNoDocuments: true,
  generates: {
    'frontend/src/gql/': {
      preset: 'client',
      presetConfig: { fragmentMasking: { unmaskFunctionName: 'useFragment' } },
      config: {
        documentMode: 'documentNode',
        useTypeImports: true,
        enumType: 'string-literal',
        scalars: { Time: 'string', Cursor: 'string' },
        strictScalars: true,
      },
    },
  },
};

export default config;
