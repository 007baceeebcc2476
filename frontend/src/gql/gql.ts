/* eslint-disable */
import * as types from './graphql';
import type { TypedDocumentNode as DocumentNode } from '@graphql-typed-document-node/core';

/**
 * Map of all GraphQL operations in the project.
 *
 * This map has several performance disadvantages:
 * 1. It is not tree-shakeable, so it will include all operations in the project.
 * 2. It is not minifiable, so the string of a GraphQL query will be multiple times inside the bundle.
 * 3. It does not support dead code elimination, so it will add unused operations.
 *
 * Therefore it is highly recommended to use the babel or swc plugin for production.
 * Learn more about it here: https://the-guild.dev/graphql/codegen/plugins/presets/preset-client#reducing-bundle-size
 */
type Documents = {
    "\n  fragment AppLayout_Viewer on Viewer {\n    account {\n      id\n      name\n      email\n    }\n    organizations {\n      id\n      name\n      userManagement\n      sites {\n        id\n        name\n      }\n    }\n    adminSites {\n      id\n      name\n      organization {\n        id\n      }\n    }\n  }\n": typeof types.AppLayout_ViewerFragmentDoc,
    "\n  query AppLayoutQuery {\n    viewer {\n      ...AppLayout_Viewer\n    }\n  }\n": typeof types.AppLayoutQueryDocument,
    "\n  query HomeQuery {\n    viewer {\n      organizations {\n        id\n      }\n      adminSites {\n        id\n      }\n    }\n  }\n": typeof types.HomeQueryDocument,
};
const documents: Documents = {
    "\n  fragment AppLayout_Viewer on Viewer {\n    account {\n      id\n      name\n      email\n    }\n    organizations {\n      id\n      name\n      userManagement\n      sites {\n        id\n        name\n      }\n    }\n    adminSites {\n      id\n      name\n      organization {\n        id\n      }\n    }\n  }\n": types.AppLayout_ViewerFragmentDoc,
    "\n  query AppLayoutQuery {\n    viewer {\n      ...AppLayout_Viewer\n    }\n  }\n": types.AppLayoutQueryDocument,
    "\n  query HomeQuery {\n    viewer {\n      organizations {\n        id\n      }\n      adminSites {\n        id\n      }\n    }\n  }\n": types.HomeQueryDocument,
};

/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 *
 *
 * @example
 * ```ts
 * const query = graphql(`query GetUser($id: ID!) { user(id: $id) { name } }`);
 * ```
 *
 * The query argument is unknown!
 * Please regenerate the types.
 */
export function graphql(source: string): unknown;

/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  fragment AppLayout_Viewer on Viewer {\n    account {\n      id\n      name\n      email\n    }\n    organizations {\n      id\n      name\n      userManagement\n      sites {\n        id\n        name\n      }\n    }\n    adminSites {\n      id\n      name\n      organization {\n        id\n      }\n    }\n  }\n"): (typeof documents)["\n  fragment AppLayout_Viewer on Viewer {\n    account {\n      id\n      name\n      email\n    }\n    organizations {\n      id\n      name\n      userManagement\n      sites {\n        id\n        name\n      }\n    }\n    adminSites {\n      id\n      name\n      organization {\n        id\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query AppLayoutQuery {\n    viewer {\n      ...AppLayout_Viewer\n    }\n  }\n"): (typeof documents)["\n  query AppLayoutQuery {\n    viewer {\n      ...AppLayout_Viewer\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query HomeQuery {\n    viewer {\n      organizations {\n        id\n      }\n      adminSites {\n        id\n      }\n    }\n  }\n"): (typeof documents)["\n  query HomeQuery {\n    viewer {\n      organizations {\n        id\n      }\n      adminSites {\n        id\n      }\n    }\n  }\n"];

export function graphql(source: string) {
  return (documents as any)[source] ?? {};
}

export type DocumentType<TDocumentNode extends DocumentNode<any, any>> = TDocumentNode extends DocumentNode<  infer TType,  any>  ? TType  : never;