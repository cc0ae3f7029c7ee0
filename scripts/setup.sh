#!/usr/bin/env bash
# Installs what building and testing bakedsearch needs, skipping whatever is already there:
# the wasm32 target, wasm-pack and the matching wasm-bindgen-cli (www/scripts/ensure-toolchain.mjs),
# Chromium and ChromeDriver (Debian packages), and the npm packages of www/ and bench/.
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="${CARGO_HOME:-$HOME/.cargo}/bin:$PATH"

need() { command -v "$1" >/dev/null 2>&1; }

for tool in cargo node npm; do
  if ! need "$tool"; then
    echo "setup: '$tool' is missing. Install Rust (rustup) and Node.js >= 20 first." >&2
    exit 1
  fi
done

# rustfmt and clippy ship with rustup's default profile; add them if a minimal one lacks them.
if need rustup; then
  for component in rustfmt clippy; do
    rustup component list --installed 2>/dev/null | grep -q "^$component" \
      || rustup component add "$component"
  done
fi

# Rust → wasm toolchain (target, wasm-pack, wasm-bindgen-cli pinned to Cargo.toml's version).
node www/scripts/ensure-toolchain.mjs

# A browser for the wasm and end-to-end tests.
if ! need chromium || ! need chromedriver; then
  if [ "$(id -u)" = 0 ] && need apt-get; then
    echo "setup: installing chromium and chromium-driver"
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium chromium-driver >/dev/null
  else
    echo "setup: Chromium and ChromeDriver are missing. Install them, e.g.:" >&2
    echo "    sudo apt-get install -y chromium chromium-driver" >&2
    exit 1
  fi
fi

# npm packages (playwright-core, axe-core, binaryen; the benchmark peers). `npm ci` refuses a
# lockfile whose optional platform packages the registry cannot serve (Pagefind's macOS and
# Windows binaries, on registry mirrors that carry only Linux ones): then `npm install`, which
# skips missing optional packages, installs the same locked versions.
for dir in www bench; do
  [ -f "$dir/package-lock.json" ] || continue
  if [ ! -d "$dir/node_modules" ] || [ "$dir/package-lock.json" -nt "$dir/node_modules/.package-lock.json" ]; then
    echo "setup: npm ci in $dir/"
    npm --prefix "$dir" ci --no-audit --no-fund \
      || npm --prefix "$dir" install --no-audit --no-fund --no-save
  fi
done
echo "setup: ready"
