"""The language side of LLaVA-1.5 in plain PyTorch, written for export to ONNX.

Three modules, each exported as one graph (see ``export_llava.py`` and ``tools/export/README.md``):

* :class:`Projector`: LLaVA's ``mm_projector`` (``linear`` or ``mlp{N}x_gelu``: Linear, then N-1 times
  exact-erf GELU + Linear), applied to every image token;
* :class:`TokenEmbedding`: the Llama token table (``model.embed_tokens``), ids to embeddings;
* :class:`LlamaDecoder`: the Llama decoder on ``inputs_embeds`` with a key/value cache. It takes the
  embeddings of the new positions, an attention mask over past + new positions, the new positions' ids
  and one past key and value per layer; it returns the next-token logits of the last position and the
  present keys and values (past + new) per layer. An empty past (length 0) recomputes a whole sequence.

Every size comes from the checkpoint's ``config.json`` (:func:`LlamaConfig.from_config`). Computation is
float32: RMSNorm ``x / sqrt(mean(x^2) + eps) * weight``; rotary position embedding on the first and
second halves of each head (``theta`` from the config, default rope type only); grouped-query attention
(query head ``h`` reads key/value head ``h // (heads / kv_heads)``) with scores scaled by
``head_dim^-0.5`` and softmax in float32; MLP ``down(silu(gate(x)) * up(x))``; pre-norm residual blocks,
a final RMSNorm and ``lm_head`` (the token table when the embeddings are tied).

The cached keys are stored after the rotary embedding, so a cached step only rotates the new positions.
This file depends on torch only.
"""

from __future__ import annotations

import re
from dataclasses import asdict, dataclass
from typing import Dict, List, Optional, Tuple

import torch
import torch.nn.functional as F
from torch import nn


class ConfigError(ValueError):
    """config.json or the weights describe a model this code cannot build."""


# ----------------------------------------------------------------------------------------------
# Configuration
# ----------------------------------------------------------------------------------------------

def _field(cfg: dict, key: str, kind, default=None):
    value = cfg.get(key, default)
    if value is None:
        raise ConfigError(f"config.json has no '{key}'")
    if kind is int and (isinstance(value, bool) or not isinstance(value, int)):
        raise ConfigError(f"config.json '{key}' must be a whole number, got {value!r}")
    if kind is float and (isinstance(value, bool) or not isinstance(value, (int, float))):
        raise ConfigError(f"config.json '{key}' must be a number, got {value!r}")
    return kind(value)


def _ids(value, key: str) -> List[int]:
    values = value if isinstance(value, list) else [value]
    if not values or not all(isinstance(v, int) and not isinstance(v, bool) for v in values):
        raise ConfigError(f"config.json '{key}' must be a token id or a list of token ids, got {value!r}")
    return [int(v) for v in values]


def rope_theta(cfg: dict) -> float:
    """The RoPE base: transformers 5 writes ``rope_parameters.rope_theta``, older configs ``rope_theta``."""
    params = cfg.get("rope_parameters") or {}
    scaling = cfg.get("rope_scaling") or {}
    rope_type = params.get("rope_type") or params.get("type") or scaling.get("rope_type") or scaling.get("type") \
        or "default"
    if rope_type != "default":
        raise ConfigError(f"config.json asks for rope type '{rope_type}'; only the default rotary embedding is "
                          "supported")
    theta = params.get("rope_theta", cfg.get("rope_theta", 10000.0))
    if isinstance(theta, bool) or not isinstance(theta, (int, float)) or theta <= 1:
        raise ConfigError(f"config.json rope_theta must be a number above 1, got {theta!r}")
    return float(theta)


