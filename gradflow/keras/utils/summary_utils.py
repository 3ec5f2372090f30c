"""`model.summary()`: Keras 3's layer table, character for character.

Keras draws the table with the `rich` library; gradflow does not depend on rich, so the
few rules of rich that shape the table are re-stated here (column widths, word wrapping,
ellipsis truncation, justification, the HEAVY_HEAD box and cropping to the console).
"""

from __future__ import annotations

import math
import os
import re
import shutil
import sys

import numpy as np

from gradflow.keras import backend

# Bits per element, as Keras's `dtype_utils.dtype_size` counts them.
_DTYPE_BITS = {
    **{f"float{i}": i for i in (16, 32, 64)},
    **{f"int{i}": i for i in (8, 16, 32, 64)},
    **{f"uint{i}": i for i in (8, 16, 32, 64)},
    "bfloat16": 16,
    "bool": 1,
}

# rich's HEAVY_HEAD box: (left, fill, divider, right) for each kind of rule or row.
_TOP = ("┏", "━", "┳", "┓")
_HEAD_ROW = ("┃", " ", "┃", "┃")
_HEAD_RULE = ("┡", "━", "╇", "┩")
_BODY_ROW = ("│", " ", "│", "│")
_ROW_RULE = ("├", "─", "┼", "┤")
_BOTTOM = ("└", "─", "┴", "┘")

_WORD = re.compile(r"\s*\S+\s*")


def count_params(weights) -> int:
    """The number of scalars in `weights`.

    Args:
        weights: variables or arrays (anything with `.shape`).

    Example:
    >>> import numpy as np
    >>> count_params([np.zeros((3, 4)), np.zeros(4)])
    16
    """
    return int(sum(math.prod(w.shape) for w in weights))


def weight_memory_size(weights) -> float:
    """The bytes `weights` occupy (each distinct variable counted once).

    Args:
        weights: variables or arrays with `.shape` and `.dtype`.

    Example:
    >>> import numpy as np
    >>> weight_memory_size([np.zeros((2, 3), "float32")])
    24.0
    """
    unique = {id(w): w for w in weights}.values()
    bits = 0
    for w in unique:
        dtype = backend.standardize_dtype(w.dtype)
        if dtype not in _DTYPE_BITS:
            raise ValueError(f"Invalid dtype: {dtype}")
        bits += math.prod(w.shape) * _DTYPE_BITS[dtype]
    return bits / 8


def readable_memory_size(size: float) -> str:
    """A byte count as Keras prints it: '215.04 KB'.

    Args:
        size: a number of bytes.

    Example:
    >>> readable_memory_size(220200.0)
    '215.04 KB'
    """
    units = ["B", "KB", "MB", "GB", "TB", "PB"]
    for unit in units:
        if size / 1024 < 1:
            return f"{size:.2f} {unit}"
        size /= 1024
    return f"{size:.2f} {units[-1]}"


def format_layer_shape(layer) -> str:
    """The 'Output Shape' cell of `layer`: from its last call in a graph, else from the
    shapes it was built with, else '?'.

    Args:
        layer: a built or unbuilt layer.

    Example:
    >>> from gradflow import keras
    >>> format_layer_shape(keras.layers.Dense(3))
    '?'
    """
    nodes = getattr(layer, "_inbound_nodes", None) or []
    build_shapes = getattr(layer, "_build_shapes_dict", None)
    if not nodes and not build_shapes:
        return "?"
    if nodes:
        # Keras reads the last node: a shared layer shows its latest call.
        shapes = [_format_shape(t.shape) for t in nodes[-1].outputs]
    else:
        try:
            if _has_output_shape(layer):
                shapes = _format_shape(layer.output_shape)
            else:
                shapes = _map_shapes(_format_shape, layer.compute_output_shape(**build_shapes))
        except (NotImplementedError, ValueError, TypeError):
            return "?"
    flat = _flatten_shapes(shapes)
    if len(flat) == 1:
        return flat[0]
    return str(shapes).replace("'", "")


def _has_output_shape(layer) -> bool:
    try:
        getattr(layer, "output_shape")
    except (AttributeError, ValueError):
        return False
    return True


def _format_shape(shape) -> str:
    return "(" + ", ".join(str(None if d is None else int(d)) for d in shape) + ")"


def _is_shape(value) -> bool:
    return isinstance(value, (tuple, list)) and all(
        d is None or isinstance(d, (int, np.integer)) for d in value
    )


def _map_shapes(fn, structure):
    """`fn` on each shape (a tuple of dims) in a nest of lists, tuples and dicts."""
    if _is_shape(structure):
        return fn(structure)
    if isinstance(structure, dict):
        return {k: _map_shapes(fn, v) for k, v in structure.items()}
    return [_map_shapes(fn, v) for v in structure]


