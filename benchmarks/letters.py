"""Letters benchmark: a three-page police complaint with the obligations annex, as a PDF.

    .venv/bin/python benchmarks/letters.py [--repeat 10]

Prints the reportlab import cost separately (paid once per run of the app), the first render
(fonts loaded), and the best and median of later renders, with the ratio to the 0.3 s target.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

TARGET = 0.3


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--repeat", type=int, default=10)
    args = parser.parse_args()

    from tests.letters.cases import POLICE_TODAY, police_facts
    from vcop_desktop.letters.draft import draft_letter

    facts = police_facts("police-complaint", POLICE_TODAY)
    draft = draft_letter(facts, annex=True)

    begun = time.perf_counter()
    import reportlab.pdfgen.canvas
    import reportlab.platypus  # noqa: F401

    import_seconds = time.perf_counter() - begun

    from io import BytesIO

    from pypdf import PdfReader

    from vcop_desktop.letters.pdf import render_draft

    begun = time.perf_counter()
    pdf = render_draft(draft)
    first = time.perf_counter() - begun
    pages = len(PdfReader(BytesIO(pdf)).pages)
    times = []
    for _ in range(args.repeat):
        begun = time.perf_counter()
        render_draft(draft)
        times.append(time.perf_counter() - begun)
    best, median = min(times), statistics.median(times)
    print(f"reportlab import:                 {import_seconds * 1000:6.0f} ms (once per run)")
    print(f"first render (fonts loaded):      {first * 1000:6.0f} ms")
    print(
        f"{pages}-page letter with annex:       best {best * 1000:5.0f} ms, median "
        f"{median * 1000:5.0f} ms  target {TARGET * 1000:.0f} ms, ratio {best / TARGET:.2f}"
    )
    if pages < 3:
        print(f"note: the letter has {pages} pages, fewer than the 3 the target names")


if __name__ == "__main__":
    main()
