"""Faster CPU training of ``alphaclip_model`` and ``llava_model`` modules with Debian's PyTorch.

Debian's torch 1.13 does matrix products with the reference BLAS (``BLAS_INFO=generic``), about 20x
slower than its oneDNN convolutions. :func:`use_convolutions` rebinds the forward methods of one model
instance so every linear layer runs as a 1x1 convolution and the attention products (CLIP's packed
attention, the Llama decoder's grouped-query attention) as grouped 1-D convolutions. Parameters, state-dict keys and results stay the same (up to float rounding); the class
definitions -- and therefore the ONNX export, which builds a fresh model -- are untouched.
"""

from __future__ import annotations

import types

import torch
import torch.nn.functional as F

import alphaclip_model as am
import llava_model as lm


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


def _llama_attention_forward(self, x, cos, sin, mask_bias, past_key, past_value):
    """llava_model.Attention.forward: the query heads of one key/value head are stacked along the query axis, so
    each key/value head is one group of the convolution (no copies of the keys)."""
    b, t = x.shape[0], x.shape[1]
    d, kv, group = self.head_dim, self.kv_heads, self.heads // self.kv_heads
    q = linear(x, self.q_proj.weight, self.q_proj.bias).reshape(b, t, self.heads, d).transpose(1, 2)
    k = linear(x, self.k_proj.weight, self.k_proj.bias).reshape(b, t, kv, d).transpose(1, 2)
    v = linear(x, self.v_proj.weight, self.v_proj.bias).reshape(b, t, kv, d).transpose(1, 2)
    cos, sin = cos[:, None], sin[:, None]
    q = q * cos + lm.rotate_half(q) * sin
    k = k * cos + lm.rotate_half(k) * sin
    keys = torch.cat((past_key, k), dim=2)                                   # [B, KV, S, D]
    values = torch.cat((past_value, v), dim=2)
    s = keys.shape[2]
    scores = batched_products(q.reshape(b * kv, group * t, d), keys.reshape(b * kv, s, d)) * (d ** -0.5)
    scores = scores.reshape(b, kv, group, t, s) + mask_bias[:, None]
    probs = torch.softmax(scores, dim=-1).reshape(b * kv, group * t, s)
    out = batched_products(probs, values.reshape(b * kv, s, d).transpose(1, 2).contiguous())   # [B*KV, G*T, D]
    out = out.reshape(b, self.heads, t, d).transpose(1, 2).reshape(b, t, self.heads * d)
    return linear(out, self.o_proj.weight, self.o_proj.bias), keys, values


def _linear_forward(self, x):
    return linear(x, self.weight, self.bias)


def use_convolutions(model: torch.nn.Module) -> torch.nn.Module:
    for module in model.modules():
        if isinstance(module, am.PackedAttention):
            module.forward = types.MethodType(_attention_forward, module)
        elif isinstance(module, lm.Attention):
            module.forward = types.MethodType(_llama_attention_forward, module)
        elif isinstance(module, torch.nn.Linear):
            module.forward = types.MethodType(_linear_forward, module)
    return model
