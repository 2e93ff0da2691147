"""xDSL's parser with mlc's fixes; every mlc tool and test parses through `MlcParser`."""

from xdsl.context import Context
from xdsl.dialect_interfaces.op_asm import OpAsmDialectInterface
from xdsl.parser import Parser


class MlcParser(Parser):
    """Parser whose `dense_resource` handles stay consistent within one parse.

    xDSL keeps blobs in one process-wide store and renames a handle that is already taken
    (`w` -> `w_0`), but renames the use in the IR and the blob in `dialect_resources`
    independently, so they stop matching. Here each handle of this text is declared once
    and every later mention (op or blob) maps to the same stored key.
    """

    def __init__(self, ctx: Context, text: str, name: str = "<unknown>"):
        super().__init__(ctx, text, name)
        self._resource_keys: dict[tuple[str, str], str] = {}

    def _parse_dialect_resource_handle(
        self, dialect_name: str, interface: OpAsmDialectInterface
    ) -> str:
        written = self.parse_identifier(" for resource handle")
        key = self._resource_keys.get((dialect_name, written))
        if key is None:
            key = interface.declare_resource(written)
            self._resource_keys[(dialect_name, written)] = key
            self.dialect_resources.add((dialect_name, key))
        return key
