"""Tile sizes, num_warps and num_stages per kernel kind: a shape/dtype heuristic, overridable.

Heuristic (what Triton's tutorials and Inductor's defaults settle on, cut to static shapes):
- elementwise: BLOCK = next power of two of the output size, capped at 1024; num_warps =
  BLOCK / 256 clamped to [1, 8] (each of a warp's 32 threads then holds 8 elements);
  num_stages = 1 (no loop to pipeline).
- reduction: BLOCK = next power of two >= the row length (one program holds a whole row);
  num_warps = BLOCK / 256 clamped to [1, 16]; num_stages = 1.
- matmul: BLOCK_M, BLOCK_N = next power of two of M, N clamped to [16, 128]; BLOCK_K =
  next power of two of K clamped to [16, 64] for 16-bit operands, [16, 32] for f32 (the same
  bytes per tile); num_warps = 8 when BLOCK_M * BLOCK_N >= 128 * 128 / 2, else 4;
  num_stages = 3 (4 for 16-bit operands) when the K loop runs more than once, else 1;
  GROUP_M = 8 programs along M share the same B columns (L2 reuse).
- GEMV (a float-accumulating contraction with M <= GEMV_MAX_M rows, e.g. a decode-time linear
  layer): tl.dot's 16-row minimum would waste all but M rows of each tile, and the kernel is
  bound by reading the weight once, so it multiplies the activation rows broadcast over a
  BLOCK_K x BLOCK_N weight slab and sums along K instead: BLOCK_M = next power of two of M;
  BLOCK_N = next power of two of N clamped to [16, 64]; BLOCK_K = next power of two of K
  clamped to [16, max(16, 8192 / (BLOCK_M * BLOCK_N))] (the BLOCK_M x BLOCK_K x BLOCK_N
  product stays at 8192 lanes: 4 warps of 32 threads holding 64 each); num_warps = 4;
  num_stages as for matmul; no GROUP_M (one band of rows). Integer (i32-accumulating)
  products keep the dot (their K-sum corrections are written for it).
Options of the conversion override a kind's choice (`matmul=64,64,32`, `reduction-block=1024`,
`elementwise-block=256`, `warps=4`, `stages=2`, `group-m=4`). A group's `mlc.tile` attribute
(written by hand or by the autotune pass) overrides both for that one kernel: its keys are the
kind's constexprs plus num_warps and num_stages, e.g.
`mlc.tile = {BLOCK_M = 64, BLOCK_N = 32, BLOCK_K = 32, num_warps = 4, num_stages = 2}`; settings it
leaves out come from the options and the heuristic (warps and stages derived from the pinned blocks).
A kind that builds its own Tiling passes it through `TileOptions.tuned`, so options and pins apply.
"""

from collections.abc import Mapping
from dataclasses import dataclass, replace

from xdsl.dialects.builtin import DictionaryAttr, IntegerAttr, i64
from xdsl.ir import Attribute

from mlc.lowering.to_kernel.lanes import LoweringError, next_power_of_two


TILE_ATTR = "mlc.tile"
"""The attribute on a group (an mlc_tensor.fused op or a lone op) pinning its kernel's tiling."""

LAUNCH_KEYS = ("num_warps", "num_stages")
"""Tiling settings passed at launch rather than as constexprs."""

GEMV_MAX_M = 8
"""The most rows a float contraction may have to be lowered as a GEMV (no tl.dot)."""

GEMV_LANES = 8192
"""The size of a GEMV's BLOCK_M x BLOCK_K x BLOCK_N product block that the heuristic aims at."""


class TileError(LoweringError):
    """A group's `mlc.tile` names a setting its kernel kind lacks or a value the kernel cannot run."""


def is_power_of_two(n: int) -> bool:
    """n is 1, 2, 4, 8, ..."""
    return n > 0 and n & (n - 1) == 0


def settings_of(attr: Attribute) -> dict[str, int]:
    """An `mlc.tile` attribute as {key: value}; anything but a dictionary of integers is a TileError."""
    if not isinstance(attr, DictionaryAttr) or not all(isinstance(v, IntegerAttr) for v in attr.data.values()):
        raise TileError(f"{TILE_ATTR} must be a dictionary of integers like {{BLOCK = 256, num_warps = 4}}, got {attr}")
    return {k: v.value.data for k, v in attr.data.items()}


def clamp(n: int, low: int, high: int) -> int:
    """n limited to [low, high]."""
    return max(low, min(high, n))


