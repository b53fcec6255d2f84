#!/usr/bin/env python3
"""Check the HTML pages the browser tests saved with the Nu HTML Checker (vnu.jar).

    HTML_SNAPSHOT_DIR=var/html-snapshots pytest tests/e2e    # saves every page served
    python tools/check_html.py var/html-snapshots            # one JVM run over them all

The directory holds one file per distinct page (URL and content) and ``index.tsv``
(file name, URL) written by tests/e2e/conftest.py. Prints the errors page by page and a
summary; exits 1 on any error (warnings are not reported: ``--errors-only``), 2 when it
cannot run (no pages, no vnu.jar, no Java).

vnu.jar: ``--vnu PATH``, else $VNU_JAR, else the one `npm install --prefix .ci/vnu
vnu-jar` puts in .ci/vnu/node_modules/vnu-jar/build/dist/vnu.jar.
"""

import argparse
import json
import os
import shutil
import subprocess
import sys
from collections import defaultdict
from pathlib import Path
from urllib.parse import unquote, urlsplit

ROOT = Path(__file__).resolve().parent.parent
# "error" is invalid markup; "non-document-error" a page vnu could not read.
FAILING = ("error", "fatal", "non-document-error")
DEFAULT_JAR = ROOT / ".ci" / "vnu" / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"


def find_jar(given: str | None) -> Path | None:
    for candidate in (given, os.environ.get("VNU_JAR"), str(DEFAULT_JAR)):
        if candidate and Path(candidate).is_file():
            return Path(candidate)
    return None


def read_index(directory: Path) -> dict[str, str]:
    """File name → the URL it was served at."""
    index = directory / "index.tsv"
    if not index.exists():
        return {}
    urls = {}
    for line in index.read_text(encoding="utf-8").splitlines():
        name, _tab, url = line.partition("\t")
        urls[name] = url
    return urls


def run_vnu(java: str, jar: Path, directory: Path) -> list[dict]:
    """One JVM over the whole directory (its .html files; index.tsv is skipped)."""
    command = [java, "-Xss1024k", "-jar", str(jar), "--errors-only", "--skip-non-html"]
    result = subprocess.run(  # noqa: S603 (java on the pages the tests saved)
        [*command, "--format", "json", str(directory)],
        capture_output=True,
        text=True,
        check=False,
    )
    output = (result.stderr or result.stdout).strip()
    try:
        return json.loads(output)["messages"] if output else []
    except (json.JSONDecodeError, KeyError):
        sys.exit(f"vnu.jar gave no JSON report (exit {result.returncode}):\n{output[:2000]}")


def file_of(message: dict) -> str:
    return Path(unquote(urlsplit(message.get("url", "")).path)).name


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("directory", nargs="?", default=os.environ.get("HTML_SNAPSHOT_DIR"))
    parser.add_argument("--vnu", help="path to vnu.jar")
    args = parser.parse_args(argv)
    if not args.directory:
        parser.error("give the snapshot directory (or set HTML_SNAPSHOT_DIR)")
    directory = Path(args.directory)
    pages = sorted(directory.glob("*.html"))
    if not pages:
        print(f"check_html: no pages in {directory} (did the browser tests run?)")
        return 2
    jar = find_jar(args.vnu)
    if jar is None:
        print("check_html: no vnu.jar (npm install --no-save --prefix .ci/vnu vnu-jar)")
        return 2
    java = shutil.which("java")
    if java is None:
        print("check_html: no java on PATH (the Nu checker needs Java 11 or newer)")
        return 2

    messages = [m for m in run_vnu(java, jar, directory) if m.get("type") in FAILING]
    urls = read_index(directory)
    by_file = defaultdict(list)
    for message in messages:
        by_file[file_of(message)].append(message)

    for name in sorted(by_file, key=lambda n: (urls.get(n, n), n)):
        print(f"\n{urls.get(name, '?')}  ({directory / name})")
        for message in by_file[name]:
            where = f"line {message['lastLine']}" if "lastLine" in message else "page"
            extract = " ".join(message.get("extract", "").split())[:160]
            print(f"  {where}: {message.get('message', '').strip()}")
            if extract:
                print(f"      {extract}")

    distinct_urls = {urls.get(page.name, page.name) for page in pages}
    failing_urls = {urls.get(name, name) for name in by_file}
    print(
        f"\nNu HTML Checker: {len(pages)} documents ({len(distinct_urls)} URLs) checked, "
        f"{len(messages)} errors on {len(by_file)} documents ({len(failing_urls)} URLs)."
    )
    return 1 if messages else 0


if __name__ == "__main__":
    sys.exit(main())
