"""Demo data for this app, called by ``seed_demo`` (must stay idempotent).

Loads the SAMPLE code text in ``code_of_conduct/sample/`` (written for the demo,
not a real code) through the same services a secretary uses: the association's
code in two versions (2003, superseded; 2019, in force) and a joint national
code with one version.
"""

import datetime
from pathlib import Path

from .models import EthicsCode
from .services.versions import code_create, version_import, version_publish

SAMPLE_DIR = Path(__file__).resolve().parent / "sample"

SAMPLE_CODES = [
    {
        "slug": "ethics-code",
        "title": "Етичен кодекс на специалистите по комуникации в общините (примерен текст)",
        "description": "Примерен текст за демонстрация на системата, не е действащ кодекс.",
        "versions": [
            ("2003", "ethics-code-2003.md", datetime.date(2003, 5, 20), datetime.date(2003, 6, 1)),
            ("2019", "ethics-code-2019.md", datetime.date(2019, 3, 15), datetime.date(2019, 4, 1)),
        ],
    },
    {
        "slug": "joint-pr-code",
        "title": "Съвместен национален кодекс за връзки с обществеността (примерен текст)",
        "description": "Примерен текст за демонстрация: кодекс, подписан съвместно с други "
        "организации.",
        "versions": [
            ("2010", "joint-pr-code-2010.md", datetime.date(2010, 11, 10), None),
        ],
    },
]


def seed(stdout, users) -> None:
    secretary = users.get("secretary")
    for spec in SAMPLE_CODES:
        code = EthicsCode.objects.filter(slug=spec["slug"]).first() or code_create(
            actor=secretary, slug=spec["slug"], title=spec["title"], description=spec["description"]
        )
        for label, filename, adopted_on, effective_from in spec["versions"]:
            if code.versions.filter(label=label).exists():
                continue
            version = version_import(
                actor=secretary,
                code=code,
                label=label,
                text=(SAMPLE_DIR / filename).read_text(encoding="utf-8"),
                is_sample=True,
            )
            version_publish(
                actor=secretary,
                version=version,
                adopted_on=adopted_on,
                effective_from=effective_from,
            )
            stdout.write(f"Sample code {code.slug!r}: version {label} published")
