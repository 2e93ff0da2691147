"""mlc-opt: the mlir-opt of mlc (parse, run a pass pipeline, print), on xDSL's xDSLOptMain."""

import argparse
import sys
import warnings
from collections.abc import Sequence
from pathlib import Path

from xdsl.dialects.builtin import ModuleOp
from xdsl.utils.arg_spec import parse_spec
from xdsl.utils.exceptions import ParseError, ShrinkException, VerifyException
from xdsl.xdsl_opt_main import xDSLOptMain

from mlc.ir.diagnostics import OpWarning
from mlc.passes import PASSES
from mlc.pipelines import PIPELINES
from mlc.tools.opt import expectations
from mlc.tools.opt.cli import add_mlir_arguments
from mlc.tools.opt.diagnostics import Diagnostic, DiagnosticError, parse_error, verify, warning
from mlc.tools.opt.instrument import IRDumps, Timing
from mlc.tools.opt.listing import list_passes
from mlc.tools.opt.output import write_atomically
from mlc.tools.opt.pipeline import PassRegistry, PipelineError, unknown_name
from mlc.tools.opt.printing import PrintOptions
from mlc.tools.opt.runner import Runner
from mlc.tools.opt.source import Chunk, LocatingParser, split_input


class UsageError(Exception):
    """A mistake on the command line (bad pipeline, missing input): one line, exit code 1."""