@dataclass(frozen=True)
class Tiling:
    """A kernel's tuning: named constexpr block sizes, warps and pipeline stages."""

    constexprs: dict[str, int]
    num_warps: int
    num_stages: int

    def settings(self) -> dict[str, int]:
        """Constexprs, num_warps and num_stages in one dict (the keys of `mlc.tile`)."""
        return {**self.constexprs, "num_warps": self.num_warps, "num_stages": self.num_stages}

    def attr(self) -> DictionaryAttr:
        """This tiling as an `mlc.tile` attribute."""
        return DictionaryAttr({k: IntegerAttr(v, i64) for k, v in self.settings().items()})


@dataclass(frozen=True)
class TileOptions:
    """User overrides (0 or empty: use the heuristic), and one group's pinned `mlc.tile` settings."""

    elementwise_block: int = 0
    reduction_block: int = 0
    matmul: tuple[int, ...] = ()
    warps: int = 0
    stages: int = 0
    group_m: int = 0
    pinned: tuple[tuple[str, int], ...] = ()
    """The group's `mlc.tile` as (key, value) pairs: they win over the options and the heuristic."""

    def pin(self, settings: Mapping[str, int]) -> "TileOptions":
        """These options for one group whose `mlc.tile` holds `settings`."""
        return replace(self, pinned=tuple(settings.items()))

    def chosen(self, key: str, fallback: int) -> int:
        """The pinned value of `key`, else `fallback` (the option's or the heuristic's)."""
        return dict(self.pinned).get(key, fallback)

    def tuned(self, tiling: Tiling, kind: str = "") -> Tiling:
        """`tiling` with the warps/stages options, then the pinned settings, applied; a pin the
        kernel (of `kind`, for messages) lacks, or a block size or warp count that is not a power
        of two, is a TileError."""
        pins = dict(self.pinned)
        known = [*tiling.constexprs, *LAUNCH_KEYS]
        for key, value in pins.items():
            if key not in known:
                what, takes = f"{kind} kernel" if kind else "kernel", ", ".join(known)
                raise TileError(f"{TILE_ATTR}: unknown key {key} for this {what}, which takes {takes}")
            if value < 1:
                raise TileError(f"{TILE_ATTR}: {key} must be positive, got {value}")
            if (key.startswith("BLOCK") or key == "num_warps") and not is_power_of_two(value):
                raise TileError(f"{TILE_ATTR}: {key} must be a power of two, got {value}")
        return Tiling(
            {k: pins.get(k, v) for k, v in tiling.constexprs.items()},
            pins.get("num_warps", self.warps or tiling.num_warps),
            pins.get("num_stages", self.stages or tiling.num_stages),
        )

    def elementwise(self, numel: int) -> Tiling:
        """BLOCK for a 1-D sweep over `numel` output elements."""
        block = self.chosen("BLOCK", self.elementwise_block or clamp(next_power_of_two(numel), 16, 1024))
        return self.tuned(Tiling({"BLOCK": block}, clamp(block // 256, 1, 8), 1), "elementwise")

    def reduction(self, length: int) -> Tiling:
        """BLOCK for one row of `length` elements (BLOCK >= length)."""
        block = self.chosen("BLOCK", self.reduction_block or next_power_of_two(length))
        tiling = self.tuned(Tiling({"BLOCK": block}, clamp(block // 256, 1, 16), 1), "reduction")
        if tiling.constexprs["BLOCK"] < length:
            # One program holds a whole row: a shorter block would drop the row's tail.
            pinned = "BLOCK" in dict(self.pinned)
            source, error = (f"{TILE_ATTR}: BLOCK", TileError) if pinned else ("reduction-block", LoweringError)
            raise error(f"{source}={tiling.constexprs['BLOCK']} is shorter than a row of {length} elements")
        return tiling

    def contraction(self, m: int, n: int, k: int, bits: int) -> Tiling:
        """BLOCK_M, BLOCK_N, BLOCK_K and GROUP_M for an M x N x K product of `bits`-wide operands."""
        if self.matmul:
            bm, bn, bk = self.matmul
        else:
            bm, bn = clamp(next_power_of_two(m), 16, 128), clamp(next_power_of_two(n), 16, 128)
            bk = clamp(next_power_of_two(k), 16, 64 if bits <= 16 else 32)
        bm, bn, bk = self.chosen("BLOCK_M", bm), self.chosen("BLOCK_N", bn), self.chosen("BLOCK_K", bk)
        warps = 8 if bm * bn >= 128 * 128 // 2 else 4
        stages = 1 if k <= bk else (4 if bits <= 16 else 3)
        group = self.group_m or 8
        tiles = {"BLOCK_M": bm, "BLOCK_N": bn, "BLOCK_K": bk, "GROUP_M": group}
        tiling = self.tuned(Tiling(tiles, warps, stages), "matmul")
        for key in ("BLOCK_M", "BLOCK_N", "BLOCK_K"):
            if tiling.constexprs[key] < 16:  # tl.dot's smallest operand tile is 16 x 16
                got = tiling.constexprs[key]
                raise TileError(f"{TILE_ATTR}: {key} must be at least 16 (tl.dot's smallest tile), got {got}")
        return tiling

    def gemv(self, m: int, n: int, k: int, bits: int) -> Tiling:
        """BLOCK_M >= M rows, BLOCK_N columns and BLOCK_K per K step of a GEMV (see the heuristic above)."""
        bm = self.chosen("BLOCK_M", next_power_of_two(m))
        bn = self.chosen("BLOCK_N", clamp(next_power_of_two(n), 16, 64))
        bk = self.chosen("BLOCK_K", clamp(next_power_of_two(k), 16, max(16, GEMV_LANES // (bm * bn))))
        stages = 1 if k <= bk else (4 if bits <= 16 else 3)
        return self.tuned(Tiling({"BLOCK_M": bm, "BLOCK_N": bn, "BLOCK_K": bk}, 4, stages), "gemv")

    def attention(self, lq: int, lk: int, d: int, bits: int) -> Tiling:
        """BLOCK_M query rows per program, BLOCK_N keys per loop trip, BLOCK_D >= the head dim `d`.

        Heuristic (Triton's fused-attention tutorial, cut to static shapes): BLOCK_M = next
        power of two of Lq clamped to [16, 128] for 16-bit operands, [16, 64] for f32 (the
        f32 accumulator BLOCK_M x BLOCK_D stays in registers); BLOCK_N = next power of two of
        Lk clamped to [16, 64]; BLOCK_D = next power of two >= d, at least 16 (tl.dot);
        num_warps = 8 when BLOCK_M * BLOCK_D >= 128 * 64, else 4; num_stages = 2 when the key
        loop runs more than once, else 1.
        """
        bm = self.chosen("BLOCK_M", clamp(next_power_of_two(lq), 16, 128 if bits <= 16 else 64))
        bn = self.chosen("BLOCK_N", clamp(next_power_of_two(lk), 16, 64))
        bd = self.chosen("BLOCK_D", max(16, next_power_of_two(d)))
        warps = 8 if bm * bd >= 128 * 64 else 4
        stages = 1 if lk <= bn else 2
        tiling = self.tuned(Tiling({"BLOCK_M": bm, "BLOCK_N": bn, "BLOCK_D": bd}, warps, stages), "attention")
        for key in ("BLOCK_M", "BLOCK_N", "BLOCK_D"):
            if tiling.constexprs[key] < 16:  # tl.dot's smallest operand tile is 16 x 16
                raise TileError(f"{TILE_ATTR}: {key} must be at least 16 (tl.dot's smallest tile), got {tiling.constexprs[key]}")
        if tiling.constexprs["BLOCK_D"] < d:
            raise TileError(f"{TILE_ATTR}: BLOCK_D={tiling.constexprs['BLOCK_D']} is shorter than the head dim {d}")
        return tiling

    def check(self, flag: str) -> list[str]:
        """Problems with the options, as messages."""
        problems = []
        for name, value in (("elementwise-block", self.elementwise_block), ("reduction-block", self.reduction_block)):
            if value and (value & (value - 1)):
                problems.append(f"{name} must be a power of two, got {value}")
        if self.matmul and (len(self.matmul) != 3 or any(b < 16 or b & (b - 1) for b in self.matmul)):
            problems.append(f"matmul must be three powers of two >= 16 (BLOCK_M,BLOCK_N,BLOCK_K), got {list(self.matmul)}")
        if self.warps and self.warps & (self.warps - 1):
            problems.append(f"warps must be a power of two, got {self.warps}")
        if self.stages < 0 or self.group_m < 0:
            problems.append("stages and group-m must be positive")
        return problems
