"""Session setup: without a GPU, Triton runs in its CPU interpreter, chosen before anything imports Triton."""

import os

import torch

if not torch.cuda.is_available():
    # Triton fixes interpreted vs compiled when its library is imported (torch.export imports it).
    os.environ["TRITON_INTERPRET"] = "1"
