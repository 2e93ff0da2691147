"""torch.export program -> mlc_tensor: the walk over FX nodes, inputs, weights and outputs.

The walk has the shape of jax's eval_jaxpr: an environment from FX node to imported value,
one rule per ATen overload (mlc.frontend.torch.rules.RULES), and every unsupported op
collected over the whole graph and reported at once with counts and source locations.
"""

import logging
import operator
import os
import re
from collections.abc import Callable

import ml_dtypes
import numpy as np
import torch
from torch.export import ExportedProgram
from torch.export.graph_signature import InputKind, InputSpec, OutputKind
from torch.utils import _pytree as pytree
from xdsl.dialects import func
from xdsl.dialects.builtin import (
    ArrayAttr,
    DictionaryAttr,
    ModuleOp,
    NameLoc,
    StringAttr,
    UnknownLoc,
)
from xdsl.ir import Attribute, Block, BlockArgument, Region, SSAValue
from xdsl.utils.exceptions import VerifyException

import mlc
from mlc.frontend import common
from mlc.frontend.diagnostics import SourceLocation, UnsupportedCollector, location_attr
from mlc.frontend.torch.emitter import Emitter, Unsupported, tensor_type_of
from mlc.frontend.torch.rules import NOT_EXPRESSIBLE, RULES

aten = torch.ops.aten
logger = logging.getLogger(__name__)

# Checks that torch.export leaves in the graph; they compute nothing, so they are dropped.
ASSERTIONS = {
    aten._assert_tensor_metadata.default,
    aten._assert_scalar.default,
    aten._assert_async.msg,
    aten.sym_constrain_range_for_size.default,
}

# Frames inside torch (nn modules, decompositions) and mlc (the export call) are not user code.
_LIBRARY_DIRS = (os.path.dirname(torch.__file__), os.path.dirname(mlc.__file__))
_FRAME = re.compile(r'File "([^"]+)", line (\d+)')
_POISON = object()
"""The value of a node that could not be imported (or depends on one that could not)."""


class DynamicShapeError(ValueError):
    """An input has a dimension that is not static; the message names the input and dimension."""


def source_location(node: torch.fx.Node, user_code: bool = True) -> SourceLocation | None:
    """The innermost frame of the node's stack trace in user code (outside torch and mlc),
    or in any code with `user_code=False`."""
    frames = _FRAME.findall(node.meta.get("stack_trace") or "")
    if user_code:
        frames = [f for f in frames if not f[0].startswith(_LIBRARY_DIRS)]
    if not frames:
        return None
    file, line = frames[-1]
    return SourceLocation(file, int(line))


def node_locations(graph: torch.fx.Graph) -> dict[torch.fx.Node, SourceLocation | None]:
    """Each node's source location in user code.

    Nodes that decompositions made without a stack trace get the previous located node's
    (the first ones the next one's): their source line. A graph with no user frame at all
    (an nn.Sequential of library modules) falls back to the library frames.
    """
    nodes = list(graph.nodes)
    locations = {node: source_location(node) for node in nodes}
    if not any(locations.values()):
        locations = {node: source_location(node, user_code=False) for node in nodes}
    for order in (nodes, nodes[::-1]):
        last = None
        for node in order:
            last = locations[node] = locations[node] or last
    return locations


def to_numpy(tensor: torch.Tensor) -> np.ndarray:
    """A torch tensor's values as a numpy array (bf16 through ml_dtypes)."""
    tensor = tensor.detach().cpu().contiguous()
    if tensor.dtype == torch.bfloat16:
        return tensor.view(torch.int16).numpy().view(ml_dtypes.bfloat16)
    return tensor.numpy()


def output_names(program: ExportedProgram, count: int) -> list[str]:
    """Names of the flat user outputs from the output pytree: output, output[0]['y'], ..."""
    tree = pytree.tree_unflatten(list(range(count)), program.call_spec.out_spec)
    leaves, _ = pytree.tree_flatten_with_path(tree)
    return ["output" + pytree.keystr(path) for path, _ in leaves]


