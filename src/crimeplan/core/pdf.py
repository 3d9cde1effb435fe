"""Tagged PDFs from whole HTML documents: letters and reports the public may read with a
screen reader.

WeasyPrint writes PDF/UA-1 (a structure tree and marked content, the document's language and
title), and fetches nothing outside the document: what it prints carries its own styles, and
a URL in it is never followed. delivery/pdf.py, for the plan update, adds its fonts and
checks on top of the same engine.
"""

import logging

PDF_VARIANT = "pdf/ua-1"


def tagged_pdf(document: str) -> bytes:
    """The whole HTML `document` as PDF/UA-1 bytes."""
    import weasyprint  # imported here: loading Pango takes a moment every page need not pay

    # fontTools logs every glyph it subsets at INFO; only its warnings are worth reading.
    logging.getLogger("fontTools").setLevel(logging.WARNING)
    logging.getLogger("weasyprint.progress").setLevel(logging.WARNING)
    fetcher = weasyprint.URLFetcher(allowed_protocols=("data",), timeout=5)
    html = weasyprint.HTML(string=document, url_fetcher=fetcher)
    return bytes(html.write_pdf(pdf_variant=PDF_VARIANT))
