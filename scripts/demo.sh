#!/usr/bin/env bash
# Set everything up, then push the example model through mlc-opt (IR printed after each
# pass) and run the result on the numpy reference interpreter with mlc-run.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh
export PATH="$PWD/.venv/bin:$PATH"
model=examples/mlp.mlir
out=$(mktemp -d)
echo "== mlc-opt $model --pass-pipeline='builtin.module(mlc-default)' --mlir-print-ir-after-all --mlir-timing"
echo "   (weights elided in the printed IR; the output file keeps them)"
mlc-opt "$model" --pass-pipeline='builtin.module(mlc-default)' --mlir-print-ir-after-all \
  --mlir-elide-elementsattrs-if-larger=16 --mlir-timing -o /dev/null
mlc-opt "$model" --pass-pipeline='builtin.module(mlc-default)' -o "$out/mlp.opt.mlir"
echo "== mlc-run $out/mlp.opt.mlir --random-inputs 0 --print"
mlc-run "$out/mlp.opt.mlir" --random-inputs 0 --print
echo "== mlc-opt $out/mlp.opt.mlir -p 'plan-memory,convert-mlc-tensor-to-mlc-kernel' -t triton -o $out/mlp_triton.py"
echo "   (one @triton.jit kernel per fusion group, its source ops in a header comment; weights in mlp_triton.npz)"
mlc-opt "$out/mlp.opt.mlir" -p 'plan-memory,convert-mlc-tensor-to-mlc-kernel' -t triton -o "$out/mlp_triton.py"
grep -A3 '^# @' "$out/mlp_triton.py"
echo "== python examples/compile_cnn.py   (a PyTorch CNN through mlc.compile(backend='triton'))"
MLC_CACHE_DIR="$out/cache" python examples/compile_cnn.py