class TorchImporter:
    """Imports one decomposed ExportedProgram into a module with a single function @main."""

    def __init__(self, program: ExportedProgram, params_as_args: bool = False):
        self.program = program
        self.params_as_args = params_as_args
        self.collector = UnsupportedCollector()
        self.env: dict[torch.fx.Node, object] = {}
        self.block = Block()
        self.locations = node_locations(program.graph)
        self.named: list[tuple[SSAValue, str]] = []
        """Arguments and weights, located by name at their first use once the body is built."""

    def run(self) -> ModuleOp:
        """Walk the graph and build the module; UnsupportedOpsError lists every problem."""
        nodes = {n.name: n for n in self.program.graph.nodes}
        specs = self.program.graph_signature.input_specs
        users = [s for s in specs if s.kind == InputKind.USER_INPUT]
        weights = [s for s in specs if s.kind != InputKind.USER_INPUT]
        for spec in users:
            self.argument(nodes[spec.arg.name], spec.arg.name)
        for spec in weights:
            self.weight(nodes[spec.arg.name], spec)
        graph = self.program.graph
        for node in graph.nodes:
            if node.op == "call_function":
                self.call(node)
        results = self.outputs(graph.output_node())
        self.collector.raise_if_any()
        return self.build(results)

    # ---- inputs ---------------------------------------------------------------------------

    def argument(self, node: torch.fx.Node, name: str) -> None:
        """A function argument for an input placeholder; Python scalars stay constants."""
        val = node.meta["val"]
        if not isinstance(val, torch.Tensor):
            self.env[node] = val
            return
        for dim, size in enumerate(val.shape):
            if not isinstance(size, int):
                raise DynamicShapeError(
                    f"input '{name}' dimension {dim} is dynamic ({size}); mlc imports static "
                    "shapes only: export without dynamic_shapes for this dimension"
                )
        try:
            typ = tensor_type_of(val)
        except Unsupported as e:
            self.collector.add(f"input '{name}'", None, str(e))
            self.env[node] = _POISON
            return
        arg = self.block.insert_arg(typ, len(self.block.args))
        self.env[node] = arg
        self.named.append((arg, name))

    def weight(self, node: torch.fx.Node, spec: InputSpec) -> None:
        """A parameter, buffer or constant: a named constant, or an argument with params_as_args."""
        if spec.kind == InputKind.CONSTANT_TENSOR or not self.params_as_args:
            if not node.users:
                return
            state = self.program.state_dict
            value = self.program.constants.get(spec.target, state.get(spec.target))
            try:
                if not isinstance(value, torch.Tensor):
                    raise Unsupported(f"{spec.kind.name.lower()} inputs are not tensors")
                tensor_type_of(value)
            except Unsupported as e:
                self.collector.add(f"weight '{spec.target}'", None, str(e))
                self.env[node] = _POISON
                return
            op = common.constant(to_numpy(value), spec.target, inline_limit=0)
            self.block.add_op(op)
            self.named.append((op.result, spec.target))
            self.env[node] = op.result
        else:
            self.argument(node, spec.target)

    # ---- ops ------------------------------------------------------------------------------

    def lookup(self, arg: object) -> object:
        """An FX argument with nodes replaced by their imported values (lists recursively)."""
        if isinstance(arg, torch.fx.Node):
            return self.env[arg]
        if isinstance(arg, list | tuple):
            return [self.lookup(a) for a in arg]
        return arg

    def call(self, node: torch.fx.Node) -> None:
        """Import one call_function node with its rule, or record why it cannot be."""
        location = self.locations[node]
        if node.target in ASSERTIONS:
            logger.info("dropped %s at %s (an assertion)", node.target, location)
            return
        rule = self.rule(node.target)
        name = "getitem" if node.target is operator.getitem else str(node.target)
        if rule is None:
            self.collector.add(name, location, NOT_EXPRESSIBLE.get(node.target, ""))
            self.env[node] = _POISON
            return
        args = self.lookup(node.args)
        kwargs = {k: self.lookup(v) for k, v in node.kwargs.items()}
        if _poisoned(args) or _poisoned(list(kwargs.values())):
            self.env[node] = _POISON
            return
        emitter = Emitter(self.block, location_attr(location), node)
        try:
            result = rule(emitter, *args, **kwargs)
            check_result(node, result)
        except (Unsupported, VerifyException) as e:
            self.collector.add(name, location, str(e))
            result = _POISON
        self.env[node] = result

    @staticmethod
    def rule(target: object) -> Callable | None:
        """The rule for an FX target: RULES by ATen overload, getitem for multi-result nodes."""
        if target is operator.getitem:
            return getitem
        return RULES.get(target)

    # ---- outputs --------------------------------------------------------------------------

    def outputs(self, node: torch.fx.Node) -> list[tuple[str, SSAValue]]:
        """The user outputs with their names; mutated buffers (training mode) are not returned."""
        specs = self.program.graph_signature.output_specs
        values = [
            v for v, s in zip(node.args[0], specs) if s.kind == OutputKind.USER_OUTPUT
        ]
        names = output_names(self.program, len(values))
        results = []
        for name, value in zip(names, values):
            if value is None:
                continue
            imported = self.lookup(value)
            if isinstance(imported, bool | int | float):
                element = common.element_type(np.asarray(imported).dtype)
                op = common.scalar(imported, element)
                op.location = location_attr(self.locations[node])
                self.block.add_op(op)
                imported = op.result
            results.append((name, imported))
        return results

    def build(self, results: list[tuple[str, SSAValue]]) -> ModuleOp:
        """Wrap the body in `func.func @main` with argument and result names, and a module."""
        self.block.add_op(func.ReturnOp(*(v for _, v in results)))
        output = self.program.graph.output_node()
        self.block.last_op.location = location_attr(self.locations[output])
        self.locate_named_values()
        function = func.FuncOp(
            "main",
            ([a.type for a in self.block.args], [v.type for _, v in results]),
            region=Region(self.block),
            arg_attrs=_names([n for v, n in self.named if isinstance(v, BlockArgument)]),
            res_attrs=_names([n for n, _ in results]),
        )
        return ModuleOp([function])

    def locate_named_values(self) -> None:
        """loc("fc.weight"("model.py":12:0)): each input and weight named where it is first used."""
        first_use: dict[SSAValue, Attribute] = {}
        for op in self.block.ops:
            for operand in op.operands:
                first_use.setdefault(operand, op.location)
        for value, name in self.named:
            location = NameLoc(StringAttr(name), first_use.get(value, UnknownLoc()))
            if isinstance(value, BlockArgument):
                value.location = location
            else:
                value.owner.location = location