def _flatten_shapes(structure) -> list:
    if isinstance(structure, str):
        return [structure]
    if isinstance(structure, dict):
        return [s for v in structure.values() for s in _flatten_shapes(v)]
    return [s for v in structure for s in _flatten_shapes(v)]


# -- the layers and their columns ------------------------------------------------------
def _is_sequential_like(model) -> bool:
    """Keras prints a Functional model without 'Connected to' when its graph is a chain
    of single-input nodes and no layer is called twice."""
    nodes = []
    for group in model._nodes_by_depth.values():
        if len(group) > 1 or (len(group) == 1 and len(group[0].input_tensors) > 1):
            return False
        nodes += group
    for layer in model.layers:
        in_model = [node for node in layer._inbound_nodes if any(node is n for n in nodes)]
        if len(in_model) > 1:
            return False
    return True


def _connections(layer, relevant_nodes: list) -> str:
    links = []
    for node in layer._inbound_nodes:
        if relevant_nodes and not any(node is n for n in relevant_nodes):
            continue  # a call of this layer outside the model's graph
        for tensor in node.input_tensors:
            operation, node_index, tensor_index = tensor._keras_history
            links.append(f"{operation.name}[{node_index}][{tensor_index}]")
    return ", ".join(links) or "-"


def _layer_fields(layer, prefix, connections, show_trainable) -> list[str]:
    name = f"{prefix}{layer.name} ({getattr(layer, 'keras_class_name', type(layer).__name__)})"
    if not hasattr(layer, "built"):
        params = "0"
    elif not layer.built:
        params = "0 (unbuilt)"
    else:
        params = f"{layer.count_params():,}"
    fields = [name, format_layer_shape(layer), params]
    if connections is not None:
        fields.append(_connections(layer, connections))
    if show_trainable:
        if getattr(layer, "weights", None):
            fields.append("Y" if layer.trainable else "N")
        else:
            fields.append("-")
    return fields


def _layer_rows(layer, connections, show_trainable, expand_nested, level=0) -> list:
    prefix = "   " * level + "└ " if level else ""
    rows = [_layer_fields(layer, prefix, connections, show_trainable)]
    if expand_nested and getattr(layer, "layers", None):
        for inner in layer.layers:
            rows.extend(_layer_rows(inner, connections, show_trainable, True, level + 1))
    return rows


def get_layer_index_bound_by_layer_name(layers, layer_range=None) -> list[int]:
    """[first, last + 1]: the slice of `layers` from the first name matching
    `layer_range[0]` to the last matching `layer_range[1]` (regexes allowed).

    Args:
        layers: the layers, in order.
        layer_range: None (all layers) or two strings.

    Example:
    >>> from gradflow import keras
    >>> layers = [keras.layers.Dense(1, name=n) for n in ("a", "b", "c")]
    >>> get_layer_index_bound_by_layer_name(layers, ["b", "c"])
    [1, 3]
    """
    if layer_range is None:
        return [0, len(layers)]
    if len(layer_range) != 2:
        raise ValueError(
            "layer_range must be a list or tuple of length 2. Received: "
            f"layer_range = {layer_range} of length {len(layer_range)}"
        )
    if not isinstance(layer_range[0], str) or not isinstance(layer_range[1], str):
        raise ValueError(f"layer_range should contain string type only. Received: {layer_range}")
    lower = [i for i, layer in enumerate(layers) if re.match(layer_range[0], layer.name)]
    upper = [i for i, layer in enumerate(layers) if re.match(layer_range[1], layer.name)]
    if not lower or not upper:
        raise ValueError(
            f"Passed layer_names do not match the layer names in the model. Received: {layer_range}"
        )
    if min(lower) > max(upper):
        return [min(upper), max(lower) + 1]
    return [min(lower), max(upper) + 1]


# -- parameter counts ------------------------------------------------------------------
def _param_lines(model) -> list[str]:
    trainable = model.trainable_weights
    non_trainable = model.non_trainable_weights
    counts = {
        "Trainable": (count_params(trainable), weight_memory_size(trainable)),
        "Non-trainable": (count_params(non_trainable), weight_memory_size(non_trainable)),
    }
    optimizer = getattr(model, "optimizer", None)
    if getattr(model, "compiled", False) and optimizer is not None and optimizer.built:
        variables = optimizer.variables
        counts["Optimizer"] = (count_params(variables), weight_memory_size(variables))
    total = (sum(c for c, _ in counts.values()), sum(s for _, s in counts.values()))
    lines = []
    for label, (count, size) in [("Total", total), *counts.items()]:
        lines.append(f" {label} params: {count:,} ({readable_memory_size(size)})")
    return lines


