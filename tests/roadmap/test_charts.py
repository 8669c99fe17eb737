"""The roadmap's SVG charts: well-formed, safe with any label, right where it matters,
and drawn by WeasyPrint in the PDF."""

import subprocess
import xml.etree.ElementTree as ET

import pytest
import weasyprint
from django.conf import settings

from roadmap import charts

SVG = "{http://www.w3.org/2000/svg}"
HOSTILE = "<script>alert(1)</script>"


def parse(chart: str) -> ET.Element:
    return ET.fromstring(chart)


def centre_of(svg: ET.Element) -> tuple[float, float]:
    _, _, width, height = map(float, svg.get("viewBox").split())
    return width / 2, height / 2


def darkness(colour: str) -> float:
    red, green, blue = bytes.fromhex(colour[1:])
    return 255 * 3 - (red + green + blue)


def pdf_of(chart: str, tmp_path, *, base_url: str | None = None, head: str = "") -> str:
    pdf = tmp_path / "chart.pdf"
    html = f"<html><head>{head}</head><body>{chart}</body></html>"
    weasyprint.HTML(string=html, base_url=base_url).write_pdf(pdf)
    return str(pdf)


def text_of(pdf: str) -> str:
    return subprocess.run(["pdftotext", pdf, "-"], capture_output=True, text=True,
                          check=True).stdout


GOALS = [("Fewer repeat calls", 0.8, 0.8), ("Cheaper onboarding", -0.7, -0.6)]
QUARTERS = [
    ("2027-Q1", [("Welcome back banner", True), ("Store finder", False)]),
    ("2027-Q2", [("Renewal reminder", False)]),
]
SEVERITIES = ["Low", "Medium", "High"]
BARRIERS = [("Data", [0, 2, 5]), ("Legal & privacy", [1, 0, 3])]

CHARTS = {
    "goals grid": lambda: charts.goals_grid(GOALS),
    "timeline": lambda: charts.timeline(QUARTERS),
    "heat map": lambda: charts.heat_map(BARRIERS, SEVERITIES),
}


@pytest.mark.parametrize("draw", CHARTS.values(), ids=CHARTS.keys())
def test_each_chart_is_a_self_contained_accessible_svg(draw):
    svg = parse(draw())

    assert svg.tag == f"{SVG}svg"
    assert svg.get("width") == "100%"
    assert svg.get("viewBox")
    assert svg.get("role") == "img"
    assert svg.get("aria-label")
    assert svg.find(f"{SVG}title").text == svg.get("aria-label")
    assert "Source Sans 3" in svg.get("font-family")
    assert not [e for e in svg.iter() if e.tag.endswith("script") or e.tag.endswith("image")]
    assert not [e for e in svg.iter() if any("href" in name for name in e.attrib)]


@pytest.mark.parametrize("draw", [
    lambda: charts.goals_grid([(HOSTILE, 0.1, 0.1)]),
    lambda: charts.timeline([(HOSTILE, [(HOSTILE, True)])]),
    lambda: charts.heat_map([(HOSTILE, [1, 0])], [HOSTILE, "High"]),
], ids=["goals grid", "timeline", "heat map"])
def test_a_label_that_looks_like_markup_is_shown_as_text(draw):
    svg = parse(draw())

    assert not [e for e in svg.iter() if e.tag.endswith("script")]
    assert HOSTILE in "".join(svg.itertext())


def test_a_long_label_is_cut_with_an_ellipsis_before_it_is_escaped():
    label = "&" * 60

    svg = parse(charts.timeline([("2027-Q1", [(label, False)])]))

    shown = [t.text for t in svg.iter(f"{SVG}text") if t.text.startswith("&")]
    assert shown == ["&" * 23 + "…"]
    # The whole name stays in the bar's tooltip.
    assert label in [t.text for t in svg.iter(f"{SVG}title")]


def test_each_goal_is_numbered_in_order_and_sits_in_its_quadrant():
    svg = parse(charts.goals_grid(GOALS))
    centre_x, centre_y = centre_of(svg)

    circles = list(svg.iter(f"{SVG}circle"))
    numbers = [g.find(f"{SVG}text").text for g in svg.iter(f"{SVG}g")]

    assert numbers == ["1", "2"]
    customer_front, efficiency_back = circles
    # Right of and above the centre: SVG's y grows downwards.
    assert float(customer_front.get("cx")) > centre_x
    assert float(customer_front.get("cy")) < centre_y
    assert float(efficiency_back.get("cx")) < centre_x
    assert float(efficiency_back.get("cy")) > centre_y


