"""The parts of mlc-opt: input, pipelines, instrumentation, diagnostics and output."""