# -- rendering as rich does ---------------------------------------------------------------
def _console_width() -> int:
    """rich's console width: $COLUMNS, else the terminal of stdin/stdout/stderr, else 80."""
    columns = os.environ.get("COLUMNS")
    if columns is not None and columns.isdigit():
        return int(columns)
    for stream in (sys.__stdin__, sys.__stdout__, sys.__stderr__):
        try:
            return os.get_terminal_size(stream.fileno()).columns or 80
        except (AttributeError, ValueError, OSError):
            continue
    return 80


def _ratio_reduce(total: int, ratios: list, maximums: list, values: list) -> list:
    ratios = [r if m else 0 for r, m in zip(ratios, maximums)]
    total_ratio = sum(ratios)
    if not total_ratio:
        return values[:]
    remaining = total
    result = []
    for ratio, maximum, value in zip(ratios, maximums, values):
        if ratio and total_ratio > 0:
            # round(), not int(): rich's banker's rounding decides which column shrinks
            distributed = min(maximum, round(ratio * remaining / total_ratio))
            result.append(value - distributed)
            remaining -= distributed
            total_ratio -= ratio
        else:
            result.append(value)
    return result


def _ratio_distribute(total: int, ratios: list) -> list:
    total_ratio = sum(ratios)
    remaining = total
    result = []
    for ratio in ratios:
        distributed = math.ceil(ratio * remaining / total_ratio) if total_ratio > 0 else remaining
        result.append(distributed)
        total_ratio -= ratio
        remaining -= distributed
    return result


def _table_widths(column_widths: list[int], line_length: int) -> list[int]:
    """Each column's width with its padding, as rich fits fixed-width columns (plus
    two spaces of padding each) into a table `line_length` wide, borders included."""
    available = line_length - (len(column_widths) + 1)
    if available < 1:
        return [1] * len(column_widths)
    widths = [min(w + 2, available) or 1 for w in column_widths]
    if sum(widths) > available:
        # fixed-width columns cannot wrap: rich takes the excess from all evenly
        widths = _ratio_reduce(sum(widths) - available, [1] * len(widths), widths, widths)
    elif sum(widths) < available:
        # a table with a width expands its columns in proportion to fill it
        pads = _ratio_distribute(available - sum(widths), widths)
        widths = [w + p for w, p in zip(widths, pads)]
    return widths


def _truncate(text: str, width: int) -> str:
    if len(text) > width:
        return text[: max(width - 1, 0)] + "…"
    return text


def _divide(text: str, width: int, fold: bool) -> list[str]:
    """rich's word wrap: break before a word that does not fit; a word longer than the
    width is folded (fold=True) or put on a line of its own (fold=False)."""
    breaks = []
    offset = 0
    for match in _WORD.finditer(text):
        start, word = match.start(), match.group(0)
        length = len(word.rstrip())
        if width - offset >= length:
            offset += len(word)
        elif length > width:
            if fold:
                chunks = [word[i : i + width] for i in range(0, len(word), width)]
                for i, chunk in enumerate(chunks):
                    if start:
                        breaks.append(start)
                    if i == len(chunks) - 1:
                        offset = len(chunk)
                    else:
                        start += len(chunk)
            else:
                if start:
                    breaks.append(start)
                offset = len(word)
        elif offset and start:
            breaks.append(start)
            offset = len(word)
    bounds = [0, *breaks, len(text)]
    lines = [text[a:b] for a, b in zip(bounds, bounds[1:])]
    # a line's trailing whitespace beyond the width is dropped
    return [_rstrip_end(line, width) for line in lines]


def _rstrip_end(line: str, width: int) -> str:
    excess = len(line) - width
    if excess > 0:
        trailing = len(line) - len(line.rstrip())
        return line[: len(line) - min(trailing, excess)]
    return line


def _cell_lines(text: str, width: int, justify: str) -> list[str]:
    """A table cell's text wrapped to `width` (overflow: ellipsis), justified, padded."""
    width = max(width, 0)
    lines = []
    for line in _divide(text, width, fold=False):
        if justify == "left":
            line = _truncate(line, width).ljust(width)
        else:
            line = _truncate(line.rstrip(), width)
            left = (width - len(line)) // 2 if justify == "center" else width - len(line)
            line = (" " * left + line).ljust(width)
        lines.append(_truncate(line, width))
    return lines


def _rule(widths: list[int], box: tuple) -> str:
    left, fill, divider, right = box
    return left + divider.join(fill * w for w in widths) + right


def _row(cells: list[list[str]], widths: list[int], box: tuple, header: bool) -> list[str]:
    height = max(len(c) for c in cells)
    padded = []
    for lines, width in zip(cells, widths):
        blank = [" " * (width - 2)] * (height - len(lines))
        # rich aligns header cells to the bottom and body cells to the top
        padded.append(blank + lines if header else lines + blank)
    left, _, divider, right = box
    return [left + divider.join(f" {cell[i]} " for cell in padded) + right for i in range(height)]