def test_the_goals_grid_names_its_four_axis_ends():
    texts = [t.text for t in parse(charts.goals_grid(GOALS)).iter(f"{SVG}text")]

    for end in ["Front-stage", "Back-stage", "Business efficiency", "Customer understanding"]:
        assert end in texts


def test_a_recipe_chosen_to_do_first_is_filled_in_the_accent_colour():
    svg = parse(charts.timeline(QUARTERS))

    bars = {g.find(f"{SVG}title").text: g for g in svg.iter(f"{SVG}g")}

    chosen, other = bars["Welcome back banner"], bars["Store finder"]
    assert chosen.find(f"{SVG}rect").get("fill") == charts.ACCENT
    assert chosen.find(f"{SVG}text").get("fill") == "#ffffff"
    assert other.find(f"{SVG}rect").get("fill") != charts.ACCENT
    assert other.find(f"{SVG}rect").get("stroke") == charts.ACCENT


def test_the_timeline_keeps_the_quarters_in_order_and_grows_with_the_longest():
    short = parse(charts.timeline([("2027-Q2", [("A", False)]), ("2027-Q1", [("B", False)])]))
    tall = parse(charts.timeline([("2027-Q2", [("A", False)]),
                                  ("2027-Q1", [("B", False), ("C", True), ("D", False)])]))

    quarters = [t.text for t in short.iter(f"{SVG}text") if t.text.startswith("2027")]
    assert quarters == ["2027-Q2", "2027-Q1"]
    assert centre_of(tall)[1] > centre_of(short)[1]


def test_the_heat_maps_darkest_cell_holds_the_largest_count():
    svg = parse(charts.heat_map(BARRIERS, SEVERITIES))

    cells = list(svg.iter(f"{SVG}rect"))
    counts = [t.text for t in svg.iter(f"{SVG}text") if t.text.isdigit()]
    darkest = max(cells, key=lambda rect: darkness(rect.get("fill")))
    lightest = min(cells, key=lambda rect: darkness(rect.get("fill")))

    assert len(cells) == 6
    assert sorted(counts) == ["1", "2", "3", "5"]  # the zeros stay blank
    assert cells.index(darkest) == 2  # Data, High: 5
    assert cells.index(lightest) in (0, 4)  # the zeros
    assert "5" in svg.get("aria-label")


def test_a_heat_map_row_with_the_wrong_number_of_counts_is_refused():
    with pytest.raises(ValueError):
        charts.heat_map([("Data", [1, 2])], SEVERITIES)


@pytest.mark.parametrize("chart, message", [
    (lambda: charts.goals_grid([]), "No goals placed yet"),
    (lambda: charts.timeline([]), "No recipes on the timeline yet"),
    (lambda: charts.timeline([("2027-Q1", [])]), "No recipes on the timeline yet"),
    (lambda: charts.heat_map([], SEVERITIES), "No barriers recorded yet"),
    (lambda: charts.heat_map([("Data", [0, 0, 0])], SEVERITIES), "No barriers recorded yet"),
])
def test_an_empty_chart_says_there_is_nothing_to_show(chart, message):
    svg = parse(chart())

    assert svg.get("aria-label") == message
    assert message in [t.text for t in svg.iter(f"{SVG}text")]


@pytest.mark.parametrize("draw, expected", [
    (lambda: charts.goals_grid(GOALS), ["Front-stage", "1", "2"]),
    (lambda: charts.timeline(QUARTERS), ["2027-Q1", "Welcome back banner", "Store finder"]),
    (lambda: charts.heat_map(BARRIERS, SEVERITIES), ["Legal & privacy", "High", "5"]),
], ids=["goals grid", "timeline", "heat map"])
def test_weasyprint_draws_each_chart_into_the_pdf(draw, expected, tmp_path):
    text = text_of(pdf_of(draw(), tmp_path))

    for word in expected:
        assert word in text


def test_the_pdf_sets_chart_text_in_the_vendored_font(tmp_path):
    pdf = pdf_of(
        charts.timeline(QUARTERS), tmp_path,
        head='<link rel="stylesheet" href="css/roadmap-fonts.css">',
        base_url=str(settings.BASE_DIR / "static") + "/",
    )

    fonts = subprocess.run(["pdffonts", pdf], capture_output=True, text=True,
                           check=True).stdout
    assert "Source-Sans-3" in fonts
    assert "DejaVu" not in fonts
