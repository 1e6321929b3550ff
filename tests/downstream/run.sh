#!/usr/bin/env bash
# A Rust program that depends on this checkout as a user's does: a crate generated in a
# temporary folder, grdpsim as a path dependency, no lockfile of ours (cargo resolves every
# dependency afresh, to the newest compatible releases). It is built and run with the default
# features and with each feature set; its main computes the Cao Bằng H1 gap and the uniform
# required H2 growth, which must read -1.04 and 9.27. The scenario-only build must not pull in
# SQLite, the spreadsheet stack, the web stack or PyO3.
#
# Usage: tests/downstream/run.sh [FEATURE_SET ...]   (default: all of them; "" is the default)
# Builds share CARGO_TARGET_DIR=target/downstream, so a second run compiles incrementally.
set -u
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$ROOT/target/downstream}"
if [ $# -eq 0 ]; then set -- "" store xlsx web full; fi
WORK=$(mktemp -d "${TMPDIR:-/tmp}/grdpsim-downstream.XXXXXX")
trap 'rm -rf "$WORK"' EXIT
failed=()

for features in "$@"; do
  name=${features:-default}
  crate="$WORK/user-$name"
  mkdir -p "$crate/src"
  cp "$ROOT/tests/downstream/main.rs" "$crate/src/main.rs"
  list=$(printf '%s' "$features" | sed 's/\([^,][^,]*\)/"\1"/g')
  cat > "$crate/Cargo.toml" <<TOML
[package]
name = "grdpsim-user"
version = "0.0.0"
edition = "2021"
publish = false

[dependencies]
grdpsim = { path = "$ROOT", features = [$list] }

[workspace]
TOML
  echo "== downstream, features: ${features:-(default)}"
  log="$WORK/$name.log"
  if ! (cd "$crate" && cargo build --quiet) >"$log" 2>&1; then
    if grep -q "calamine" "$log" && grep -q "E0107" "$log"; then
      zip=$(cd "$crate" && cargo tree -e normal --prefix none 2>/dev/null |
        grep -E '^zip v' | sort -u | paste -sd, -)
      echo "FAILED ($name): calamine 0.26 does not compile against the zip a fresh resolution"
      echo "  picks (${zip:-zip}): error[E0107] in calamine's ods.rs. Upgrading calamine fixes it."
    else
      echo "FAILED ($name): the build failed:"
      tail -30 "$log"
    fi
    failed+=("$name")
    continue
  fi
  out=$(cd "$crate" && cargo run --quiet 2>&1)
  echo "$out"
  if ! grep -q "H1 GRDP gap: -1.04 pp" <<<"$out" ||
     ! grep -q "uniform required H2 growth: 9.27%" <<<"$out"; then
    echo "FAILED ($name): expected an H1 gap of -1.04 pp and a required H2 growth of 9.27%"
    failed+=("$name")
  fi
  if [ -z "$features" ]; then
    heavy=$(cd "$crate" && cargo tree -e normal --prefix none |
      grep -E '^(rusqlite|libsqlite3-sys|calamine|rust_xlsxwriter|axum|tokio|pyo3|numpy) ' || true)
    if [ -n "$heavy" ]; then
      echo "FAILED (default): the scenario-only build depends on:"
      echo "$heavy"
      failed+=("default: heavy dependencies")
    else
      echo "ok: no rusqlite, calamine, rust_xlsxwriter, axum or pyo3 in the default build"
    fi
  fi
done

if [ ${#failed[@]} -gt 0 ]; then
  echo "downstream builds FAILED: ${failed[*]}"
  exit 1
fi
echo "downstream builds ok"
