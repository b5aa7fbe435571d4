/**
 * The doc comment of every schema field, read from the schema's TypeScript source with the TypeScript compiler's
 * parser. The form shows a comment as help only where it is written in Chinese (src/schemas/site.ts); the content
 * schemas' English comments are for developers, and the form shows the Chinese `fix` of the field's `.meta()`
 * instead (chineseHelpOf in schema-fields.ts).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import ts from 'typescript';
import type { CollectionName } from '../schemas/common';

/** The source file of each collection's schema, relative to the project root. */
export const SCHEMA_SOURCES: Readonly<Record<CollectionName, string>> = {
  organizations: 'src/schemas/organization.ts',
  documents: 'src/schemas/document.ts',
  interpretations: 'src/schemas/interpretation.ts',
  infographics: 'src/schemas/infographic.ts',
};

/**
 * Maps dotted field paths (title, signOff.by, externalDocuments.url) to the doc comment above the field in
 * `sourceText`, whitespace folded to single spaces. A path is the chain of property names of the object literals
 * around the field, so fields of objects inside arrays (history.note) are found too.
 */
export function docCommentsOf(sourceText: string, fileName = 'schema.ts'): Map<string, string> {
  const source = ts.createSourceFile(fileName, sourceText, ts.ScriptTarget.Latest, true);
  const out = new Map<string, string>();
  const visit = (node: ts.Node, names: string[]) => {
    let inner = names;
    if (ts.isPropertyAssignment(node) && (ts.isIdentifier(node.name) || ts.isStringLiteral(node.name))) {
      inner = [...names, node.name.text];
      const docs = (node as ts.Node & { jsDoc?: ts.JSDoc[] }).jsDoc;
      const text = docs?.map((d) => ts.getTextOfJSDocComment(d.comment) ?? '').join(' ').replace(/\s+/g, ' ').trim();
      if (text) out.set(inner.join('.'), text);
    }
    ts.forEachChild(node, (child) => visit(child, inner));
  };
  visit(source, []);
  return out;
}

/** The doc comments of a collection's schema fields, read from its source under `root`. */
export function readSchemaDocs(root: string, collection: CollectionName): Map<string, string> {
  const file = SCHEMA_SOURCES[collection];
  return docCommentsOf(readFileSync(join(root, file), 'utf8'), file);
}
