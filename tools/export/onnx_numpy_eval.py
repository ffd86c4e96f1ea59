"""A small NumPy interpreter for the ONNX graphs the exporter writes.

There is no ONNX runtime for Debian's python3.11 here (onnx 1.12 has no onnx.reference), so the export
tests run visual.onnx / text.onnx, the MLLM graphs and the diffusion UNet and VAE decoder with this to check the
graphs numerically. It covers only the
operators torch 1.13's exporter emits for these models (opset 17) and raises
:class:`UnsupportedOp` for anything else. Float math is float32, like ONNX Runtime on CPU.
"""

from __future__ import annotations

import math
from typing import Dict, Iterable, Optional

import numpy as np
import onnx
from onnx import helper, numpy_helper

try:
    _NP_TYPES = onnx.mapping.TENSOR_TYPE_TO_NP_TYPE
except AttributeError:  # newer onnx
    _NP_TYPES = None


class UnsupportedOp(NotImplementedError):
    pass


def _np_type(onnx_type: int):
    if _NP_TYPES is not None:
        return _NP_TYPES[onnx_type]
    return helper.tensor_dtype_to_np_dtype(onnx_type)


def _axes(axes, rank):
    return [a + rank if a < 0 else a for a in axes]


def _div(a, b):
    if np.issubdtype(a.dtype, np.integer):
        return np.trunc(a / b).astype(a.dtype)
    return (a / b).astype(np.result_type(a, b))


def _reshape(x, shape, allowzero=0):
    shape = [int(s) for s in shape]
    if not allowzero:
        shape = [x.shape[i] if s == 0 else s for i, s in enumerate(shape)]
    return x.reshape(shape)


def _slice(x, starts, ends, axes=None, steps=None):
    rank = x.ndim
    axes = list(range(len(starts))) if axes is None else _axes([int(a) for a in axes], rank)
    steps = [1] * len(starts) if steps is None else [int(s) for s in steps]
    sl = [slice(None)] * rank
    for s, e, a, st in zip(starts, ends, axes, steps):
        dim = x.shape[a]
        s, e = int(s), int(e)
        s = max(-dim - 1, min(s, dim)) if st < 0 else max(-dim, min(s, dim))
        e = max(-dim - 1, min(e, dim))
        if st < 0 and e == -dim - 1:
            e = None
        sl[a] = slice(s, e, st)
    return x[tuple(sl)]


def _layernorm(x, scale, bias=None, axis=-1, epsilon=1e-5, **_):
    axis = axis + x.ndim if axis < 0 else axis
    red = tuple(range(axis, x.ndim))
    mean = x.mean(axis=red, keepdims=True, dtype=np.float32)
    d = x - mean
    var = (d * d).mean(axis=red, keepdims=True, dtype=np.float32)
    y = d / np.sqrt(var + np.float32(epsilon)) * scale
    if bias is not None:
        y = y + bias
    return y.astype(x.dtype)


def _softmax(x, axis=-1, **_):
    m = x.max(axis=axis, keepdims=True)
    e = np.exp(x - m)
    return (e / e.sum(axis=axis, keepdims=True)).astype(x.dtype)


def _conv(x, w, b=None, kernel_shape=None, strides=None, pads=None, dilations=None, group=1, **_):
    k = list(kernel_shape or w.shape[2:])
    strides = list(strides or [1, 1])
    pads = list(pads or [0, 0, 0, 0])
    if x.ndim != 4 or any(d != 1 for d in (dilations or [1, 1])) or group != 1:
        raise UnsupportedOp("Conv other than a 2-D convolution without dilation or groups")
    if any(pads):
        x = np.pad(x, ((0, 0), (0, 0), (pads[0], pads[2]), (pads[1], pads[3])))
    n, c = x.shape[:2]
    (kh, kw), (sh, sw) = k, strides
    windows = np.lib.stride_tricks.sliding_window_view(x, (kh, kw), axis=(2, 3))[:, :, ::sh, ::sw]
    gh, gw = windows.shape[2:4]
    cols = windows.transpose(0, 2, 3, 1, 4, 5).reshape(n, gh * gw, c * kh * kw)
    y = cols @ w.reshape(w.shape[0], -1).T
    if b is not None:
        y = y + b
    return y.reshape(n, gh, gw, -1).transpose(0, 3, 1, 2).astype(x.dtype)


