"""The repository stands alone: nothing in it reads or names a folder outside it (what came from elsewhere,
data, tools or design ideas, came in as the project's own files)."""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
# A path that climbs out of the checkout, or names the machine's folders above it.
OUTSIDE = re.compile(r"\.\./shared|/work/|ROOT\.parent\b|parents\[2\]\s*/\s*[\"']shared")


def tracked_text_files() -> list[Path]:
    names = subprocess.run(["git", "ls-files"], cwd=ROOT, capture_output=True, text=True, check=True).stdout.split()
    return [
        ROOT / n
        for n in names
        if not n.startswith("data/")
        and Path(n).suffix
        in (".py", ".md", ".toml", ".txt", ".yaml", ".yml", ".conf", ".json", ".html", ".css", ".ini", "")
    ]


def test_no_file_names_a_folder_outside_the_repository():
    found = [
        f"{p.relative_to(ROOT)}:{n}: {line.strip()[:100]}"
        for p in tracked_text_files()
        if p.is_file()
        for n, line in enumerate(p.read_text(encoding="utf-8", errors="replace").splitlines(), 1)
        if OUTSIDE.search(line) and p.name != Path(__file__).name
    ]
    assert found == []
