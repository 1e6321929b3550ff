#!/usr/bin/env bash
# The wheel as a person without Rust gets it: installed into a fresh virtual environment (no
# system site-packages, no cargo on PATH), first without extras, then with them, and the
# console script run in every format and both languages. The oldest Python the package
# supports is used when pyenv has it (WHEEL_PYTHON overrides), so the one abi3 wheel is
# checked where it matters most.
#
# Usage: tests/wheel/run.sh [WHEEL]   (default: the newest target/wheels/grdpsim-*.whl)
set -eu
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
WHEEL=${1:-$(ls -t "$ROOT"/target/wheels/grdpsim-*.whl 2>/dev/null | head -1)}
[ -n "$WHEEL" ] || { echo "no wheel in target/wheels: run make wheel"; exit 1; }
case "$WHEEL" in *-abi3-*) ;; *) echo "FAILED: $WHEEL is not an abi3 wheel"; exit 1;; esac
if [ -z "${WHEEL_PYTHON:-}" ]; then
  WHEEL_PYTHON=$(ls -d "${PYENV_ROOT:-$HOME/.pyenv}"/versions/3.9*/bin/python3 2>/dev/null | tail -1)
  WHEEL_PYTHON=${WHEEL_PYTHON:-python3}
fi
WORK=$(mktemp -d "${TMPDIR:-/tmp}/grdpsim-wheel.XXXXXX")
trap 'rm -rf "$WORK"' EXIT
"$WHEEL_PYTHON" -m venv "$WORK/venv"
V="$WORK/venv/bin"
# What the user has: the venv and the system's tools, no Rust toolchain.
export PATH="$V:/usr/local/bin:/usr/bin:/bin"
unset VIRTUAL_ENV CARGO_HOME RUSTUP_HOME
if command -v cargo >/dev/null; then echo "FAILED: cargo is on PATH ($(command -v cargo))"; exit 1; fi
"$V/python" -c 'import sys; assert sys.prefix != sys.base_prefix and not any("site-packages" in p and not p.startswith(sys.prefix) for p in sys.path), sys.path'
echo "== $("$V/python" --version), $(basename "$WHEEL")"
"$V/python" -m pip install --quiet --disable-pip-version-check "$WHEEL"
cd "$WORK"

fail() { echo "FAILED: $*"; exit 1; }
expect() { # expect PATTERN COMMAND...: exit 0 and PATTERN in the output
  local pattern=$1; shift
  out=$("$@" 2>&1) || fail "$* exited $?: $out"
  grep -qF -- "$pattern" <<<"$out" || fail "$*: no '$pattern' in: $out"
  echo "ok: $*"
}
hint() { # hint EXTRA COMMAND...: exit 2 with one line naming the extra, no traceback
  local extra=$1; shift
  if out=$("$@" 2>&1); then fail "$* succeeded without its extra"; fi
  grep -qF "pip install 'grdpsim[$extra]'" <<<"$out" || fail "$*: no hint naming [$extra]: $out"
  ! grep -q Traceback <<<"$out" || fail "$*: a traceback: $out"
  [ "$(wc -l <<<"$out")" -eq 1 ] || fail "$*: more than one line: $out"
  echo "ok: $* -> $out"
}

version=$("$V/python" -c 'import importlib.metadata as m; print(m.version("grdpsim"))')
expect "grdpsim $version (core $version)" "$V/grdpsim" --version
expect "" "$V/python" -c "import grdpsim"
for lang in en vi; do
  for fmt in text md; do
    gap=$([ $lang = vi ] && echo "-1,04" || echo "-1.04")
    expect "$gap" "$V/grdpsim" report --format $fmt --lang $lang
  done
  hint report "$V/grdpsim" report --format html --lang $lang --output report-$lang.html
  hint report "$V/grdpsim" report --format xlsx --lang $lang --output report-$lang.xlsx
done
expect "→ 33,5%" "$V/grdpsim" disbursement report
expect "→ 33.5%" "$V/grdpsim" disbursement report --lang en
expect "2025-07" "$V/grdpsim" monitor digest --month 2025-07
# In Python the hint is the exception's message (a MissingExtraError, an ImportError too).
expect "dask is not installed: pip install 'grdpsim[dask]'" "$V/python" -c "
import grdpsim, grdpsim.dask as d
try:
    d._dask('dask.array')
except grdpsim.MissingExtraError as e:
    print(e)"

"$V/python" -m pip install --quiet --disable-pip-version-check "$WHEEL[report,dask]"
for lang in en vi; do
  for fmt in html xlsx; do
    expect "" "$V/grdpsim" report --format $fmt --lang $lang --output report-$lang.$fmt
    [ -s report-$lang.$fmt ] || fail "report-$lang.$fmt is empty"
  done
done
grep -q "data:image/svg+xml" report-vi.html || fail "the HTML report has no chart"
expect "" "$V/python" -c "import grdpsim, grdpsim.dask as d, matplotlib; d._dask('dask.array')"
echo "wheel ok"
