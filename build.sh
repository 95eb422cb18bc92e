#!/usr/bin/env bash
# Trichome's one entry point: set up, build, test, demo. Each subcommand does its own set-up on a fresh machine.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
cd "$ROOT"
TOOLS="$ROOT/tools"
DIST="$ROOT/dist"
WASM_OUT="$ROOT/target/wasm-out"
export PATH="$TOOLS/bin:$ROOT/node_modules/.bin:$HOME/.cargo/bin:$PATH"

usage() {
  cat <<'USAGE'
usage: ./build.sh <command>

  setup   install what is missing: wasm32 target, wasm-bindgen CLI (the Cargo.lock version, into tools/),
          npm packages from package-lock.json (wasm-opt, playwright-core, web-ext), Debian's chromium,
          chromium-driver, firefox-esr and fonts
  build   release wasm -> wasm-bindgen -> wasm-opt -> dist/chrome, dist/firefox and their zip packages
  test    fmt, clippy, eslint, native tests, wasm tests, end-to-end tests in headless Chromium, web-ext lint
  demo    build, then open the bundled demo pages with the extension loaded (headless without a display:
          screenshots in out/demo/ and a printed summary)
  bench   benchmarks that print numbers (see docs/benchmarks.md)
USAGE
}

log() { printf '\033[1m==> %s\033[0m\n' "$*" >&2; }

wasm_bindgen_version() {
  awk '/^name = "wasm-bindgen"$/ { getline; gsub(/version = |"/, ""); print; exit }' Cargo.lock
}

setup() {
  log "setup: Rust wasm target"
  rustup target list --installed 2>/dev/null | grep -qx wasm32-unknown-unknown || rustup target add wasm32-unknown-unknown
  local want
  want="$(wasm_bindgen_version)"
  if [[ "$("$TOOLS/bin/wasm-bindgen" --version 2>/dev/null | awk '{print $2}')" != "$want" ]]; then
    log "setup: wasm-bindgen CLI $want into tools/ (a few minutes, once)"
    # --locked fails to resolve on this kind of machine (TOOLCHAIN.md); the version itself is pinned.
    cargo install wasm-bindgen-cli --version "$want" --root "$TOOLS" --quiet
  fi
  if [[ ! -x node_modules/.bin/wasm-opt || ! -x node_modules/.bin/eslint || ! -d node_modules/playwright-core || package-lock.json -nt node_modules/.package-lock.json ]]; then
    log "setup: npm packages from package-lock.json"
    npm ci --no-audit --no-fund --loglevel=error
  fi
  local missing=()
  [[ -x /usr/bin/chromium ]] || missing+=(chromium)
  [[ -x /usr/bin/chromedriver ]] || missing+=(chromium-driver)
  command -v firefox-esr >/dev/null || missing+=(firefox-esr)
  command -v openssl >/dev/null || missing+=(openssl)
  command -v zip >/dev/null || missing+=(zip)
  dpkg -s fonts-noto-cjk >/dev/null 2>&1 || missing+=(fonts-noto-cjk)
  dpkg -s fonts-noto-color-emoji >/dev/null 2>&1 || missing+=(fonts-noto-color-emoji)
  if ((${#missing[@]})); then
    log "setup: Debian packages: ${missing[*]}"
    local sudo=""
    [[ "$(id -u)" == 0 ]] || sudo="sudo"
    $sudo apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq "${missing[@]}" >/dev/null
  fi
}

build() {
  setup
  log "build: wasm (release)"
  cargo build --quiet --lib --release --target wasm32-unknown-unknown -p trichome
  rm -rf "$WASM_OUT" && mkdir -p "$WASM_OUT"
  wasm-bindgen --target no-modules --no-typescript --out-dir "$WASM_OUT" --out-name trichome_core \
    target/wasm32-unknown-unknown/release/trichome.wasm
  log "build: wasm-opt"
  wasm-opt -O3 --enable-bulk-memory --enable-nontrapping-float-to-int --enable-sign-ext --enable-reference-types \
    --enable-mutable-globals --enable-multivalue \
    "$WASM_OUT/trichome_core_bg.wasm" -o "$WASM_OUT/trichome_core_bg.wasm"
  node --check "$WASM_OUT/trichome_core.js"
  log "build: packages"
  node extension/tools/package.mjs "$WASM_OUT" "$DIST"
  for browser in chrome firefox; do
    rm -f "$DIST/trichome-$browser.zip"
    (cd "$DIST/$browser" && zip -qr "../trichome-$browser.zip" .)
  done
  local raw gz
  raw=$(stat -c %s "$DIST/chrome/trichome_core_bg.wasm")
  gz=$(gzip -9c "$DIST/chrome/trichome_core_bg.wasm" | wc -c)
  log "build: wasm $((raw / 1024)) KiB raw, $((gz / 1024)) KiB gzipped"
}

test_all() {
  build
  log "test: cargo fmt --check"
  cargo fmt --all -- --check
  log "test: clippy (warnings denied)"
  cargo clippy --quiet --all-targets -- -D warnings
  cargo clippy --quiet --lib --target wasm32-unknown-unknown --no-default-features -- -D warnings
  log "test: eslint (extension, tests, tools)"
  eslint --max-warnings 0 .
  log "test: native tests"
  cargo test --quiet --workspace 2>&1 | tee target/cargo-test.log
  log "test: wasm tests (wasm-bindgen-test under Node)"
  CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_RUNNER=wasm-bindgen-test-runner \
    cargo test --target wasm32-unknown-unknown -p trichome --no-default-features --test wasm 2>&1 | tee target/wasm-test.log
  log "test: web-ext lint (Firefox package)"
  web-ext lint --source-dir "$DIST/firefox" --self-hosted --output text
  log "test: JavaScript unit tests"
  node --test --test-reporter=spec tests/unit/*.test.mjs
  log "test: end-to-end (headless Chromium, the built dist/chrome)"
  node --test --test-reporter=spec tests/e2e/*.test.mjs
}

demo() {
  build
  log "demo: opening the bundled demo pages"
  node tests/demo.mjs "$@"
}

bench() {
  build
  log "bench (numbers recorded in docs/benchmarks.md)"
  bash bench/run.sh
}

case "${1:-}" in
  setup) setup ;;
  build) build ;;
  test) test_all ;;
  demo) shift; demo "$@" ;;
  bench) bench ;;
  *) usage; [[ -z "${1:-}" ]] && exit 0 || exit 2 ;;
esac
