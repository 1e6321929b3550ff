# The two commands a user needs: `make demo` and `make test`. Both set up what they need in
# .venv (Python packages) and build the extension with maturin.
PYTHON ?= python3
VENV := .venv
VPY := $(VENV)/bin/python
MATURIN := $(VENV)/bin/maturin

.PHONY: demo test develop wheel wheel-test rust-test lint python-lint examples downstream pytest stubtest notebooks notebook-outputs bench clean browser

$(VENV)/.installed: requirements-dev.txt
	$(PYTHON) -m venv $(VENV)
	$(VPY) -m pip install --quiet --upgrade pip
	$(VPY) -m pip install --quiet -r requirements-dev.txt
	touch $@

# Build the Rust extension (release) into the virtual environment.
# An extension built before the wheel became abi3 (_core.cpython-3XX-*.so) would shadow the new
# _core.abi3.so on import: it is removed first.
develop: $(VENV)/.installed
	rm -f python/grdpsim/_core.cpython-*.so
	VIRTUAL_ENV=$(abspath $(VENV)) $(MATURIN) develop --release --quiet

# One abi3 wheel (CPython 3.9 and later) in target/wheels, for people without Rust.
wheel: $(VENV)/.installed
	$(MATURIN) build --release --quiet --out target/wheels

# The wheel installed into a fresh venv (oldest Python pyenv has; no cargo on PATH), with and
# without its extras: grdpsim --version, report in every format and language, the briefing,
# the digest. Packages come from PyPI (numpy, pandas; matplotlib and Dask for the extras).
wheel-test: wheel
	tests/wheel/run.sh

demo: develop
	$(VENV)/bin/grdpsim report

test: rust-test lint python-lint examples develop browser pytest stubtest notebooks wheel-test downstream

# Each feature alone and all together. Tests run for the default build (the scenario maths
# alone, no SQLite, spreadsheets or web) and for every Rust feature (store, xlsx, web; the
# Python face is tested by pytest), and the store without xlsx must refuse a workbook by name;
# clippy checks every target of each feature alone, of `full` and of the default build, which
# costs a check each, not a build.
FEATURES := store xlsx web python
RUST_ALL := store,xlsx,web

# Tests leave nothing behind: the Rust tests and the notebooks run with a fresh temporary folder
# of their own (TMPDIR), and a grdpsim-* folder or a browser's profile left in it fails the
# run, named (pytest makes the same check on a folder of its own: tests/python/conftest.py).
TEST_TMP := $(abspath target/test-tmp)
fresh_tmp = rm -rf $(TEST_TMP) && mkdir -p $(TEST_TMP)
no_leftovers = left=$$(cd $(TEST_TMP) && ls -d grdpsim-* org.chromium.* .org.chromium.* 2>/dev/null); \
	if [ -n "$$left" ]; then echo "the tests left in $(TEST_TMP):" $$left; exit 1; fi

rust-test:
	$(fresh_tmp)
	TMPDIR=$(TEST_TMP) cargo test --quiet
	TMPDIR=$(TEST_TMP) cargo test --quiet --features $(RUST_ALL)
	TMPDIR=$(TEST_TMP) cargo test --quiet --features store --test store_without_xlsx
	@$(no_leftovers)

lint:
	cargo fmt --check
	cargo clippy --all-targets --quiet -- -D warnings
	for f in $(FEATURES) full; do \
	  cargo clippy --all-targets --features $$f --quiet -- -D warnings || exit 1; \
	done
	RUSTDOCFLAGS="-D warnings" cargo doc --no-deps --features $(RUST_ALL) --quiet

# The Python side's lint (ruff, configured in pyproject.toml) and its formatting.
python-lint: $(VENV)/.installed
	$(VENV)/bin/ruff check python tests/python benches notebooks/*.py
	$(VENV)/bin/ruff format --check python tests/python

# The examples run and print the README's figures (tests/examples.sh checks them).
examples:
	tests/examples.sh

# A user's Rust program (generated in a temporary folder, no lockfile: a fresh resolution)
# built and run with the default features and with each feature set; the scenario-only build
# must not depend on SQLite, spreadsheets, the web stack or PyO3. Its builds share
# target/downstream, so a second run compiles little.
downstream:
	tests/downstream/run.sh

# The browser tests (HTML report, web page) drive Debian's chromium through its chromedriver;
# a fresh machine gets both from Debian's packages (as root, or through sudo when it is there).
browser:
	@command -v chromium >/dev/null && command -v chromedriver >/dev/null || { \
	  SUDO=$$( [ "$$(id -u)" = 0 ] || echo sudo ); \
	  $$SUDO apt-get update -qq && \
	  DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq --no-install-recommends chromium chromium-driver; }

pytest: develop
	$(VPY) -m pytest -q --doctest-modules python/grdpsim tests/python README.md

# The stubs must match the compiled module.
stubtest: develop
	$(VPY) -m mypy.stubtest grdpsim._core --allowlist tests/python/stubtest-allowlist.txt
	$(VPY) -m mypy python/grdpsim

# Headless: the notebooks show their charts inline when opened; here they render off screen.
# The files keep the outputs of one run top to bottom (`make notebook-outputs` stores them).
notebooks: develop
	$(fresh_tmp)
	TMPDIR=$(TEST_TMP) MPLBACKEND=Agg $(VPY) -m pytest -q --nbmake notebooks
	@$(no_leftovers)
	$(VPY) notebooks/outputs.py --check

notebook-outputs: develop
	$(VPY) notebooks/outputs.py

bench: develop
	cargo bench
	$(VPY) benches/batch_vs_numpy.py

clean:
	rm -rf $(VENV) target
