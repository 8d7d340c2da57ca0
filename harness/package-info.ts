/**
 * Where the package lives and what it is called; independent of the caller's cwd. Neutral: the
 * CLI, the adapters and the steps import it.
 */
import { readFileSync } from 'node:fs';
import * as path from 'node:path';

/** The package directory (the one holding package.json, features/, steps/). */
export const PACKAGE_ROOT: string = path.resolve(__dirname, '..');

/** The package's bundled behaviour specs: the default of `--features`. */
export const DEFAULT_FEATURES_DIR: string = path.join(PACKAGE_ROOT, 'features');

/** Step definitions and the cucumber World, loaded from the package (never from cwd). */
export const DEFAULT_SUPPORT_GLOB: string = path.join(PACKAGE_ROOT, 'steps', '**', '*.ts');

interface PackageJson {
  readonly name?: unknown;
  readonly version?: unknown;
}

function readPackageJson(): PackageJson {
  const parsed: unknown = JSON.parse(readFileSync(path.join(PACKAGE_ROOT, 'package.json'), 'utf8'));
  return typeof parsed === 'object' && parsed !== null ? (parsed as PackageJson) : {};
}

const pkg = readPackageJson();

export const PROGRAM = 'tipc-conformance';
export const VERSION: string = typeof pkg.version === 'string' ? pkg.version : '0.0.0';
