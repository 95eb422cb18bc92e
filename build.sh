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
          npm packages from package-lock.json (wasm-opt, eslint, typescript, playwright-core, web-ext), Debian's chromium,
          chromium-driver, firefox-esr, fonts and Java (for Spark)
  build   release wasm -> wasm-bindgen -> wasm-opt -> dist/chrome, dist/firefox and their zip packages
  test    fmt, clippy, eslint, the extension's type check (tsc), native tests, wasm tests, web-ext lint, a short
          fuzz pass where cargo-fuzz is installed, archive mode inside Apache Spark (local mode), JavaScript unit
          tests, end-to-end tests in headless Chromium and Firefox
  demo    build, then open the bundled demo pages with the extension loaded (headless without a display:
          screenshots in out/demo/ and a printed summary)
  bench   benchmarks that print numbers (see docs/benchmarks.md)
  eval    the evaluation report: every labelled set in ../shared/data through the engine, written to
          docs/evaluation.md and docs/evaluation-*.svg (needs ../shared/data or TRICHOME_DATA; Rust only)
  fuzz SECONDS [TARGET...]
          libFuzzer on every parser and entry point (fuzz/), SECONDS per target, seeded from the fixtures and
          ../shared/data, with a slow-input and a memory limit; installs cargo-fuzz into tools/ first (once)
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
  if [[ ! -x node_modules/.bin/wasm-opt || ! -x node_modules/.bin/eslint || ! -x node_modules/.bin/tsc || ! -d node_modules/playwright-core || package-lock.json -nt node_modules/.package-lock.json ]]; then
    log "setup: npm packages from package-lock.json"
    npm ci --no-audit --no-fund --loglevel=error
  fi
  local missing=()
  [[ -x /usr/bin/chromium ]] || missing+=(chromium)
  [[ -x /usr/bin/chromedriver ]] || missing+=(chromium-driver)
  command -v firefox-esr >/dev/null || missing+=(firefox-esr)
  # Firefox's own Chinese (the end-to-end locale test runs Firefox in zh-CN; the extension follows Firefox's language).
  dpkg -s firefox-esr-l10n-zh-cn >/dev/null 2>&1 || missing+=(firefox-esr-l10n-zh-cn)
  dpkg -s firefox-esr-l10n-zh-tw >/dev/null 2>&1 || missing+=(firefox-esr-l10n-zh-tw)
  command -v openssl >/dev/null || missing+=(openssl)
  # Apache Spark's JVM, for archive mode inside Spark (tests/spark/run.sh).
  command -v java >/dev/null || missing+=(openjdk-17-jre-headless)
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

# One wasm module: release build with the given cargo features, wasm-bindgen under the given name, wasm-opt.
wasm_module() {
  local name="$1" features="$2"
  log "build: wasm $name (release)"
  # shellcheck disable=SC2086 # the features are words
  cargo build --quiet --lib --release --target wasm32-unknown-unknown -p trichome --no-default-features $features
  wasm-bindgen --target no-modules --no-typescript --out-dir "$WASM_OUT" --out-name "$name" \
    target/wasm32-unknown-unknown/release/trichome.wasm
  log "build: wasm-opt $name"
  wasm-opt -O3 --enable-bulk-memory --enable-nontrapping-float-to-int --enable-sign-ext --enable-reference-types \
    --enable-mutable-globals --enable-multivalue \
    "$WASM_OUT/${name}_bg.wasm" -o "$WASM_OUT/${name}_bg.wasm"
  node --check "$WASM_OUT/$name.js"
}

build() {
  setup
  rm -rf "$WASM_OUT" && mkdir -p "$WASM_OUT"
  # Two modules (crate/src/wasm.rs): the tabs' (trichome_core) and the background's (trichome_memory, which adds
  # what only the memory calls).
  wasm_module trichome_core ""
  wasm_module trichome_memory "--features memory"
  log "build: packages"
  node extension/tools/package.mjs "$WASM_OUT" "$DIST"
  for browser in chrome firefox; do
    rm -f "$DIST/trichome-$browser.zip"
    (cd "$DIST/$browser" && zip -qr "../trichome-$browser.zip" .)
  done
  local name raw gz
  for name in trichome_core trichome_memory; do
    raw=$(stat -c %s "$DIST/chrome/${name}_bg.wasm")
    gz=$(gzip -9c "$DIST/chrome/${name}_bg.wasm" | wc -c)
    log "build: wasm $name $((raw / 1024)) KiB raw, $((gz / 1024)) KiB gzipped"
  done
}

