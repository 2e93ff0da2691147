"""A small PyTorch CNN compiled end to end with mlc.compile(backend="triton"): kernels, provenance, error vs eager.

Conv-BatchNorm-ReLU-MaxPool twice, a global average pool and a linear head on a 3x30x30
image (odd sizes on purpose). Without a GPU the Triton kernels run in Triton's CPU
interpreter, so TRITON_INTERPRET=1 is set before torch (and with it Triton) is imported.
"""

import os
import sys

os.environ.setdefault("TRITON_INTERPRET", "0" if "--cuda" in sys.argv else "1")

import torch  # noqa: E402
from torch import nn  # noqa: E402

import mlc  # noqa: E402


def model() -> nn.Module:
    """The CNN, with non-trivial batch norm statistics (so folding them is visible in the numbers)."""
    torch.manual_seed(0)
    net = nn.Sequential(
        nn.Conv2d(3, 16, 3, padding=1), nn.BatchNorm2d(16), nn.ReLU(), nn.MaxPool2d(2),
        nn.Conv2d(16, 32, 3, padding=1), nn.BatchNorm2d(32), nn.ReLU(), nn.MaxPool2d(2),
        nn.AdaptiveAvgPool2d(1), nn.Flatten(), nn.Linear(32, 10),
    )
    for m in net.modules():
        if isinstance(m, nn.BatchNorm2d):
            m.running_mean.uniform_(-0.2, 0.2)
            m.running_var.uniform_(0.5, 1.5)
    return net.eval()


def main() -> None:
    net = model()
    x = torch.randn(2, 3, 30, 30, generator=torch.Generator().manual_seed(1))
    compiled = mlc.compile(net, x, backend="triton")
    print(compiled.kernels())
    source = compiled.source().splitlines()
    first = next(i for i, line in enumerate(source) if line.startswith("# @"))
    print("\n".join(["", "first kernel of the generated Triton module:", *source[first:first + 12], "    ..."]))
    with torch.no_grad():
        expected = net(x)
    got = compiled(x)
    error = (got - expected).abs().max().item()
    print(f"\nmax abs error vs eager PyTorch: {error:.2e}")
    if error > 1e-4:
        raise SystemExit("the compiled model drifted from eager")


if __name__ == "__main__":
    main()
