"""Issue 4: "The client-file PDF of a client with 2,000 entries renders (benchmark it; target
under 5 s) and its text contains the client's name and the newest entry." Prints the median of
five renders; the target is reported, not asserted (timings depend on the machine)."""

import datetime
import io
import os
import statistics
import time

from pypdf import PdfReader

from clients.models import Correction, ServiceEntry
from clients.selectors import client_file_pdf

ENTRIES = 2000
TARGET_SECONDS = 5.0
RUNS = 5


def test_bench_client_file_pdf_with_2000_entries(caseworker, client_a, bench_record):
    start = datetime.date(2021, 1, 1)
    ServiceEntry.objects.bulk_create([
        ServiceEntry(
            client=client_a, worker=caseworker, date=start + datetime.timedelta(days=i // 2),
            duration_minutes=15 + i % 90,
            content=f"Käynti {i}: kauppa-asiointi, siivous ja ulkoilu. Asiakas voi hyvin, ruokahalu hyvä.",
        )
        for i in range(ENTRIES)
    ])
    newest = ServiceEntry.objects.create(client=client_a, worker=caseworker, date=datetime.date(2026, 11, 20),
                                         duration_minutes=45, content="Uusin käynti ennen mittausta")
    # A correction on every twentieth entry, as a real file would have some.
    Correction.objects.bulk_create([
        Correction(client=client_a, entry=entry, field="content", original_value="Alkuperäinen teksti",
                   corrected_value=entry.content, reason="Kirjoitusvirhe", corrected_by=caseworker,
                   corrected_at=datetime.datetime(2026, 1, 1, tzinfo=datetime.UTC))
        for entry in ServiceEntry.objects.filter(client=client_a)[::20]
    ])

    timings, cpu, content = [], [], b""
    for _ in range(RUNS):
        began, began_cpu = time.perf_counter(), time.process_time()
        content = client_file_pdf(client_a)
        timings.append(time.perf_counter() - began)
        cpu.append(time.process_time() - began_cpu)

    reader = PdfReader(io.BytesIO(content))
    text = reader.pages[0].extract_text() + "".join(p.extract_text() for p in reader.pages[1:])
    median = statistics.median(timings)
    print(
        f"\nclient_file_pdf, {ENTRIES + 1} entries, {len(reader.pages)} pages, {len(content) // 1024} KiB: "
        f"median {median:.2f} s of {RUNS} runs ({', '.join(f'{t:.2f}' for t in timings)}; "
        f"CPU median {statistics.median(cpu):.2f} s, load average {os.getloadavg()[0]:.1f}); "
        f"target < {TARGET_SECONDS:.0f} s -> {'OK' if median < TARGET_SECONDS else 'SLOW'}"
    )
    bench_record(f"client-file PDF, {ENTRIES:,} entries (median)", median, "s", f"< {TARGET_SECONDS:.0f} s",
                 met=median < TARGET_SECONDS, pages=len(reader.pages), cpu_median_s=round(statistics.median(cpu), 2))
    assert client_a.display_name in text and newest.content in text