def _instance_norm(x, scale, bias, epsilon=1e-5, **_):
    red = tuple(range(2, x.ndim))
    mean = x.mean(axis=red, keepdims=True, dtype=np.float32)
    d = x - mean
    var = (d * d).mean(axis=red, keepdims=True, dtype=np.float32)
    shape = (1, -1) + (1,) * (x.ndim - 2)
    return (d / np.sqrt(var + np.float32(epsilon)) * scale.reshape(shape) + bias.reshape(shape)).astype(x.dtype)


def _text(v):
    return v.decode() if isinstance(v, bytes) else v


def _resize(x, roi=None, scales=None, sizes=None, mode=b"nearest", coordinate_transformation_mode=b"half_pixel",
            nearest_mode=b"round_prefer_floor", **_):
    if (_text(mode), _text(coordinate_transformation_mode), _text(nearest_mode)) != ("nearest", "asymmetric", "floor"):
        raise UnsupportedOp("Resize other than nearest / asymmetric / floor")
    for axis in range(x.ndim):
        size = x.shape[axis]
        if sizes is not None and len(sizes):
            out = int(sizes[axis])
            scale = np.float32(out) / np.float32(size)
        else:
            scale = np.float32(scales[axis])
            out = int(np.floor(size * scale))
        if out != size:
            index = np.floor(np.arange(out, dtype=np.float32) / scale).astype(np.int64)
            x = np.take(x, np.minimum(index, size - 1), axis=axis)
    return x


def _gemm(a, b, c=None, alpha=1.0, beta=1.0, transA=0, transB=0, **_):
    a = a.T if transA else a
    b = b.T if transB else b
    y = np.float32(alpha) * (a @ b)
    if c is not None:
        y = y + np.float32(beta) * c
    return y.astype(a.dtype)


def _argmax(x, axis=0, keepdims=1, select_last_index=0, **_):
    if select_last_index:
        flipped = np.flip(x, axis=axis)
        y = x.shape[axis] - 1 - np.argmax(flipped, axis=axis)
    else:
        y = np.argmax(x, axis=axis)
    y = y.astype(np.int64)
    return np.expand_dims(y, axis) if keepdims else y


def _clip(x, low=None, high=None):
    if low is not None:
        x = np.maximum(x, low.astype(x.dtype))
    if high is not None:
        x = np.minimum(x, high.astype(x.dtype))
    return x


def _unsqueeze(x, axes):
    out_rank = x.ndim + len(axes)
    for a in sorted(_axes([int(a) for a in axes], out_rank)):
        x = np.expand_dims(x, a)
    return x


def _squeeze(x, axes=None):
    if axes is None:
        return np.squeeze(x)
    return np.squeeze(x, axis=tuple(_axes([int(a) for a in axes], x.ndim)))


def _constant(**attrs):
    if "value" in attrs:
        return numpy_helper.to_array(attrs["value"])
    if "value_float" in attrs:
        return np.array(attrs["value_float"], dtype=np.float32)
    if "value_floats" in attrs:
        return np.array(attrs["value_floats"], dtype=np.float32)
    if "value_int" in attrs:
        return np.array(attrs["value_int"], dtype=np.int64)
    if "value_ints" in attrs:
        return np.array(attrs["value_ints"], dtype=np.int64)
    raise UnsupportedOp("Constant without value/value_float(s)/value_int(s)")


def _constant_of_shape(shape, value=None):
    v = numpy_helper.to_array(value) if value is not None else np.zeros(1, np.float32)
    return np.full([int(s) for s in shape], v.reshape(-1)[0], dtype=v.dtype)


def _shape(x, start=0, end=None):
    return np.array(x.shape[start:end], dtype=np.int64)


def _erf(x):
    return np.vectorize(math.erf, otypes=[np.float64])(x).astype(x.dtype)


def _reduce_mean(x, axes=None, keepdims=1, **_):
    axis = None if axes is None else tuple(int(a) for a in axes)
    return np.mean(x, axis=axis, keepdims=bool(keepdims)).astype(x.dtype)


