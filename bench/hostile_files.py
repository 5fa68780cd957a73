"""Benchmark: hostile uploads are refused fast and without eating the server's memory.

Each file is read by `read_table` (what the Import page calls) in a fresh Python process, which
reports the seconds until the refusal and its peak memory above what it held before reading; median
of 3 processes. The floor is the same reading of the 5,000-row CSV that is allowed. The files (issue
9): a lying zip (a workbook plus 2 GB of sheet XML whose directory says 1,000 bytes), an honest big
one (190 MB of sheet XML in a few hundred KB), a CSV of a million short rows (4 MB, under the 5 MB
limit); and (issue 16) a 5 KB workbook (the issue's was 3.7 KB) with one merged range C1:XFD400 (about 50 s and 2.1 GB
before), one of 22 KB merging C1:XFD4000 (14 GB before) and a 4.5 MB CSV of blank lines (900 MB
before). Targets: lying zip 2 s and 100 MB, honest big 5 s, a million rows well under the 7.4 s and
300 MB it took before, the merged and blank files 2 s and 100 MB. Ends with `hostile_files_<file>: ...`
lines.

Run: .venv/bin/python bench/hostile_files.py
"""

from __future__ import annotations

import io
import json
import statistics
import subprocess
import sys
import tempfile
import zipfile
from pathlib import Path

# No app code nor bench/common.py in this process: a child starts with its parent's peak RSS, which
# would hide what the reading costs.
ROOT = Path(__file__).resolve().parent.parent
RUNS = 3
TARGETS = {
    "lying_zip": (2.0, 100.0),
    "honest_big": (5.0, 100.0),
    "million_rows": (2.0, 100.0),
    "merged_tiny": (2.0, 100.0),
    "merged_wide": (2.0, 100.0),
    "blank_lines": (2.0, 100.0),
}
# Run in a fresh process for each file: it loads nothing but what the Import page would.
PROBE = """
import json, resource, sys, time
sys.path.insert(0, {root!r})
from aiadopt.formats.table_reader import ImportProblem, read_table
data = open(sys.argv[1], "rb").read()
before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
start = time.perf_counter()
try:
    outcome = f"read {{len(read_table(data, sys.argv[1]))}} rows"
except ImportProblem as problem:
    outcome = "refused: " + problem.message
seconds = time.perf_counter() - start
peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
print(json.dumps({{"seconds": seconds, "extra_mb": (peak - before) / 1024, "outcome": outcome}}))
"""


def with_big_part(size: int, claimed: int | None) -> bytes:
    """A workbook plus one sheet part of `size` bytes of XML, streamed; its directory may lie about the size."""
    from openpyxl import Workbook

    buffer, book = io.BytesIO(), Workbook()
    book.active.append(["Department", "Short title"])
    book.active.append(["Finance", "Invoice matching"])
    book.save(buffer)
    chunk = b"<row><c><v>1</v></c></row>" * 40_000
    with zipfile.ZipFile(buffer, "a", zipfile.ZIP_DEFLATED, compresslevel=9) as archive:
        info = zipfile.ZipInfo("xl/worksheets/sheet9.xml")
        info.compress_type = zipfile.ZIP_DEFLATED
        with archive.open(info, "w", force_zip64=True) as part:
            for _ in range(0, size, len(chunk)):
                part.write(chunk)
    data = bytearray(buffer.getvalue())
    if claimed is not None:
        name = b"xl/worksheets/sheet9.xml"
        central = data.rindex(name) - 46
        # With zip64 the sizes live in the extra field; rewrite the 8-byte uncompressed size there.
        extra_at = central + 46 + len(name)
        if data[extra_at : extra_at + 2] == b"\x01\x00":
            data[extra_at + 4 : extra_at + 12] = claimed.to_bytes(8, "little")
        else:
            data[central + 24 : central + 28] = claimed.to_bytes(4, "little")
    return bytes(data)


def with_merged_range(ref: str, padding: int = 0) -> bytes:
    """A three-row workbook whose sheet XML merges `ref` (as any spreadsheet program can write);
    `padding` bytes of incompressible text in one cell bring the file to the size an attacker sent."""
    import os

    from openpyxl import Workbook

    buffer, book = io.BytesIO(), Workbook()
    book.active.append(["Department", "Short title", "Notes"])
    book.active.append(["Finance", "Invoice matching", os.urandom(padding).hex()[:padding] if padding else "x"])
    book.active.append(["Sales", "Quotes", None])
    book.save(buffer)
    source, out = zipfile.ZipFile(io.BytesIO(buffer.getvalue())), io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            content = source.read(info)
            if info.filename == "xl/worksheets/sheet1.xml":
                merged = f'</sheetData><mergeCells count="1"><mergeCell ref="{ref}"/></mergeCells>'
                content = content.replace(b"</sheetData>", merged.encode())
            target.writestr(info, content)
    return out.getvalue()


def measure(path: Path) -> dict:
    runs = []
    for _ in range(RUNS):
        command = [sys.executable, "-c", PROBE.format(root=str(ROOT)), str(path)]
        runs.append(json.loads(subprocess.run(command, capture_output=True, text=True, check=True).stdout))
    median = {key: statistics.median(r[key] for r in runs) for key in ("seconds", "extra_mb")}
    return median | {"outcome": runs[0]["outcome"]}


def main() -> None:
    files = {
        "lying_zip.xlsx": with_big_part(2_000_000_000, claimed=1_000),
        "honest_big.xlsx": with_big_part(190_000_000, claimed=None),
        "million_rows.csv": b"Department,Short title\n" + b"F,x\n" * 1_000_000,
        "merged_tiny.xlsx": with_merged_range("C1:XFD400"),
        "merged_wide.xlsx": with_merged_range("C1:XFD4000", padding=30_000),
        "blank_lines.csv": b"Department,Short title\n" + b"\n" * 4_400_000 + b"Finance,Invoices\n",
        "floor.csv": b"Department,Short title,How many times\n" + b"Finance,Invoice matching,3\n" * 5_000,
    }
    figures = {}
    with tempfile.TemporaryDirectory() as folder:
        for name, data in files.items():
            (path := Path(folder) / name).write_bytes(data)
            figures[path.stem] = measure(path) | {"size_mb": len(data) / 1e6}
    floor = figures.pop("floor")
    print(f"(median of {RUNS} runs, each in a fresh process; extra memory = peak RSS above the start)")
    print(
        f"floor: 5,000-row CSV ({floor['size_mb']:.2f} MB) read in {floor['seconds']:.2f} s, "
        f"+{floor['extra_mb']:.0f} MB ({floor['outcome']})"
    )
    for name, found in figures.items():
        print(
            f"{name:<13} {found['size_mb']:6.2f} MB on disk: {found['seconds']:.2f} s, "
            f"+{found['extra_mb']:.0f} MB  ({found['outcome'][:90]})"
        )
    for name, found in figures.items():
        seconds, megabytes = TARGETS[name]
        value, target = f"{found['seconds']:.2f} s, +{found['extra_mb']:.0f} MB", f"{seconds:g} s, {megabytes:g} MB"
        print(f"hostile_files_{name}: {value} (target {target}; floor {floor['seconds']:.2f} s)")


if __name__ == "__main__":
    main()