@dataclass(frozen=True)
class LlamaConfig:
    """The numbers of a Llama-family decoder, all read from config.json."""

    vocab_size: int
    hidden_size: int
    intermediate_size: int
    layers: int
    heads: int
    kv_heads: int
    head_dim: int
    context_length: int
    rms_norm_eps: float
    rope_theta: float
    attention_bias: bool
    mlp_bias: bool
    tied_embeddings: bool
    bos_id: int
    eos_ids: Tuple[int, ...]
    pad_id: Optional[int]

    @staticmethod
    def from_config(cfg: dict) -> "LlamaConfig":
        act = cfg.get("hidden_act", "silu")
        if act != "silu":
            raise ConfigError(f"config.json hidden_act is '{act}'; a Llama decoder uses 'silu'")
        hidden = _field(cfg, "hidden_size", int)
        heads = _field(cfg, "num_attention_heads", int)
        kv_heads = _field(cfg, "num_key_value_heads", int, heads)
        head_dim = cfg.get("head_dim") or (hidden // heads if heads else 0)
        if not isinstance(head_dim, int) or head_dim <= 0 or head_dim % 2:
            raise ConfigError(f"config.json head_dim must be a positive even number, got {head_dim!r}")
        if heads <= 0 or kv_heads <= 0 or heads % kv_heads:
            raise ConfigError(f"config.json num_attention_heads ({heads}) must be a multiple of "
                              f"num_key_value_heads ({kv_heads})")
        pad = cfg.get("pad_token_id")
        c = LlamaConfig(
            vocab_size=_field(cfg, "vocab_size", int),
            hidden_size=hidden,
            intermediate_size=_field(cfg, "intermediate_size", int),
            layers=_field(cfg, "num_hidden_layers", int),
            heads=heads,
            kv_heads=kv_heads,
            head_dim=int(head_dim),
            context_length=_field(cfg, "max_position_embeddings", int),
            rms_norm_eps=_field(cfg, "rms_norm_eps", float, 1e-6),
            rope_theta=rope_theta(cfg),
            attention_bias=bool(cfg.get("attention_bias", False)),
            mlp_bias=bool(cfg.get("mlp_bias", False)),
            tied_embeddings=bool(cfg.get("tie_word_embeddings", False)),
            bos_id=_ids(_field(cfg, "bos_token_id", int), "bos_token_id")[0],
            eos_ids=tuple(_ids(cfg.get("eos_token_id"), "eos_token_id")),
            pad_id=int(pad) if isinstance(pad, int) and not isinstance(pad, bool) else None)
        for name in ("vocab_size", "hidden_size", "intermediate_size", "layers", "context_length"):
            if getattr(c, name) <= 0:
                raise ConfigError(f"config.json gives {name} {getattr(c, name)}; it must be positive")
        return c

    def to_dict(self) -> dict:
        d = asdict(self)
        d["eos_ids"] = list(self.eos_ids)
        return d


_PROJECTOR_TYPE = re.compile(r"^mlp(\d+)x_gelu$")


def projector_depth(projector_type: str) -> int:
    """Number of Linear layers of an ``mm_projector_type``: ``linear`` 1, ``mlp{N}x_gelu`` N."""
    if projector_type == "linear":
        return 1
    m = _PROJECTOR_TYPE.match(projector_type or "")
    if not m or int(m.group(1)) < 1:
        raise ConfigError(f"config.json mm_projector_type '{projector_type}' is not supported; supported: linear, "
                          "mlp2x_gelu (and other mlpNx_gelu)")
    return int(m.group(1))


# ----------------------------------------------------------------------------------------------
# Modules
# ----------------------------------------------------------------------------------------------

class Linear(nn.Linear):
    """nn.Linear without the random initialisation: every weight comes from the checkpoint, and a 7B model's
    initialisation would cost minutes and touch all its memory before the weights are loaded."""

    def reset_parameters(self) -> None:
        pass


class Projector(nn.Module):
    """Linear, then (exact GELU, Linear) repeated: LLaVA's ``mm_projector`` with its state-dict indices 0, 2, 4, ..."""

    def __init__(self, depth: int, in_width: int, width: int):
        super().__init__()
        layers: List[nn.Module] = [Linear(in_width, width)]
        for _ in range(depth - 1):
            layers += [nn.GELU(), Linear(width, width)]
        self.layers = nn.Sequential(*layers)

    def forward(self, image_features: torch.Tensor) -> torch.Tensor:
        return self.layers(image_features)


class TokenEmbedding(nn.Module):
    """Token ids [B, T] to embeddings [B, T, hidden]."""

    def __init__(self, table: torch.Tensor):
        super().__init__()
        self.weight = nn.Parameter(table, requires_grad=False)

    def forward(self, input_ids: torch.Tensor) -> torch.Tensor:
        return F.embedding(input_ids, self.weight)


class RmsNorm(nn.Module):
    def __init__(self, width: int, eps: float):
        super().__init__()
        self.weight = nn.Parameter(torch.empty(width))
        self.eps = eps

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        variance = x.pow(2).mean(-1, keepdim=True)
        return self.weight * (x * torch.rsqrt(variance + self.eps))


def rotate_half(x: torch.Tensor) -> torch.Tensor:
    half = x.shape[-1] // 2
    return torch.cat((-x[..., half:], x[..., :half]), dim=-1)


class RotaryEmbedding(nn.Module):
    """cos and sin [B, T, head_dim] of the positions: angle = position * theta^(-2i / head_dim), halves repeated."""

    def __init__(self, head_dim: int, theta: float):
        super().__init__()
        exponent = torch.arange(0, head_dim, 2, dtype=torch.int64).float() / head_dim
        self.register_buffer("inv_freq", 1.0 / (theta ** exponent), persistent=False)

    def forward(self, position_ids: torch.Tensor) -> Tuple[torch.Tensor, torch.Tensor]:
        angles = position_ids.float()[:, :, None] * self.inv_freq[None, None, :]
        emb = torch.cat((angles, angles), dim=-1)
        return emb.cos(), emb.sin()


class Attention(nn.Module):
    def __init__(self, c: LlamaConfig):
        super().__init__()
        self.heads, self.kv_heads, self.head_dim = c.heads, c.kv_heads, c.head_dim
        self.q_proj = Linear(c.hidden_size, c.heads * c.head_dim, bias=c.attention_bias)
        self.k_proj = Linear(c.hidden_size, c.kv_heads * c.head_dim, bias=c.attention_bias)
        self.v_proj = Linear(c.hidden_size, c.kv_heads * c.head_dim, bias=c.attention_bias)
        self.o_proj = Linear(c.heads * c.head_dim, c.hidden_size, bias=c.attention_bias)

    def forward(self, x, cos, sin, mask_bias, past_key, past_value):
        b, t = x.shape[0], x.shape[1]
        d, kv, group = self.head_dim, self.kv_heads, self.heads // self.kv_heads
        q = self.q_proj(x).reshape(b, t, self.heads, d).transpose(1, 2)   # [B, H, T, D]
        k = self.k_proj(x).reshape(b, t, kv, d).transpose(1, 2)           # [B, KV, T, D]
        v = self.v_proj(x).reshape(b, t, kv, d).transpose(1, 2)
        cos, sin = cos[:, None], sin[:, None]
        q = q * cos + rotate_half(q) * sin
        k = k * cos + rotate_half(k) * sin
        keys = torch.cat((past_key, k), dim=2)                            # [B, KV, S, D]
        values = torch.cat((past_value, v), dim=2)
        # grouped-query attention without copying the keys: the query heads of one key/value head side by side
        q = q.reshape(b, kv, group, t, d)
        scores = torch.matmul(q, keys[:, :, None].transpose(-1, -2)) * (d ** -0.5)   # [B, KV, G, T, S]
        scores = scores + mask_bias[:, None]
        probs = torch.softmax(scores, dim=-1)
        out = torch.matmul(probs, values[:, :, None])                     # [B, KV, G, T, D]
        out = out.reshape(b, self.heads, t, d).transpose(1, 2).reshape(b, t, self.heads * d)
        return self.o_proj(out), keys, values


class Mlp(nn.Module):
    def __init__(self, c: LlamaConfig):
        super().__init__()
        self.gate_proj = Linear(c.hidden_size, c.intermediate_size, bias=c.mlp_bias)
        self.up_proj = Linear(c.hidden_size, c.intermediate_size, bias=c.mlp_bias)
        self.down_proj = Linear(c.intermediate_size, c.hidden_size, bias=c.mlp_bias)

    def forward(self, x):
        return self.down_proj(F.silu(self.gate_proj(x)) * self.up_proj(x))


class DecoderLayer(nn.Module):
    def __init__(self, c: LlamaConfig):
        super().__init__()
        self.input_layernorm = RmsNorm(c.hidden_size, c.rms_norm_eps)
        self.self_attn = Attention(c)
        self.post_attention_layernorm = RmsNorm(c.hidden_size, c.rms_norm_eps)
        self.mlp = Mlp(c)

    def forward(self, x, cos, sin, mask_bias, past_key, past_value):
        attn, keys, values = self.self_attn(self.input_layernorm(x), cos, sin, mask_bias, past_key, past_value)
        x = x + attn
        x = x + self.mlp(self.post_attention_layernorm(x))
        return x, keys, values


def attention_bias(attention_mask: torch.Tensor, new_positions: int) -> torch.Tensor:
    """[B, 1, T, S] additive mask: 0 where a new position may attend (causal and not masked), float32 min elsewhere.

    ``attention_mask`` [B, S] covers past + new positions (1 = attend); the new positions are its last T.
    """
    total = attention_mask.shape[1]
    key_index = torch.arange(total, dtype=torch.int64)
    query_index = torch.arange(new_positions, dtype=torch.int64) + (total - new_positions)
    allowed = (key_index[None, :] <= query_index[:, None])[None] & (attention_mask[:, None, :] > 0)
    zero = torch.zeros((), dtype=torch.float32)
    blocked = torch.full((), torch.finfo(torch.float32).min, dtype=torch.float32)
    return torch.where(allowed, zero, blocked)[:, None]


class LlamaDecoder(nn.Module):
    """The decoder with a cache: ``forward(inputs_embeds, attention_mask, position_ids, k0, v0, k1, v1, ...)``.

    Returns ``(logits [B, vocab] of the last position, present k0, v0, k1, v1, ...)`` with each present
    ``[B, kv_heads, past + T, head_dim]``. The parameter names follow the checkpoint's (``layers.N....``,
    ``norm``, ``lm_head``) under this module.
    """

    def __init__(self, c: LlamaConfig):
        super().__init__()
        self.config = c
        self.rotary = RotaryEmbedding(c.head_dim, c.rope_theta)
        self.layers = nn.ModuleList([DecoderLayer(c) for _ in range(c.layers)])
        self.norm = RmsNorm(c.hidden_size, c.rms_norm_eps)
        self.lm_head = Linear(c.hidden_size, c.vocab_size, bias=False)

    def forward(self, inputs_embeds, attention_mask, position_ids, *past):
        cos, sin = self.rotary(position_ids)
        mask_bias = attention_bias(attention_mask, inputs_embeds.shape[1])
        x = inputs_embeds
        present = []
        for i, layer in enumerate(self.layers):
            x, keys, values = layer(x, cos, sin, mask_bias, past[2 * i], past[2 * i + 1])
            present += [keys, values]
        logits = self.lm_head(self.norm(x[:, -1]))
        return (logits, *present)

    def empty_cache(self, batch: int) -> List[torch.Tensor]:
        c = self.config
        return [torch.zeros(batch, c.kv_heads, 0, c.head_dim) for _ in range(2 * c.layers)]


# ----------------------------------------------------------------------------------------------
# Weights
# ----------------------------------------------------------------------------------------------

LAYER_KEYS = ["input_layernorm.weight", "post_attention_layernorm.weight",
              "self_attn.q_proj.weight", "self_attn.k_proj.weight", "self_attn.v_proj.weight",
              "self_attn.o_proj.weight", "mlp.gate_proj.weight", "mlp.up_proj.weight", "mlp.down_proj.weight"]
ATTENTION_BIAS_KEYS = ["self_attn.q_proj.bias", "self_attn.k_proj.bias", "self_attn.v_proj.bias",
                       "self_attn.o_proj.bias"]
MLP_BIAS_KEYS = ["mlp.gate_proj.bias", "mlp.up_proj.bias", "mlp.down_proj.bias"]


def decoder_keys(c: LlamaConfig) -> Dict[str, str]:
    """Checkpoint key (original LLaVA layout) -> LlamaDecoder state-dict key, lm_head excluded."""
    per_layer = LAYER_KEYS + (ATTENTION_BIAS_KEYS if c.attention_bias else []) + (MLP_BIAS_KEYS if c.mlp_bias else [])
    keys = {f"model.layers.{i}.{k}": f"layers.{i}.{k}" for i in range(c.layers) for k in per_layer}
    keys["model.norm.weight"] = "norm.weight"
    return keys


def projector_keys(depth: int) -> Dict[str, str]:
    """Checkpoint key -> Projector state-dict key (the Linear layers sit at even indices)."""
    return {f"model.mm_projector.{2 * i}.{p}": f"layers.{2 * i}.{p}" for i in range(depth) for p in ("weight", "bias")}