def _render_table(header, alignment, column_widths, rows, line_length) -> list[str]:
    widths = _table_widths(column_widths, line_length)

    def cells(texts):
        return [_cell_lines(t, w - 2, j) for t, w, j in zip(texts, widths, alignment)]

    lines = [_rule(widths, _TOP)]
    lines += _row(cells(header), widths, _HEAD_ROW, header=True)
    lines.append(_rule(widths, _HEAD_RULE))
    for i, row in enumerate(rows):
        if i:
            lines.append(_rule(widths, _ROW_RULE))
        lines += _row(cells(row), widths, _BODY_ROW, header=False)
    lines.append(_rule(widths, _BOTTOM))
    return lines


def _print_text(text: str, console_width: int) -> list[str]:
    """A line of text as rich prints it: wrapped at the console width, long words folded."""
    return [line[:console_width] for line in _divide(text, console_width, fold=True)]


# -- the summary ------------------------------------------------------------------------
def _layout(model, line_length, positions, show_trainable):
    """(layers, header, alignment, column widths, line length, relevant nodes or None)."""
    from gradflow.keras.models.functional import Functional
    from gradflow.keras.models.sequential import Sequential

    sequential_like = True
    if isinstance(model, Sequential) or not isinstance(model, Functional):
        layers = model.layers
    else:
        layers = model._operations
        sequential_like = _is_sequential_like(model)
    if sequential_like:
        default_length, positions = 88, positions or [0.45, 0.80, 1.0]
        header = ["Layer (type)", "Output Shape", "Param #"]
        alignment = ["left", "left", "right"]
        relevant = None
    else:
        default_length, positions = 108, positions or [0.3, 0.56, 0.74, 1.0]
        header = ["Layer (type)", "Output Shape", "Param #", "Connected to"]
        alignment = ["left", "left", "right", "left"]
        relevant = [n for group in model._nodes_by_depth.values() for n in group]
    if show_trainable:
        default_length += 12
        positions = [p * 0.90 for p in positions] + [1.0]
        header.append("Trainable")
        alignment.append("center")
    default_length = min(default_length, shutil.get_terminal_size().columns - 4)
    line_length = line_length or default_length
    widths = []
    current = 0
    for position in positions:
        width = int(position * line_length) - current
        if width < 4:
            raise ValueError("Insufficient console width to print summary.")
        widths.append(width)
        current += width
    return layers, header, alignment, widths, line_length, relevant


def summary_text(
    model,
    line_length=None,
    positions=None,
    expand_nested=False,
    show_trainable=False,
    layer_range=None,
) -> str:
    """The text `print_summary` prints (arguments as there), ending with a newline."""
    layers, header, alignment, widths, line_length, relevant = _layout(
        model, line_length, positions, show_trainable
    )
    first, last = get_layer_index_bound_by_layer_name(layers, layer_range)
    rows = []
    for layer in layers[first:last]:
        rows.extend(_layer_rows(layer, relevant, show_trainable, expand_nested))
    console_width = _console_width()
    lines = _print_text(f'Model: "{model.name}"', console_width)
    table = _render_table(header, alignment, widths, rows, line_length)
    lines += [line[:console_width] for line in table]
    for text in _param_lines(model):
        lines += _print_text(text, console_width)
    return "".join(line + "\n" for line in lines)


def print_summary(
    model,
    line_length=None,
    positions=None,
    print_fn=None,
    expand_nested=False,
    show_trainable=False,
    layer_range=None,
) -> None:
    """Print a table of the model's layers, output shapes and parameter counts.

    Args:
        model: a Sequential, Functional or subclassed model.
        line_length: the table's width in characters (default: 88, or 108 with the
            'Connected to' column, capped at the terminal width minus 4).
        positions: where each column ends, as fractions of `line_length`
            (default `[0.45, 0.80, 1.0]`, or `[0.3, 0.56, 0.74, 1.0]`).
        print_fn: called once with the whole summary text (default: print to stdout).
        expand_nested: also list the layers of nested models, indented.
        show_trainable: add a 'Trainable' column (Y, N, or - for weightless layers).
        layer_range: two layer names (or regexes): list only the layers from the first
            match of the first to the last match of the second.

    Example:
    >>> from gradflow import keras
    >>> keras.backend.clear_session()
    >>> model = keras.Sequential([keras.Input((4,)), keras.layers.Dense(2)])
    >>> lines = []
    >>> print_summary(model, line_length=40, print_fn=lines.append)
    >>> print(lines[0].splitlines()[-3])
     Total params: 10 (40.00 B)
    """
    text = summary_text(
        model,
        line_length=line_length,
        positions=positions,
        expand_nested=expand_nested,
        show_trainable=show_trainable,
        layer_range=layer_range,
    )
    if print_fn is None:
        sys.stdout.write(text)
        sys.stdout.flush()
    else:
        print_fn(text)
