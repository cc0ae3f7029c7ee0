#!/usr/bin/env bash
# Runs every test of bakedsearch, installing what it needs first (idempotent: whatever is
# already there is skipped). From the repository root:
#
#     bash scripts/test.sh
#
# Tiers: formatting and lints; native engine tests (cargo test); the wasm API in headless
# Chromium (wasm-pack test --headless --chrome); the demo and the script-tag embed in
# Chromium via Playwright (www/); the npm package: `npm pack`, the WASI indexer, a patched
# engine in Node and `npx bakedsearch` on a generated site in Chromium (tests/package/); the
# benchmark harness in smoke mode (bench/).
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="${CARGO_HOME:-$HOME/.cargo}/bin:$PATH"

step() { printf '\n== %s\n' "$*"; }

step "setup"
bash scripts/setup.sh

step "cargo fmt --check"
cargo fmt --all -- --check

step "cargo clippy (native and wasm32)"
cargo clippy --workspace --all-targets -- -D warnings
cargo clippy --target wasm32-unknown-unknown --all-targets -- -D warnings

step "cargo test (native: engine, golden results, property tests)"
cargo test --workspace

step "split layout = embedded layout over every MDN dev query (release: it builds MDN)"
cargo test --release --test split_mdn -- --ignored

step "wasm-pack test --headless --chrome (the exported API in Chromium)"
wasm-pack test --headless --chrome

step "www: build the wasm, the widget and dist/, then browser end-to-end tests"
npm --prefix www run build
npm --prefix www run test:e2e

step "package: npm pack, the indexer under Node's WASI, npx bakedsearch end to end"
rustup target add wasm32-wasip1 >/dev/null
cargo build -p bakedsearch-patch --bin bakedsearch-bake
# `npm pack` builds what the package ships (npm/scripts/prepack.mjs: both engines, the
# wasm32-wasip1 indexer); the tests and the bench install this one tarball.
mkdir -p target/npm
rm -f target/npm/bakedsearch-*.tgz
(cd npm && npm pack --pack-destination ../target/npm)
BAKEDSEARCH_TARBALL="$PWD/target/npm/bakedsearch-$(node -p "require('./npm/package.json').version").tgz"
export BAKEDSEARCH_TARBALL
node --test --test-concurrency=1 --test-timeout=600000 tests/package/

if [ -f bench/package.json ]; then
  step "bench: the harness's own unit tests (phases, goals)"
  (cd bench && node --test lib/*.test.mjs)
  step "bench: smoke run (seeds only; timings are printed, never asserted)"
  npm --prefix bench run bench:smoke
fi

step "all tests passed"
