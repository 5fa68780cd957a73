"""Benchmark: hostile uploads are refused fast and without eating the server's memory.

Each file is read by `read_table` (what the Import page calls) in a fresh Python process, which
reports the seconds until the refusal and its peak memory above what it held before reading.
The floor is the same process reading the 5,000-row template-sized CSV that is allowed (the
cost of an honest file of the largest size accepted).

Files (as issue 9 found them):
- lying zip: a real workbook plus a sheet part of 2 GB of XML whose directory says 1,000 bytes
  (about 2 MB on disk);
- honest big: a workbook with 190 MB of sheet XML in a few hundred KB;
- million rows: a CSV of 1,000,000 short rows (4 MB, under the 5 MB limit).

Targets (issue 9): lying zip refused within 2 s and 100 MB; honest big within 5 s; the million-row
CSV well under the 7.4 s and 300 MB it took before.

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

ROOT = Path(__file__).resolve().parent.parent
RUNS = 3
TARGETS = {"lying_zip": (2.0, 100.0), "honest_big": (5.0, 100.0), "million_rows": (2.0, 100.0)}

PROBE = """
import json, resource, sys, time
sys.path.insert(0, {root!r})
from aiadopt.formats.table_reader import ImportProblem, read_table
data = open(sys.argv[1], "rb").read()
before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
start = time.perf_counter()
try:
    rows = len(read_table(data, sys.argv[1]))
    outcome = f"read {{rows}} rows"
except ImportProblem as problem:
    outcome = "refused: " + problem.message
seconds = time.perf_counter() - start
peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
print(json.dumps({{"seconds": seconds, "extra_mb": (peak - before) / 1024, "outcome": outcome}}))
"""


def small_workbook() -> bytes:
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    sheet.append(["Department", "Short title"])
    sheet.append(["Finance", "Invoice matching"])
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def with_big_part(size: int, claimed: int | None) -> bytes:
    """A workbook plus one sheet part of `size` bytes of XML, streamed; its directory may lie about the size."""
    buffer = io.BytesIO(small_workbook())
    chunk = b"<row><c><v>1</v></c></row>" * 40_000
    with zipfile.ZipFile(buffer, "a", zipfile.ZIP_DEFLATED, compresslevel=9) as archive:
        info = zipfile.ZipInfo("xl/worksheets/sheet9.xml")
        info.compress_type = zipfile.ZIP_DEFLATED
        with archive.open(info, "w", force_zip64=True) as part:
            written = 0
            while written < size:
                part.write(chunk)
                written += len(chunk)
    data = bytearray(buffer.getvalue())
    if claimed is not None:
        name = b"xl/worksheets/sheet9.xml"
        central = data.rindex(name) - 46
        # With zip64 the sizes live in the extra field; rewrite the 8-byte uncompressed size there.
        extra_at = central + 46 + len(name)
        extra = data[extra_at : extra_at + 4 + 16]
        if extra[:2] == b"\x01\x00":
            data[extra_at + 4 : extra_at + 12] = claimed.to_bytes(8, "little")
        else:
            data[central + 24 : central + 28] = claimed.to_bytes(4, "little")
    return bytes(data)


def million_rows() -> bytes:
    return b"Department,Short title\n" + b"F,x\n" * 1_000_000


def allowed_csv() -> bytes:
    return b"Department,Short title,How many times\n" + b"Finance,Invoice matching,3\n" * 5_000


def measure(path: Path) -> dict:
    runs = []
    for _ in range(RUNS):
        done = subprocess.run(
            [sys.executable, "-c", PROBE.format(root=str(ROOT)), str(path)],
            capture_output=True,
            text=True,
            check=True,
        )
        runs.append(json.loads(done.stdout))
    return {
        "seconds": statistics.median(r["seconds"] for r in runs),
        "extra_mb": statistics.median(r["extra_mb"] for r in runs),
        "outcome": runs[0]["outcome"],
    }


def main() -> None:
    with tempfile.TemporaryDirectory() as folder:
        files = {
            "lying_zip": with_big_part(2_000_000_000, claimed=1_000),
            "honest_big": with_big_part(190_000_000, claimed=None),
            "million_rows": million_rows(),
            "floor": allowed_csv(),
        }
        figures = {}
        for name, data in files.items():
            path = Path(folder) / (name + (".csv" if name in ("million_rows", "floor") else ".xlsx"))
            path.write_bytes(data)
            figures[name] = measure(path) | {"size_mb": len(data) / 1e6}
        floor = figures.pop("floor")
        print(f"(median of {RUNS} runs, each in a fresh process; extra memory = peak RSS above the start)")
        print(
            f"floor: 5,000-row CSV ({floor['size_mb']:.2f} MB) read in {floor['seconds']:.2f} s, "
            f"+{floor['extra_mb']:.0f} MB ({floor['outcome']})"
        )
        for name, figure in figures.items():
            print(
                f"{name:<13} {figure['size_mb']:6.2f} MB on disk: {figure['seconds']:.2f} s, "
                f"+{figure['extra_mb']:.0f} MB  ({figure['outcome'][:90]})"
            )
        for name, figure in figures.items():
            seconds, megabytes = TARGETS[name]
            print(
                f"hostile_files_{name}: {figure['seconds']:.2f} s, +{figure['extra_mb']:.0f} MB "
                f"(target {seconds:g} s, {megabytes:g} MB; floor {floor['seconds']:.2f} s)"
            )


if __name__ == "__main__":
    main()
