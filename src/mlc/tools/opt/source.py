"""Reading .mlir input for mlc-opt: chunks (--split-input-file) that keep their line numbers."""

import re
from dataclasses import dataclass

_SPLIT_MARKER = re.compile(r"^[ \t]*// -----.*$", re.MULTILINE)


@dataclass(frozen=True)
class Chunk:
    """One piece of the input; `text` is padded with newlines so line numbers match the file."""

    text: str
    first_line: int


def split_input(text: str, split: bool) -> list[Chunk]:
    """The whole input, or (with --split-input-file) the pieces between `// -----` lines."""
    if not split:
        return [Chunk(text, 1)]
    chunks: list[Chunk] = []
    start = 0
    for marker in [*_SPLIT_MARKER.finditer(text), None]:
        end = len(text) if marker is None else marker.start()
        first_line = text.count("\n", 0, start) + 1
        chunks.append(Chunk("\n" * (first_line - 1) + text[start:end], first_line))
        if marker is not None:
            start = marker.end()
    return chunks
