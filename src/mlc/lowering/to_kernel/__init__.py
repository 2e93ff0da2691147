"""Lowering of mlc_tensor groups to mlc_kernel block programs: lane evaluation, kernel kinds, tiles."""

from mlc.lowering.to_kernel import conv, gemm, lanes, movement, pooling, quantized, scan

# lanes.RULES holds the core rules; the modules with their own rule tables import lanes
# (so lanes cannot import them) and are merged into its table here, before any lookup.
for _rules in (conv.RULES, movement.RULES, pooling.RULES, quantized.RULES, scan.RULES):
    lanes.RULES.update(_rules)
gemm.GEMMS.update({**conv.GEMMS, **quantized.GEMMS})  # the same for contractions described in their own modules
