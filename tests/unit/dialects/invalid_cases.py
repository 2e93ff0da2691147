"""The cases of an MLIR-style invalid.mlir file, to check its expected errors from Python."""

import re
from pathlib import Path

FILECHECK = Path(__file__).parents[2] / "filecheck/dialects"
_EXPECTED = re.compile(r"expected-error @\+1 \{\{(.*)\}\}")
_SECTION = re.compile(r"^// ===== (.*) ops =====$", re.MULTILINE)


def cases(path: Path, section: str | None = None) -> list[tuple[str, str]]:
    """(chunk, its one expected error) per `// -----` case of `path`, or of its `// ===== <section> ops =====` part."""
    found = []
    current = None
    for chunk in path.read_text().split("// -----"):
        header = _SECTION.search(chunk)
        if header is not None:
            current = header.group(1)
        if section is None or current == section:
            (message,) = _EXPECTED.findall(chunk)
            found.append((chunk, message))
    assert found, f"no cases in {path}" + (f" under '// ===== {section} ops ====='" if section else "")
    return found