test_all() {
  build
  log "test: cargo fmt --check"
  cargo fmt --all -- --check
  log "test: clippy (warnings denied)"
  cargo clippy --quiet --all-targets -- -D warnings
  cargo clippy --quiet --lib --target wasm32-unknown-unknown --no-default-features -- -D warnings
  cargo clippy --quiet --lib --target wasm32-unknown-unknown --no-default-features --features memory -- -D warnings
  cargo clippy --quiet -p trichome-python -- -D warnings
  log "test: eslint (extension, tests, tools)"
  eslint --max-warnings 0 .
  log "test: tsc --checkJs (extension contracts)"
  node_modules/.bin/tsc -p tsconfig.json
  node_modules/.bin/tsc -p tsconfig.strict.json
  log "test: native tests"
  # crate/python is a Python extension module: it has no Rust tests, and tests/spark/run.sh builds it.
  cargo test --quiet --workspace --exclude trichome-python 2>&1 | tee target/cargo-test.log
  log "test: wasm tests (wasm-bindgen-test under Node)"
  CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_RUNNER=wasm-bindgen-test-runner \
    cargo test --target wasm32-unknown-unknown -p trichome --no-default-features --features memory --test wasm 2>&1 | tee target/wasm-test.log
  log "test: archive mode inside Apache Spark gives the command line's verdicts (local mode)"
  tests/spark/run.sh
  log "test: web-ext lint (Firefox package)"
  web-ext lint --source-dir "$DIST/firefox" --self-hosted --warnings-as-errors --output text
  # A short pass where cargo-fuzz is installed (by `./build.sh fuzz`): 4 s a target, after building them (a minute
  # or more when the core changed). crate/tests/garbage.rs runs seeded mutations in `cargo test` everywhere.
  if [[ -x "$TOOLS/bin/cargo-fuzz" ]]; then
    log "test: a short fuzz pass (./build.sh fuzz SECONDS for a longer one)"
    fuzz 4
  else
    log "test: no fuzz pass here: cargo-fuzz is not installed (./build.sh fuzz SECONDS installs it)"
  fi
  log "test: JavaScript unit tests"
  node --test --test-reporter=spec tests/unit/*.test.mjs
  log "test: end-to-end (headless Chromium, the built dist/chrome)"
  node --test --test-reporter=spec tests/e2e/*.test.mjs
}

# cargo-fuzz, pinned; installed into tools/ by `./build.sh fuzz` (a few minutes, once).
CARGO_FUZZ_VERSION=0.13.2
FUZZ_TARGETS=(capture observations restore import text engine)

# libFuzzer's instrumentation takes unstable compiler flags: nightly where the machine has it, else the one stable
# toolchain allowed them (no other toolchain can be fetched on these machines).
fuzz_cargo() {
  if rustup toolchain list 2>/dev/null | grep -q '^nightly'; then
    cargo +nightly fuzz "$@"
  else
    RUSTC_BOOTSTRAP=1 cargo fuzz "$@"
  fi
}

# Runs each target for $1 seconds (all of them, or those named after it) and prints executions and crashes. A
# crash stops the run with libFuzzer's report; the input that caused it is in fuzz/artifacts/<target>/.
fuzz() {
  local seconds="${1:-}"
  [[ "$seconds" =~ ^[0-9]+$ ]] || { usage; exit 2; }
  shift
  local targets=("$@")
  ((${#targets[@]})) || targets=("${FUZZ_TARGETS[@]}")
  if [[ "$("$TOOLS/bin/cargo-fuzz" --version 2>/dev/null | awk '{print $2}')" != "$CARGO_FUZZ_VERSION" ]]; then
    log "fuzz: cargo-fuzz $CARGO_FUZZ_VERSION into tools/ (a few minutes, once)"
    cargo install cargo-fuzz --version "$CARGO_FUZZ_VERSION" --root "$TOOLS" --quiet
  fi
  local corpus="$ROOT/target/fuzz/corpus"
  node fuzz/seed.mjs "$corpus"
  log "fuzz: building the targets"
  fuzz_cargo build --fuzz-dir fuzz --sanitizer none --debug-assertions
  for target in "${targets[@]}"; do
    log "fuzz: $target for ${seconds}s"
    local out="$ROOT/target/fuzz/$target.log"
    mkdir -p "$corpus/$target"
    # -timeout: one input may take 10 s at most (slow inputs are findings); -rss_limit_mb and -malloc_limit_mb:
    # 2 GiB in all and 512 MiB in one allocation (large allocations are findings too).
    if ! fuzz_cargo run --fuzz-dir fuzz --sanitizer none --debug-assertions "$target" "$corpus/$target" -- \
      -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 -malloc_limit_mb=512 -max_len=1600000 \
      -print_final_stats=1 >"$out" 2>&1; then
      tail -40 "$out" >&2
      log "fuzz: $target FAILED (its input is in fuzz/artifacts/$target/; the log in ${out#"$ROOT"/})"
      return 1
    fi
    printf '  %-13s %s executions, corpus %s inputs, no crash\n' "$target" \
      "$(awk '/stat::number_of_executed_units/ {print $2}' "$out")" "$(find "$corpus/$target" -type f | wc -l)"
  done
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

# The evaluation report. Its set-up is the native build alone (no wasm, browsers or npm): the report program
# (bench/, trichome-bench) and the crowd-set writer, in the command-line profile; then the sets and the run.
evaluate() {
  local data="${TRICHOME_DATA:-$ROOT/../shared/data}"
  if [[ ! -d "$data/campaigns" || ! -d "$data/controls" ]]; then
    echo "build.sh eval: no labelled data at $data: the evaluation runs on ../shared/data (or set TRICHOME_DATA)" >&2
    exit 1
  fi
  command -v cargo >/dev/null || { echo "build.sh eval: cargo not found (install Rust with rustup)" >&2; exit 1; }
  local started=$SECONDS
  log "eval: building trichome-bench and crowd_controls (--profile cli)"
  cargo build --quiet --profile cli -p trichome-bench
  cargo build --quiet --profile cli -p trichome-bench --example crowd_controls
  log "eval: writing the crowd sets into target/crowd"
  TRICHOME_DATA="$data" target/cli/examples/crowd_controls target/crowd
  log "eval: measuring (progress below)"
  target/cli/trichome-bench --data "$data" --crowd target/crowd --out docs --setup-seconds $((SECONDS - started))
}

case "${1:-}" in
  setup) setup ;;
  build) build ;;
  test) test_all ;;
  demo) shift; demo "$@" ;;
  bench) bench ;;
  eval) evaluate ;;
  fuzz) shift; fuzz "$@" ;;
  *) usage; [[ -z "${1:-}" ]] && exit 0 || exit 2 ;;
esac
