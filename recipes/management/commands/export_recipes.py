"""Write a workshop's recipes as JSON, the same list /w/<CODE>/recipes.json serves."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from recipes import exchange
from workshop.models import Workshop


class Command(BaseCommand):
    help = "Write a workshop's recipes as JSON, valid against /recipes/schema.json."

    def add_arguments(self, parser) -> None:
        parser.add_argument("code", help="the workshop's join code")
        parser.add_argument("-o", "--output", help="a file to write (default: standard output)")

    def handle(self, *args, code: str, output: str | None, **options) -> None:
        workshop = Workshop.objects.filter(code=code.upper()).first()
        if workshop is None:
            raise CommandError(f"There is no workshop with the code {code}.")
        text = exchange.as_json(workshop)
        if output:
            Path(output).write_text(text + "\n", encoding="utf-8")
            self.stderr.write(f"Wrote {len(exchange.specs_of(workshop))} recipes to {output}.")
        else:
            self.stdout.write(text)
