"""Write a workshop's roadmap as a PDF: as it stands now (a draft), or a finalised version."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from roadmap import pdf
from roadmap.assemble import assemble
from workshop.models import Workshop


class Command(BaseCommand):
    help = "Write a workshop's roadmap as a PDF (the draft as it stands, or --number N for a finalised version)."

    def add_arguments(self, parser) -> None:
        parser.add_argument("code", help="the workshop's join code")
        parser.add_argument("-o", "--output", required=True, help="the PDF file to write")
        parser.add_argument("--number", type=int, dest="number",
                            help="a finalised version's number (default: the draft as it stands)")

    def handle(self, *args, code: str, output: str, number: int | None, **options) -> None:
        workshop = Workshop.objects.filter(code=code.upper()).first()
        if workshop is None:
            raise CommandError(f"There is no workshop with the code {code}.")
        if number is None:
            rendered = pdf.render(assemble(workshop))
            body, pages, what = rendered.pdf, rendered.pages, "the draft"
        else:
            version = workshop.roadmap_versions.filter(number=number).first()
            if version is None:
                raise CommandError(f"The roadmap has no version {number}.")
            body, pages, what = bytes(version.pdf), version.pages, f"version {number}"
        Path(output).write_bytes(body)
        self.stderr.write(f"Wrote {what} of the roadmap ({pages} pages) to {output}.")
