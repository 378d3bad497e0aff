"""Write constraints.txt: every package requirements.txt and requirements-dev.txt pull in, pinned at the
version installed here. Run after changing a requirement and passing the suite:
    python -m devtools.constraints
"""

from __future__ import annotations

import re
from importlib import metadata
from pathlib import Path

from packaging.requirements import Requirement

ROOT = Path(__file__).resolve().parents[1]
HEADER = (
    "# Every package requirements.txt and requirements-dev.txt pull in, at the versions the suite passed with\n"
    "# (Python 3.11, Debian 12). Regenerate after changing a requirement: python -m devtools.constraints\n"
)


def direct(path: Path) -> list[str]:
    lines = (line.split("#")[0].strip() for line in path.read_text(encoding="utf-8").splitlines())
    return [Requirement(line).name for line in lines if line and not line.startswith("-")]


def closure(names: list[str]) -> dict[str, tuple[str, str]]:
    found: dict[str, tuple[str, str]] = {}
    todo = list(names)
    while todo:
        name = todo.pop()
        key = re.sub(r"[-_.]+", "-", name).lower()
        if key in found:
            continue
        dist = metadata.distribution(name)  # not installed: install the requirements first
        found[key] = (dist.metadata["Name"], dist.version)
        todo += [
            r.name
            for r in map(Requirement, dist.requires or [])
            if r.marker is None or r.marker.evaluate({"extra": ""})
        ]
    return found


def main() -> None:
    pinned = closure(direct(ROOT / "requirements.txt") + direct(ROOT / "requirements-dev.txt"))
    body = "".join(f"{name}=={version}\n" for name, version in sorted(pinned.values(), key=lambda p: p[0].lower()))
    (ROOT / "constraints.txt").write_text(HEADER + body, encoding="utf-8")
    print(f"constraints.txt: {len(pinned)} packages")


if __name__ == "__main__":
    main()
