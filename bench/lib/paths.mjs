// Where things are. Everything generated lives in bench/.work/ (gitignored).
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const BENCH = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
export const REPO_ROOT = path.resolve(BENCH, '..');
/** The shared corpora live beside the repository: ../shared/corpora from the repo root. */
export const SHARED_CORPORA = process.env.BAKEDSEARCH_SHARED_CORPORA || path.resolve(REPO_ROOT, '..', 'shared', 'corpora');
export const WORK = path.join(BENCH, '.work');
/** Served to the browser: one folder per engine and corpus. */
export const SITE = path.join(WORK, 'site');
export const NODE_BIN = path.join(BENCH, 'node_modules', '.bin');