class MlcOptMain(xDSLOptMain):
    """xDSL's opt driver with mlc's passes and pipelines, MLIR's pipeline syntax and flags."""

    def __init__(self, args: Sequence[str] | None = None):
        super().__init__(description="mlc modular optimizer driver", args=args)

    def register_all_arguments(self, arg_parser: argparse.ArgumentParser) -> None:
        """xDSL's flags (-p, -t, -o, --print-op-generic, ...) plus MLIR's."""
        super().register_all_arguments(arg_parser)
        add_mlir_arguments(arg_parser)

    def register_all_passes(self) -> None:
        """mlc's passes first, then every other pass xDSL knows."""
        for name, factory in PASSES.items():
            self.register_pass(name, factory)
        super().register_all_passes()

    def setup_pipeline(self) -> None:
        """Parse the pipeline and set up printing, dumps and timing (errors are UsageErrors)."""
        args = self.args
        if args.pass_pipeline is not None and args.passes:
            raise UsageError("give the pipeline with either --pass-pipeline or -p, not both")
        registry = PassRegistry(self.available_passes, PIPELINES, self.ctx)
        try:
            self.nest = registry.parse(args.pass_pipeline or args.passes)
        except PipelineError as err:
            raise UsageError(str(err)) from None
        for name in [*args.mlir_print_ir_before, *args.mlir_print_ir_after]:
            if name not in self.available_passes:
                raise UsageError(unknown_name(name, list(self.available_passes)))
        self.print_options = PrintOptions(
            generic=args.print_op_generic,
            debuginfo=args.print_debuginfo,
            properties_as_attributes=args.print_no_properties,
            elide_larger_than=args.mlir_elide_elementsattrs_if_larger,
        )
        dumps = IRDumps(
            self.ctx,
            self.print_options,
            before_all=args.mlir_print_ir_before_all,
            after_all=args.mlir_print_ir_after_all,
            before=frozenset(args.mlir_print_ir_before),
            after=frozenset(args.mlir_print_ir_after),
            after_change=args.mlir_print_ir_after_change,
            after_failure=args.mlir_print_ir_after_failure,
            tree_dir=Path(args.mlir_print_ir_tree_dir) if args.mlir_print_ir_tree_dir else None,
        )
        self.runner = Runner(
            self.ctx, dumps, Timing(), not args.disable_verify, not args.verify_diagnostics
        )

    def run(self) -> int:
        """Process the input (each split chunk on its own); return the exit code."""
        if self.args.list_passes:
            sys.stdout.write(list_passes(self.available_passes, PIPELINES))
            return 0
        text, name = self._read_input()
        outputs: list[str] = []
        failed = False
        try:
            for chunk in split_input(text, self.args.split_input_file):
                diagnostics, output = self._process(chunk, name)
                if self.args.verify_diagnostics:
                    diagnostics = expectations.check(chunk.text, name, diagnostics)
                for d in diagnostics:
                    sys.stderr.write(d.render(name))
                failed |= any(d.severity == "error" for d in diagnostics)
                if output is not None:
                    outputs.append(output)
        except ShrinkException:
            print("Success, can shrink")
            return 0
        if self.args.shrink:
            print("Failure, can't shrink")
            return 1
        if self.args.mlir_timing:
            sys.stderr.write(self.runner.timing.report())
        result = "// -----\n".join(outputs)
        if self.args.output_file is None:
            sys.stdout.write(result)
        elif not failed:
            write_atomically(self.args.output_file, result)
        return 1 if failed else 0

    def _read_input(self) -> tuple[str, str]:
        """The input text and the name diagnostics give it (`-` or no file: stdin)."""
        path = self.args.input_file
        if path in (None, "-"):
            return sys.stdin.read(), "<stdin>"
        try:
            return Path(path).read_text(encoding="utf-8"), path
        except OSError as err:
            raise UsageError(f"could not open input file '{path}': {err.strerror}") from None
        except UnicodeDecodeError as err:
            raise UsageError(f"input file '{path}' is not UTF-8 text: {err.reason}") from None

    def _process(self, chunk: Chunk, name: str) -> tuple[list[Diagnostic], str | None]:
        """Parse, verify, run the pipeline and print one chunk; its diagnostics and output."""
        runner = self.runner
        errors: list[Diagnostic] = []
        output = None
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always", OpWarning)
            try:
                with runner.timing.measure("Parser"):
                    module = self._parse(chunk, name)
                if runner.verify_each:
                    with runner.timing.measure("Verifier"):
                        verify(module, runner.show_op)
                runner.dumps.input(module)
                runner.run(self.nest, module)
                with runner.timing.measure("Output"):
                    output = self.output_resulting_program(module)
            except DiagnosticError as err:
                errors = err.diagnostics
        warned: list[Diagnostic] = []
        for w in caught:
            if isinstance(w.message, OpWarning):
                warned += warning(w.message)
            else:
                warnings.showwarning(w.message, w.category, w.filename, w.lineno)
        return warned + errors, output

    def _parse(self, chunk: Chunk, name: str) -> ModuleOp:
        """Parse a chunk; every op gets its file:line:col unless it has a `loc(...)`."""
        parser = LocatingParser(self.ctx, chunk.text, name)
        try:
            return parser.parse_module(not self.args.no_implicit_module)
        except ParseError as err:
            diagnostic = parse_error(err)
        except VerifyException as err:  # an attribute or type rejected its parameters
            diagnostic = parse_error(ParseError(parser.current_span(), str(err)))
        if self.args.parsing_diagnostics:  # xDSL's flag: report on stdout, exit code 0
            sys.stdout.write(diagnostic.render(name))
            raise DiagnosticError([])
        raise DiagnosticError([diagnostic])

    def output_resulting_program(self, prog: ModuleOp) -> str:
        """MLIR text (with elision) for the mlir target; other targets print as xDSL does."""
        if parse_spec(self.args.target).name != "mlir" or self.args.syntax_highlight:
            return super().output_resulting_program(prog)
        return self.print_options.to_text(prog, self.ctx)


def main(argv: Sequence[str] | None = None) -> None:
    """Console entry point: user errors print one diagnostic and exit with code 1."""
    try:
        code = MlcOptMain(argv).run()
    except UsageError as err:
        sys.stderr.write(f"mlc-opt: error: {err}\n")
        code = 1
    except SystemExit as done:  # argparse exits with 2 on a bad flag; mlc-opt's user errors are 1
        code = 1 if done.code == 2 else done.code
    sys.exit(code)
