"""Importers: external graphs (torch.export, jaxpr) -> mlc_tensor IR."""
