"""Issue 11: "A PDF renders in under 0.5 s median (benchmark)". Renders seed 002's register notice
in Finnish seven times and prints the median; the target is reported, not asserted (timings depend
on the machine). The first run includes loading WeasyPrint and the fonts; the median leaves it out."""

import datetime
import io
import statistics
import time

from pypdf import PdfReader

from clients.seed_registers import seed_registers_create
from clients.services.notices import notice_render

TARGET_SECONDS = 0.5
RUNS = 7


def test_bench_notice_render_for_a_seed_register(db, today, bench_record):
    controller = next(c for c in seed_registers_create(today=today) if c.slug == "mll-vs-perhepalvelut")
    register = controller.registers.get()

    timings, pdf = [], b""
    for _ in range(RUNS):
        began = time.perf_counter()
        _html, pdf = notice_render(controller=controller, register=register, language="fi",
                                   today=datetime.date(2026, 11, 21))
        timings.append(time.perf_counter() - began)

    reader = PdfReader(io.BytesIO(pdf))
    median = statistics.median(timings)
    print(
        f"\nnotice_render (fi), {register.name}, {len(reader.pages)} pages, {len(pdf) // 1024} KiB: "
        f"median {median:.3f} s of {RUNS} runs ({', '.join(f'{t:.3f}' for t in timings)}); "
        f"target < {TARGET_SECONDS} s -> {'OK' if median < TARGET_SECONDS else 'SLOW'}"
    )
    bench_record("privacy-notice PDF (median)", median, "s", f"< {TARGET_SECONDS} s", met=median < TARGET_SECONDS,
                 pages=len(reader.pages))
    assert controller.name in reader.pages[0].extract_text()