def getitem(b: Emitter, values: object, index: int) -> SSAValue:
    """Element `index` of a multi-result node (split, max_pool2d_with_indices, ...)."""
    value = values[index]
    if value is None:
        raise Unsupported(f"result #{index} of {b.node.args[0].target} is not imported")
    return value


def check_result(node: torch.fx.Node, result: object) -> None:
    """Every imported result must have exactly the type torch computed for it."""
    val = node.meta.get("val")
    if isinstance(val, torch.Tensor):
        pairs = [(val, result)]
    elif isinstance(val, list | tuple):
        pairs = [(v, r) for v, r in zip(val, result) if r is not None]
    else:
        return
    for v, r in pairs:
        expected = tensor_type_of(v)
        if not isinstance(r, SSAValue) or r.type != expected:
            got = r.type if isinstance(r, SSAValue) else r
            raise Unsupported(f"the rule built {got}, torch computes {expected}")


def _poisoned(args: object) -> bool:
    """Whether an argument (or any element of a list argument) could not be imported."""
    if args is _POISON:
        return True
    return isinstance(args, list) and any(_poisoned(a) for a in args)


def _names(names: list[str]) -> ArrayAttr[DictionaryAttr]:
    """Argument or result attributes carrying each name as `mlc.name`."""
    return ArrayAttr([DictionaryAttr({"mlc.name": StringAttr(n)}) for n in names])
