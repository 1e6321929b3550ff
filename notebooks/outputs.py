"""The notebooks' stored outputs: tables and charts saved in each file, so that a notebook shows
them when opened anywhere (GitHub, an editor, a colleague's Jupyter) before it is run.

``python notebooks/outputs.py`` (``make notebook-outputs``) runs every notebook top to bottom in
a fresh kernel, charts drawn inline, and saves it with its outputs.
``python notebooks/outputs.py --check`` (part of ``make notebooks``) checks that every stored
notebook comes from one such run: each code cell executed once, in order, none failed, and
every chart cell holds its image. ``make notebooks`` also runs them again headless (nbmake).
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

import nbformat
from nbclient import NotebookClient

HERE = Path(__file__).resolve().parent


def notebooks(names: list[str]) -> list[Path]:
    return [HERE / n for n in names] if names else sorted(HERE.glob("*.ipynb"))


def run(path: Path) -> None:
    nb = nbformat.read(path, as_version=4)
    resources = {"metadata": {"path": str(HERE)}}
    NotebookClient(nb, timeout=900, kernel_name="python3", resources=resources).execute()
    for cell in nb.cells:
        # Timestamps of the run: they would change the file at every refresh.
        cell.metadata.pop("execution", None)
    nbformat.write(nb, path)
    print(f"{path.name}: outputs stored")


def problems(path: Path) -> list[str]:
    nb = nbformat.read(path, as_version=4)
    found = []
    code = [c for c in nb.cells if c.cell_type == "code"]
    for k, cell in enumerate(code, start=1):
        where = f"{path.name}, code cell {k} ({cell.get('id', '?')})"
        if cell.execution_count != k:
            found.append(f"{where}: execution count {cell.execution_count}, not {k}")
        if any(o.output_type == "error" for o in cell.outputs):
            found.append(f"{where}: stored with an error")
        draws = ".plot(" in cell.source or "plot." in cell.source or "plt." in cell.source
        has_image = any("image/png" in o.get("data", {}) for o in cell.outputs)
        if draws and not has_image:
            found.append(f"{where}: draws a chart but holds no image")
    return found


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--check", action="store_true", help="check the stored outputs, change nothing")
    parser.add_argument("names", nargs="*", help="notebook file names (default: all)")
    args = parser.parse_args(argv)
    if args.check:
        found = [p for path in notebooks(args.names) for p in problems(path)]
        for p in found:
            print(p, file=sys.stderr)
        if found:
            print("stored outputs are not those of one run: make notebook-outputs", file=sys.stderr)
        return 1 if found else 0
    for path in notebooks(args.names):
        run(path)
    return 0


if __name__ == "__main__":
    sys.exit(main())