def _split(x, split=None, axis=0, num_outputs=None, _n_out=1):
    if split is None:
        split = [x.shape[axis] // _n_out] * _n_out
    idx = np.cumsum([int(s) for s in split])[:-1]
    return tuple(np.split(x, idx, axis=axis))


def _pad(x, pads, value=None, axes=None, mode=b"constant"):
    pads = [int(p) for p in pads]
    if _text(mode) != "constant" or axes is not None or any(p < 0 for p in pads):
        raise UnsupportedOp("Pad other than constant padding of every axis")
    fill = 0 if value is None or not np.size(value) else np.asarray(value).reshape(-1)[0]
    return np.pad(x, list(zip(pads[:x.ndim], pads[x.ndim:])), constant_values=fill)


OPS = {
    "Add": lambda a, b: a + b,
    "Sub": lambda a, b: a - b,
    "Mul": lambda a, b: a * b,
    "Div": _div,
    "Pow": lambda a, b: np.power(a, b).astype(a.dtype),
    "Sqrt": np.sqrt,
    "Tanh": np.tanh,
    "Neg": np.negative,
    "Erf": _erf,
    "Cos": np.cos,
    "Sin": np.sin,
    "ReduceMean": _reduce_mean,
    "Sigmoid": lambda x: (1.0 / (1.0 + np.exp(-x))).astype(x.dtype),
    "MatMul": lambda a, b: np.matmul(a, b),
    "Gemm": _gemm,
    "Conv": _conv,
    "InstanceNormalization": _instance_norm,
    "Resize": _resize,
    "Pad": _pad,
    "LayerNormalization": _layernorm,
    "Softmax": _softmax,
    "Transpose": lambda x, perm=None: np.transpose(x, perm),
    "Reshape": _reshape,
    "Flatten": lambda x, axis=1: x.reshape(int(np.prod(x.shape[:axis])), -1),
    "Unsqueeze": _unsqueeze,
    "Squeeze": _squeeze,
    "Concat": lambda *xs, axis: np.concatenate(xs, axis=axis),
    "Slice": _slice,
    "Gather": lambda x, i, axis=0: np.take(x, i.astype(np.int64), axis=axis),
    "Shape": _shape,
    "Cast": lambda x, to: x.astype(_np_type(to)),
    "Constant": _constant,
    "ConstantOfShape": _constant_of_shape,
    "Equal": lambda a, b: np.equal(a, b),
    "Greater": lambda a, b: np.greater(a, b),
    "LessOrEqual": lambda a, b: np.less_equal(a, b),
    "And": lambda a, b: np.logical_and(a, b),
    "Where": lambda c, a, b: np.where(c, a, b),
    "Expand": lambda x, s: np.broadcast_to(x, np.broadcast_shapes(x.shape, tuple(int(v) for v in s))).copy(),
    "Range": lambda s, l, d: np.arange(s, l, d, dtype=np.asarray(s).dtype),
    "ArgMax": _argmax,
    "Clip": _clip,
    "Identity": lambda x: x,
    "Split": _split,
}


def unsupported_ops(model: onnx.ModelProto):
    return sorted({n.op_type for n in model.graph.node if OPS.get(n.op_type) is None})


def run(model, feeds: Dict[str, np.ndarray], outputs: Optional[Iterable[str]] = None) -> Dict[str, np.ndarray]:
    """Evaluate ``model`` (ModelProto or path) on ``feeds``; returns the requested graph outputs."""
    if isinstance(model, str):
        model = onnx.load(model)
    missing = unsupported_ops(model)
    if missing:
        raise UnsupportedOp("unsupported ONNX operator(s): " + ", ".join(missing))
    g = model.graph
    values: Dict[str, np.ndarray] = {t.name: numpy_helper.to_array(t) for t in g.initializer}
    for name, arr in feeds.items():
        values[name] = np.asarray(arr)
    for node in g.node:
        args = [values[n] if n else None for n in node.input]
        while args and args[-1] is None:
            args.pop()
        attrs = {a.name: helper.get_attribute_value(a) for a in node.attribute}
        if node.op_type == "Split":
            attrs["_n_out"] = len(node.output)
        if node.op_type == "Split" and len(args) > 1:
            attrs["split"] = args.pop()
        try:
            res = OPS[node.op_type](*args, **attrs)
        except UnsupportedOp:
            raise
        except Exception as e:  # noqa: BLE001
            raise RuntimeError(f"node {node.name} ({node.op_type}) failed: {e}") from e
        if not isinstance(res, tuple):
            res = (res,)
        for name, r in zip(node.output, res):
            if name:
                values[name] = np.asarray(r)
    wanted = list(outputs) if outputs is not None else [o.name for o in g.output]
    return {n: values[n] for n in wanted}
