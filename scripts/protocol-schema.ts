/**
 * Writes docs/adapter-protocol.schema.json, the JSON Schema of the process protocol, from its zod
 * schema (adapters/process/schema.ts): `npm run docs:schema`. test/protocol-schema.test.ts checks
 * that the file is what this writes.
 */
import { writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { protocolJsonSchemaText } from '../adapters/process/schema';

export const SCHEMA_FILE = path.join(__dirname, '..', 'docs', 'adapter-protocol.schema.json');

if (require.main === module) {
  writeFileSync(SCHEMA_FILE, protocolJsonSchemaText());
  process.stdout.write(`wrote ${path.relative(process.cwd(), SCHEMA_FILE)}\n`);
}
