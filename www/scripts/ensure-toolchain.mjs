#!/usr/bin/env node
// Makes sure the Rust → WebAssembly toolchain that `npm run build` needs is present:
//   - the wasm32-unknown-unknown target (via rustup),
//   - wasm-pack,
//   - wasm-bindgen-cli at exactly the version pinned in ../Cargo.toml (`wasm-bindgen = "=X"`).
// Idempotent and quick when everything is present. Missing pieces are installed with cargo
// (into ~/.cargo/bin); with --check (or BAKEDSEARCH_NO_INSTALL=1) it only prints what to run.
//
// Exits non-zero if something is still missing afterwards.

import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { homedir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
const crateRoot = path.resolve(here, '..', '..');
const cargoBin = path.join(process.env.CARGO_HOME || path.join(homedir(), '.cargo'), 'bin');

/** Puts ~/.cargo/bin on PATH for this process and every child it spawns. */
export function addCargoBinToPath() {
  const parts = (process.env.PATH || '').split(path.delimiter);
  if (!parts.includes(cargoBin)) process.env.PATH = [cargoBin, ...parts].join(path.delimiter);
}

function run(cmd, args) {
  const r = spawnSync(cmd, args, { encoding: 'utf8', env: process.env });
  if (r.error) return null; // not installed
  return { code: r.status, out: `${r.stdout || ''}${r.stderr || ''}`.trim() };
}

/** The exact wasm-bindgen version pinned in the crate's Cargo.toml, or null. */
export function pinnedWasmBindgenVersion(cargoToml = path.join(crateRoot, 'Cargo.toml')) {
  const text = readFileSync(cargoToml, 'utf8');
  const m = text.match(/^\s*wasm-bindgen\s*=\s*(?:\{[^}\n]*?version\s*=\s*)?"=\s*([0-9][^"\s]*)"/m);
  return m ? m[1] : null;
}

function install(step, cmd, args, { dryRun }) {
  const line = [cmd, ...args].join(' ');
  if (dryRun) {
    console.log(`ensure-toolchain: missing ${step}; run: ${line}`);
    return false;
  }
  console.log(`ensure-toolchain: installing ${step}: ${line}`);
  const r = spawnSync(cmd, args, { stdio: 'inherit', env: process.env });
  if (r.error || r.status !== 0) {
    console.error(`ensure-toolchain: failed: ${line}`);
    return false;
  }
  return true;
}

export function ensureToolchain({ dryRun = false } = {}) {
  addCargoBinToPath();
  const problems = [];

  // 1. The wasm32 target.
  const rustup = run('rustup', ['target', 'list', '--installed']);
  if (rustup && rustup.code === 0) {
    if (!rustup.out.split('\n').includes('wasm32-unknown-unknown')) {
      if (!install('the wasm32-unknown-unknown target', 'rustup', ['target', 'add', 'wasm32-unknown-unknown'], { dryRun })) {
        problems.push('rustup target add wasm32-unknown-unknown');
      }
    }
  } else if (!run('cargo', ['--version'])) {
    problems.push('install Rust (https://rustup.rs), then: rustup target add wasm32-unknown-unknown');
  } else {
    console.log('ensure-toolchain: rustup not found; make sure your Rust has the wasm32-unknown-unknown target');
  }

  const haveCargo = Boolean(run('cargo', ['--version']));

  // 2. wasm-pack.
  if (!run('wasm-pack', ['--version'])) {
    if (!haveCargo || !install('wasm-pack', 'cargo', ['install', 'wasm-pack'], { dryRun })) {
      problems.push('cargo install wasm-pack');
    }
  }

  // 3. wasm-bindgen-cli matching the pinned wasm-bindgen crate. (No --locked: its lockfile can
  //    pin crate versions that a registry mirror does not have.)
  const want = pinnedWasmBindgenVersion();
  if (!want) {
    problems.push('Cargo.toml has no exact `wasm-bindgen = "=X"` pin');
  } else {
    const have = run('wasm-bindgen', ['--version']);
    const haveVersion = have && have.code === 0 ? (have.out.match(/(\d+\.\d+\.\d+\S*)/) || [])[1] : null;
    if (haveVersion !== want) {
      if (haveVersion) console.log(`ensure-toolchain: wasm-bindgen ${haveVersion} found, ${want} needed`);
      const args = ['install', 'wasm-bindgen-cli', '--version', want];
      if (haveVersion) args.push('--force');
      if (!haveCargo || !install(`wasm-bindgen-cli ${want}`, 'cargo', args, { dryRun })) {
        problems.push(`cargo install wasm-bindgen-cli --version ${want}`);
      }
    }
  }

  // 4. This folder's npm packages (binaryen's wasm-opt, esbuild, playwright-core, axe-core),
  //    so that `npm start` works on a fresh clone without a separate `npm ci`, and a checkout
  //    whose package.json gained a package gets it.
  const www = path.resolve(here, '..');
  const wanted = Object.keys(JSON.parse(readFileSync(path.join(www, 'package.json'), 'utf8')).devDependencies || {});
  if (wanted.some((name) => !existsSync(path.join(www, 'node_modules', name, 'package.json')))) {
    const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
    const args = ['ci', '--prefix', www, '--no-audit', '--no-fund'];
    if (!install('the npm packages of www/', npm, args, { dryRun })) {
      problems.push('npm ci (in www/)');
    }
  }

  if (problems.length) {
    console.error('ensure-toolchain: still missing; run:');
    for (const p of problems) console.error(`  ${p}`);
    return false;
  }
  return true;
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const dryRun = process.argv.includes('--check') || process.env.BAKEDSEARCH_NO_INSTALL === '1';
  process.exit(ensureToolchain({ dryRun }) ? 0 : 1);
}
