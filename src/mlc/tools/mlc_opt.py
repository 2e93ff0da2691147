"""mlc-opt: the mlir-opt of mlc (parse, run a pass pipeline, print), on xDSL's xDSLOptMain."""

import argparse
import sys
import warnings
import zipfile
from collections.abc import Sequence
from pathlib import Path

import numpy as np
from xdsl.dialects.builtin import ModuleOp
from xdsl.utils.arg_spec import parse_spec
from xdsl.utils.exceptions import ParseError, ShrinkException, VerifyException
from xdsl.xdsl_opt_main import xDSLOptMain

from mlc.ir.diagnostics import OpRemark, OpWarning, remarks_enabled
from mlc.numerics import DEFAULT_ATOL, DEFAULT_RTOL, NumericsCheck, NumericsDrift, NumericsError
from mlc.passes.manager import PassFailed, PassRegistry, PipelineError, Runner, Timing, all_passes
from mlc.passes.manager.pipeline import unknown_name
from mlc.pipelines import PIPELINES
from mlc.tools.opt import expectations
from mlc.tools.opt.cli import add_mlir_arguments, split_flag_values
from mlc.tools.opt.diagnostics import (
    Diagnostic,
    DiagnosticError,
    location_of,
    op_diagnostics,
    parse_error,
    pass_failure,
    verify,
    warning,
)
from mlc.tools.opt.instrument import IRDumps
from mlc.tools.opt.listing import list_passes
from mlc.tools.opt.output import write_atomically
from mlc.tools.opt.plugins import PluginError, load_pass_plugin
from mlc.ir.printing import PrintOptions
from mlc.ir.parser import LocatingParser
from mlc.tools.opt.source import Chunk, split_input


class UsageError(Exception):
    """A mistake on the command line (bad pipeline, missing input): one line, exit code 1."""


class MlcOptMain(xDSLOptMain):
    """xDSL's opt driver with mlc's passes and pipelines, MLIR's pipeline syntax and flags."""

    def __init__(self, args: Sequence[str] | None = None):
        args = split_flag_values(sys.argv[1:] if args is None else args)
        super().__init__(description="mlc modular optimizer driver", args=args)

    def register_all_arguments(self, arg_parser: argparse.ArgumentParser) -> None:
        """xDSL's flags (-p, -t, -o, --print-op-generic, ...) plus MLIR's."""
        super().register_all_arguments(arg_parser)
        add_mlir_arguments(arg_parser)

    def register_all_passes(self) -> None:
        """mlc's passes first, then every other pass xDSL knows."""
        for name, factory in all_passes().items():
            self.register_pass(name, factory)

    def setup_pipeline(self) -> None:
        """Parse the pipeline and set up printing, dumps and timing (errors are UsageErrors)."""
        args = self.args
        if args.pass_pipeline is not None and args.passes:
            raise UsageError("give the pipeline with either --pass-pipeline or -p, not both")
        for path in args.load_pass_plugin:
            try:
                self.available_passes.update(load_pass_plugin(path))
            except PluginError as err:
                raise UsageError(str(err)) from None
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
        self.show_op = not args.verify_diagnostics
        numerics = self._numerics_check()
        observers = [dumps] if numerics is None else [dumps, numerics]
        self.runner = Runner(self.ctx, observers, Timing(), verify_each=not args.disable_verify)
        self.companions: dict[str, bytes] = {}
        """Files the target wants beside the output, by suffix (`-t triton`: the weights .npz)."""

    def _numerics_check(self) -> NumericsCheck | None:
        """The --verify-each-numerics observer, or None; its options without it are a UsageError."""
        args = self.args
        options = {
            "--numerics-tolerance": args.numerics_tolerance,
            "--numerics-inputs": args.numerics_inputs,
            "--numerics-seed": args.numerics_seed,
            "--numerics-dump-dir": args.numerics_dump_dir,
        }
        if not args.verify_each_numerics:
            given = [flag for flag, value in options.items() if value is not None]
            if given:
                raise UsageError(f"{given[0]} needs --verify-each-numerics")
            return None
        rtol, atol = _tolerance(args.numerics_tolerance)
        return NumericsCheck(
            rtol=rtol,
            atol=atol,
            seed=args.numerics_seed or 0,
            inputs=None if args.numerics_inputs is None else _load_npz(args.numerics_inputs),
            dump_dir=None if args.numerics_dump_dir is None else Path(args.numerics_dump_dir),
            ctx=self.ctx,
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
            for suffix in self.companions:
                sys.stderr.write(f"mlc-opt: warning: the {suffix} file that goes beside this output is not written "
                                 f"to stdout; pass -o FILE to get it beside FILE\n")
        elif not failed:
            for suffix, content in self.companions.items():
                write_atomically(Path(self.args.output_file).with_suffix(suffix), content)
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
        with warnings.catch_warnings(record=True) as caught, remarks_enabled(self.args.remarks):
            warnings.simplefilter("always", OpWarning)
            try:
                with runner.timing.measure("Parser"):
                    module = self._parse(chunk, name)
                if runner.verify_each:
                    with runner.timing.measure("Verifier"):
                        verify(module, self.show_op)
                runner.run(self.nest, module)
                with runner.timing.measure("Output"):
                    output = self.output_resulting_program(module)
            except DiagnosticError as err:
                errors = err.diagnostics
            except PassFailed as err:
                errors = pass_failure(err, self.show_op)
            except NumericsDrift as drift:
                message, _, context = str(drift).partition("\n")
                errors = [Diagnostic("error", message, location_of(drift.location), context + "\n")]
            except NumericsError as err:
                errors = [Diagnostic("error", str(err))]
        warned: list[Diagnostic] = []
        for w in caught:
            if isinstance(w.message, OpRemark):
                warned += op_diagnostics("remark", w.message.op, w.message.message, (), False)
            elif isinstance(w.message, OpWarning):
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
        spec = parse_spec(self.args.target)
        if spec.name != "mlir" or self.args.syntax_highlight:
            target = self.available_targets[spec.name]()  # the class (xDSL's factories return it)
            if not hasattr(target, "emit_with_companions"):
                return super().output_resulting_program(prog)
            text, companions = target.from_spec(spec).emit_with_companions(prog)
            self.companions.update(companions)
            return text
        return self.print_options.to_text(prog, self.ctx)


def _tolerance(text: str | None) -> tuple[float, float]:
    """`RTOL[,ATOL]` of --verify-each-numerics / --numerics-tolerance (defaults where not given)."""
    if text is None:
        return DEFAULT_RTOL, DEFAULT_ATOL
    parts = text.split(",")
    try:
        values = [float(p) for p in parts]
    except ValueError:
        values = []
    if not 1 <= len(values) <= 2 or len(values) != len(parts) or not all(0 <= v < float("inf") for v in values):
        raise UsageError(f"the numerics tolerance is RTOL[,ATOL] (non-negative numbers), got '{text}'")
    return values[0], values[1] if len(values) == 2 else DEFAULT_ATOL


def _load_npz(path: str) -> dict[str, np.ndarray]:
    """The arrays of the .npz archive at `path` by name (no pickles)."""
    try:
        archive = np.load(path, allow_pickle=False)
    except (OSError, ValueError, EOFError, zipfile.BadZipFile) as err:
        raise UsageError(f"cannot load --numerics-inputs '{path}': {err}") from None
    if not isinstance(archive, np.lib.npyio.NpzFile):
        raise UsageError(f"--numerics-inputs expects an .npz archive, got '{path}'")
    with archive:
        return {name: archive[name] for name in archive.files}


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
