"""The roadmap as an A4 PDF for stakeholders, drawn by WeasyPrint from the same sections
as the page. Fonts and stylesheet come from static/, so it looks the same everywhere;
it is tagged (PDF/UA-1) for screen readers; user text is escaped by the template."""

from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.template.loader import render_to_string
from weasyprint import HTML

from roadmap.assemble import Roadmap

STATIC = Path(settings.BASE_DIR) / "static"
VARIANT = "pdf/ua-1"


@dataclass
class Rendered:
    html: str
    pdf: bytes
    pages: int


def document_html(roadmap: Roadmap, *, version=None) -> str:
    """The report's HTML: a draft unless it is a finalised `version`."""
    return render_to_string("roadmap/pdf.html", {
        "roadmap": roadmap, "draft": version is None, "version": version,
        "version_date": getattr(version, "made_at", None) or roadmap.made_at,
    })


def write_pdf(html: str) -> tuple[bytes, int]:
    """WeasyPrint's PDF of the report's HTML, and its number of pages."""
    document = HTML(string=html, base_url=str(STATIC) + "/").render(
        pdf_variant=VARIANT, pdf_tags=True
    )
    return document.write_pdf(pdf_variant=VARIANT, pdf_tags=True), len(document.pages)


def render(roadmap: Roadmap, *, version=None) -> Rendered:
    html = document_html(roadmap, version=version)
    pdf, pages = write_pdf(html)
    return Rendered(html=html, pdf=pdf, pages=pages)


def sections_html(roadmap: Roadmap) -> str:
    """The roadmap's sections as the stakeholder page shows them, to keep with a version."""
    return render_to_string("roadmap/_sections.html", {"roadmap": roadmap, "with_glance": True})
