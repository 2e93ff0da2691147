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
Options of the conversion override a kind's choice (`matmul=64,64,32`, `reduction-block=1024`,
`elementwise-block=256`, `warps=4`, `stages=2`, `group-m=4`).
"""

from dataclasses import dataclass

from mlc.lowering.to_kernel.lanes import LoweringError, next_power_of_two


def clamp(n: int, low: int, high: int) -> int:
    """n limited to [low, high]."""
    return max(low, min(high, n))


@dataclass(frozen=True)
class Tiling:
    """A kernel's tuning: named constexpr block sizes, warps and pipeline stages."""

    constexprs: dict[str, int]
    num_warps: int
    num_stages: int


@dataclass(frozen=True)
class TileOptions:
    """User overrides (0 or empty: use the heuristic)."""

    elementwise_block: int = 0
    reduction_block: int = 0
    matmul: tuple[int, ...] = ()
    warps: int = 0
    stages: int = 0
    group_m: int = 0

    def tuned(self, tiling: Tiling) -> Tiling:
        """`tiling` with the warps/stages overrides applied."""
        return Tiling(tiling.constexprs, self.warps or tiling.num_warps, self.stages or tiling.num_stages)

    def elementwise(self, numel: int) -> Tiling:
        """BLOCK for a 1-D sweep over `numel` output elements."""
        block = self.elementwise_block or clamp(next_power_of_two(numel), 16, 1024)
        return self.tuned(Tiling({"BLOCK": block}, clamp(block // 256, 1, 8), 1))

    def reduction(self, length: int) -> Tiling:
        """BLOCK for one row of `length` elements (BLOCK >= length)."""
        block = self.reduction_block or next_power_of_two(length)
        if block < length:
            raise LoweringError(f"reduction-block={block} is shorter than a row of {length} elements")
        return self.tuned(Tiling({"BLOCK": block}, clamp(block // 256, 1, 16), 1))

    def contraction(self, m: int, n: int, k: int, bits: int) -> Tiling:
        """BLOCK_M, BLOCK_N, BLOCK_K and GROUP_M for an M x N x K product of `bits`-wide operands."""
        if self.matmul:
            bm, bn, bk = self.matmul
        else:
            bm, bn = clamp(next_power_of_two(m), 16, 128), clamp(next_power_of_two(n), 16, 128)
            bk = clamp(next_power_of_two(k), 16, 64 if bits <= 16 else 32)
        warps = 8 if bm * bn >= 128 * 128 // 2 else 4
        stages = 1 if k <= bk else (4 if bits <= 16 else 3)
        group = self.group_m or 8
        return self.tuned(Tiling({"BLOCK_M": bm, "BLOCK_N": bn, "BLOCK_K": bk, "GROUP_M": group}, warps, stages))

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
