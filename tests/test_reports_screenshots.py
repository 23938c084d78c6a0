"""The README's screenshots are not older than the catalogue: they were made from its number of requirements."""
from __future__ import annotations

import json
import re

from conformance.catalogue import load_catalogue
from tests.screenshots import RECORD, ROOT, SCREENSHOTS, picture_names


def test_the_screenshots_were_made_from_the_catalogue_s_current_count():
    record = json.loads(RECORD.read_text(encoding="utf-8"))

    assert record["requirements"] == len(load_catalogue()), (
        "the screenshots in docs/screenshots/ show another number of requirements than the catalogue holds; "
        "regenerate them: python -m tests.screenshots")
    assert all(run["requirements"] == record["requirements"] for run in record["runs"])


def test_every_screenshot_the_readme_links_to_exists_and_is_regenerated_by_the_script():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    linked = set(re.findall(r"\(docs/screenshots/([\w.-]+\.png)\)", readme))

    assert linked == set(picture_names()) == {"report-reference.png", "report-moto.png", "matrix.png"}
    assert all((SCREENSHOTS / name).is_file() for name in linked)
