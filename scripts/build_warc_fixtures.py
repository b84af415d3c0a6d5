#!/usr/bin/env python3
"""Writes the small WARC test archives in crates/read/tests/corpus/warc/ with the `warcio` package
(pip install warcio): invented news pages in the shape of CC-NEWS records.

news.warc.gz   one gzip member per record, as Common Crawl writes them: a warcinfo record, request +
               response pairs (English pages with and without a metadata date, a German and a French
               page, a redirect, a PDF), a metadata record and a chunked, gzip-encoded response.
news.warc      the same records uncompressed.
corrupt.warc.gz  news.warc.gz with bytes of the third response's gzip member overwritten.
truncated.warc.gz  news.warc.gz cut in the middle of its last member.

The pages are written for these tests; run from the repository root: python3 scripts/build_warc_fixtures.py
"""
import gzip
import io
import os

from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

OUT = os.path.join("crates", "read", "tests", "corpus", "warc")

PAGES = [
    # (uri, crawl date, html head extras, lang, paragraphs)
    ("https://news.example.org/2022/09/russia-condemns", "2022-09-20T08:00:00Z",
     '<meta property="article:published_time" content="2022-09-15T10:30:00Z">', "en",
     ["MOSCOW, Sept 15 - Russia condemned the United States on Monday over new sanctions announced by the Treasury, the foreign ministry said in a statement.",
      "German Chancellor Olaf Scholz met French President Emmanuel Macron in Berlin to discuss energy prices and the war in Ukraine, officials said.",
      "The talks ended without an agreement, and both sides said they would meet again next month in Paris to continue the discussions."]),
    ("https://wire.example.com/world/protest-capital", "2023-03-07T12:15:00Z", "", "en",
     ["Thousands of protesters rallied in the capital against the government of Prime Minister Benjamin Netanyahu over a judicial overhaul plan.",
      "Police arrested dozens of demonstrators who had blocked a highway, and opposition leaders accused the government of undermining democracy.",
      "The United Nations urged restraint and called on all parties to resolve their differences through dialogue rather than force."]),
    ("https://zeitung.example.de/politik/treffen", "2023-04-01T09:00:00Z", "", "de",
     ["Bundeskanzler Olaf Scholz hat am Montag in Berlin den französischen Präsidenten getroffen, um über die Energiepreise zu sprechen.",
      "Die Gespräche endeten ohne Einigung, beide Seiten wollen sich im nächsten Monat erneut treffen und die Verhandlungen fortsetzen."]),
    ("https://journal.example.fr/monde/sommet", "2023-04-02T09:00:00Z", "", "fr",
     ["Le président français a rencontré lundi le chancelier allemand à Berlin pour discuter des prix de l'énergie et de la guerre en Ukraine.",
      "Les discussions se sont terminées sans accord, et les deux parties ont déclaré qu'elles se reverraient le mois prochain à Paris."]),
]


def page_html(head, lang, paragraphs, title):
    ps = "\n".join(f"<p>{p}</p>" for p in paragraphs)
    return (f'<!DOCTYPE html><html lang="{lang}"><head><meta charset="utf-8"><title>{title}</title>{head}</head>'
            f'<body><nav><a href="/">Home</a> <a href="/world">World</a></nav><article><h1>{title}</h1>\n{ps}\n</article>'
            f'<footer>Copyright Example News</footer></body></html>').encode("utf-8")


def response(w, uri, date, body, status="200 OK", ctype="text/html; charset=utf-8", extra=()):
    headers = StatusAndHeaders(status, [("Content-Type", ctype), *extra], protocol="HTTP/1.1")
    req = w.create_warc_record(uri, "request", payload=io.BytesIO(f"GET / HTTP/1.1\r\nHost: {uri.split('/')[2]}\r\n\r\n".encode()),
                               warc_headers_dict={"WARC-Date": date})
    rec = w.create_warc_record(uri, "response", payload=io.BytesIO(body), http_headers=headers, warc_headers_dict={"WARC-Date": date})
    w.write_record(req)
    w.write_record(rec)


def build(gz):
    buf = io.BytesIO()
    w = WARCWriter(buf, gzip=gz)
    w.write_record(w.create_warcinfo_record("news.warc.gz", {"software": "dyad fixture builder (warcio)", "format": "WARC File Format 1.1"}))
    for uri, date, head, lang, ps in PAGES:
        response(w, uri, date, page_html(head, lang, ps, ps[0][:60]))
    response(w, "https://news.example.org/old-link", "2023-05-01T00:00:00Z", b"", status="301 Moved Permanently", extra=[("Location", "https://news.example.org/")])
    response(w, "https://news.example.org/report.pdf", "2023-05-01T00:00:00Z", b"%PDF-1.4 not a page", ctype="application/pdf")
    meta = w.create_warc_record("https://news.example.org/2022/09/russia-condemns", "metadata", payload=io.BytesIO(b"fetchTimeMs: 120\r\n"),
                                warc_content_type="application/warc-fields")
    w.write_record(meta)
    # A chunked, gzip-encoded page: the reader must undo both encodings.
    html = page_html("", "en", ["Turkey accused Greece of violating its airspace on Tuesday, the defence ministry in Ankara said, and summoned the Greek ambassador.",
                                "Athens rejected the accusation and said its aircraft had stayed in international airspace throughout the exercise."], "Turkey accuses Greece")
    z = gzip.compress(html, mtime=0)
    chunked = b"".join(b"%x\r\n%s\r\n" % (len(z[i:i + 200]), z[i:i + 200]) for i in range(0, len(z), 200)) + b"0\r\n\r\n"
    response(w, "https://wire.example.com/world/airspace", "2023-06-10T06:00:00Z", chunked,
             extra=[("Transfer-Encoding", "chunked"), ("Content-Encoding", "gzip")])
    return buf.getvalue()


def members(data):
    """Offsets where gzip members start (each record is one)."""
    out, i = [], 0
    while True:
        i = data.find(b"\x1f\x8b\x08", i)
        if i < 0:
            return out
        out.append(i)
        i += 3


def main():
    os.makedirs(OUT, exist_ok=True)
    gz = build(True)
    plain = build(False)
    with open(os.path.join(OUT, "news.warc.gz"), "wb") as f:
        f.write(gz)
    with open(os.path.join(OUT, "news.warc"), "wb") as f:
        f.write(plain)
    # Corrupt: overwrite the middle of the member of the second page's response (record 5: warcinfo,
    # req, resp, req, RESP) so that that record cannot be read while the others can.
    starts = members(gz)
    a, b = starts[4], starts[5]
    bad = bytearray(gz)
    mid = (a + b) // 2
    bad[mid:mid + 16] = b"\x00" * 16
    with open(os.path.join(OUT, "corrupt.warc.gz"), "wb") as f:
        f.write(bytes(bad))
    with open(os.path.join(OUT, "truncated.warc.gz"), "wb") as f:
        f.write(gz[: starts[-1] + (len(gz) - starts[-1]) // 2])


if __name__ == "__main__":
    main()
