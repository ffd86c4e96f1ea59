"""Faster CPU training of ``alphaclip_model`` modules with Debian's PyTorch.

Debian's torch 1.13 does matrix products with the reference BLAS (``BLAS_INFO=generic``), about 20x
slower than its oneDNN convolutions. :func:`use_convolutions` rebinds the forward methods of one model
instance so every linear layer runs as a 1x1 convolution and the attention products as grouped 1-D
convolutions. Parameters, state-dict keys and results stay the same (up to float rounding); the class
definitions -- and therefore the ONNX export, which builds a fresh model -- are untouched.
"""

from __future__ import annotations

import types

import torch
import torch.nn.functional as F

import alphaclip_model as am


def linear(x: torch.Tensor, weight: torch.Tensor, bias=None) -> torch.Tensor:
    shape = x.shape
    y = F.conv2d(x.reshape(-1, shape[-1], 1, 1), weight[:, :, None, None], bias)
    return y.reshape(*shape[:-1], weight.shape[0])


def batched_products(a: torch.Tensor, b: torch.Tensor) -> torch.Tensor:
    """``a @ b.transpose(1, 2)`` for a [G,N,d], b [G,M,d], as one grouped convolution."""
    g, n, d = a.shape
    m = b.shape[1]
    y = F.conv1d(a.transpose(1, 2).reshape(1, g * d, n), b.reshape(g * m, d, 1), groups=g)
    return y.reshape(g, m, n).transpose(1, 2)


def _attention_forward(self, x, mask=None):
    b, n, w = x.shape
    h, d = self.heads, self.head_dim
    q, k, v = linear(x, self.in_proj_weight, self.in_proj_bias).chunk(3, dim=-1)
    q = q.reshape(b, n, h, d).transpose(1, 2).reshape(b * h, n, d) * (d ** -0.5)
    k = k.reshape(b, n, h, d).transpose(1, 2).reshape(b * h, n, d)
    v = v.reshape(b, n, h, d).transpose(1, 2).reshape(b * h, n, d)
    scores = batched_products(q, k)
    if mask is not None:
        scores = scores + mask
    attn = torch.softmax(scores, dim=-1)
    out = batched_products(attn, v.transpose(1, 2).contiguous())
    out = out.reshape(b, h, n, d).transpose(1, 2).reshape(b, n, w)
    return linear(out, self.out_proj.weight, self.out_proj.bias), attn.reshape(b, h, n, n)


def _linear_forward(self, x):
    return linear(x, self.weight, self.bias)


def use_convolutions(model: torch.nn.Module) -> torch.nn.Module:
    for module in model.modules():
        if isinstance(module, am.PackedAttention):
            module.forward = types.MethodType(_attention_forward, module)
        elif isinstance(module, torch.nn.Linear):
            module.forward = types.MethodType(_linear_forward, module)
    return model
