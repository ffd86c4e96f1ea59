"""BLIP-2 with a T5 language model (the CLIP-L + FlanT5 variant) in plain PyTorch, written for export to ONNX.

Five modules, each exported as one graph (see ``export_blip2.py`` and ``tools/export/README.md``):

* :class:`VisionBridge`: image tokens -> ``ln_vision`` (LayerNorm) -> Q-Former -> ``language_projection``.
  The Q-Former is BERT-style and post-norm: the learned queries go through the Q-Former's LayerNorm, then
  every layer runs self-attention over the queries, cross-attention from the queries to the image tokens
  (in layers ``i`` with ``i % cross_attention_frequency == 0``) and the query feed-forward; each sub-block
  is ``LayerNorm(x + dense(f(x)))``, attention scores scaled by ``head_dim^-0.5``;
* :class:`TokenEmbedding`: the T5 token table (``shared``), ids to embeddings;
* :class:`T5Encoder`: T5's encoder on ``inputs_embeds`` (the projected queries followed by the prompt);
* :class:`CrossKeyValues`: each decoder layer's cross-attention keys and values of the encoder output,
  computed once per input;
* :class:`T5Decoder`: T5's decoder with a self-attention key/value cache; it returns the next-token logits of
  the last new position and the present keys and values. An empty past recomputes a whole sequence.

T5 facts used: RMS LayerNorm without bias or mean (``x / sqrt(mean(x^2) + eps) * weight``), pre-norm residual
blocks, attention without score scaling, no biases anywhere, feed-forward ``wo(act(wi(x)))`` or gated
``wo(act(wi_0(x)) * wi_1(x))``, a final LayerNorm per stack, and a learned relative position bias per head
from the first layer's ``relative_attention_bias`` (buckets of ``key - query``: bidirectional in the encoder,
causal in the decoder), shared by every layer of its stack. The bias depends only on ``key - query``, which
saturates at ``relative_attention_max_distance``, so the buckets are resolved here once into a table over
``-max_distance .. max_distance`` and the graphs only index it. Before ``lm_head`` the decoder output is
scaled by ``d_model^-0.5`` when the config's ``scale_decoder_outputs`` says so (transformers 5 writes it),
or, for configs without that field, when ``tie_word_embeddings`` is true.

Every size comes from the checkpoint's ``config.json`` (:meth:`Blip2Config.from_config`). This file depends on
torch only.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Dict, List, Tuple

import torch
import torch.nn.functional as F
from torch import nn

# LAVIS builds ln_vision as a LayerNorm with PyTorch's default epsilon.
LN_VISION_EPS = 1e-5


class ConfigError(ValueError):
    """config.json describes a model this code cannot build."""


# ----------------------------------------------------------------------------------------------
# Configuration
# ----------------------------------------------------------------------------------------------

def _section(cfg: dict, key: str) -> dict:
    value = cfg.get(key)
    if not isinstance(value, dict):
        raise ConfigError(f"config.json has no '{key}' object; is this a BLIP-2 checkpoint with a T5 language model?")
    return value


def _number(cfg: dict, where: str, key: str, kind, default=None):
    value = cfg.get(key, default)
    name = f"{where}.{key}" if where else key
    if value is None:
        raise ConfigError(f"config.json has no '{name}'")
    whole = isinstance(value, int) and not isinstance(value, bool)
    if kind is int and not whole:
        raise ConfigError(f"config.json '{name}' must be a whole number, got {value!r}")
    if kind is float and (isinstance(value, bool) or not isinstance(value, (int, float))):
        raise ConfigError(f"config.json '{name}' must be a number, got {value!r}")
    if kind is int and value <= 0 and key not in ("pad_token_id", "eos_token_id", "decoder_start_token_id"):
        raise ConfigError(f"config.json '{name}' must be positive, got {value}")
    return kind(value)


ACTIVATIONS = {
    "gelu": lambda x: F.gelu(x),                          # exact, with erf
    "gelu_new": lambda x: F.gelu(x, approximate="tanh"),  # 0.5 x (1 + tanh(sqrt(2/pi) (x + 0.044715 x^3)))
    "gelu_pytorch_tanh": lambda x: F.gelu(x, approximate="tanh"),
    "relu": F.relu,
    "quick_gelu": lambda x: x * torch.sigmoid(1.702 * x),  # CLIP's
}


def _activation(where: str, name) -> str:
    if name not in ACTIVATIONS:
        raise ConfigError(f"config.json {where} '{name}' is not supported; supported: {', '.join(ACTIVATIONS)}")
    return name


@dataclass(frozen=True)
class QFormerConfig:
    hidden_size: int
    layers: int
    heads: int
    intermediate_size: int
    activation: str
    layer_norm_eps: float
    cross_attention_frequency: int
    encoder_hidden_size: int

    @property
    def head_dim(self) -> int:
        return self.hidden_size // self.heads

    def has_cross_attention(self, layer: int) -> bool:
        return layer % self.cross_attention_frequency == 0


@dataclass(frozen=True)
class T5Config:
    vocab_size: int
    d_model: int
    d_kv: int
    d_ff: int
    heads: int
    encoder_layers: int
    decoder_layers: int
    relative_buckets: int
    relative_max_distance: int
    layer_norm_eps: float
    gated: bool
    activation: str
    scale_decoder_outputs: bool
    decoder_start_id: int
    eos_id: int
    pad_id: int

    @property
    def inner_dim(self) -> int:
        return self.heads * self.d_kv


@dataclass(frozen=True)
class Blip2Config:
    vision_width: int
    query_tokens: int
    qformer: QFormerConfig
    t5: T5Config

    @staticmethod
    def from_config(cfg: dict) -> "Blip2Config":
        q, t = _section(cfg, "qformer_config"), _section(cfg, "text_config")
        if t.get("model_type", "t5") != "t5":
            raise ConfigError(f"config.json text_config.model_type is '{t.get('model_type')}'; only a T5 language "
                              "model is supported (BLIP-2 OPT is not)")
        vision_width = _number(cfg, "", "vision_width", int, q.get("encoder_hidden_size"))
        qformer = QFormerConfig(
            hidden_size=_number(q, "qformer_config", "hidden_size", int),
            layers=_number(q, "qformer_config", "num_hidden_layers", int),
            heads=_number(q, "qformer_config", "num_attention_heads", int),
            intermediate_size=_number(q, "qformer_config", "intermediate_size", int),
            activation=_activation("qformer_config.hidden_act", q.get("hidden_act", "gelu")),
            layer_norm_eps=_number(q, "qformer_config", "layer_norm_eps", float, 1e-12),
            cross_attention_frequency=_number(q, "qformer_config", "cross_attention_frequency", int, 2),
            encoder_hidden_size=_number(q, "qformer_config", "encoder_hidden_size", int, vision_width))
        if qformer.hidden_size % qformer.heads:
            raise ConfigError(f"config.json qformer_config.hidden_size {qformer.hidden_size} is not a multiple of "
                              f"num_attention_heads {qformer.heads}")
        if qformer.encoder_hidden_size != vision_width:
            raise ConfigError(f"config.json qformer_config.encoder_hidden_size {qformer.encoder_hidden_size} differs "
                              f"from vision_width {vision_width}")
        if q.get("use_qformer_text_input"):
            raise ConfigError("config.json qformer_config.use_qformer_text_input is true; text input to the Q-Former "
                              "(InstructBLIP) is not supported")
        gated, activation = _t5_feed_forward(t)
        layers = _number(t, "text_config", "num_layers", int)
        buckets = _number(t, "text_config", "relative_attention_num_buckets", int, 32)
        if buckets < 4 or buckets % 2:
            raise ConfigError(f"config.json text_config.relative_attention_num_buckets must be an even number of at "
                              f"least 4, got {buckets}")
        t5 = T5Config(
            vocab_size=_number(t, "text_config", "vocab_size", int),
            d_model=_number(t, "text_config", "d_model", int),
            d_kv=_number(t, "text_config", "d_kv", int),
            d_ff=_number(t, "text_config", "d_ff", int),
            heads=_number(t, "text_config", "num_heads", int),
            encoder_layers=layers,
            decoder_layers=_number(t, "text_config", "num_decoder_layers", int, layers),
            relative_buckets=buckets,
            relative_max_distance=_number(t, "text_config", "relative_attention_max_distance", int, 128),
            layer_norm_eps=_number(t, "text_config", "layer_norm_epsilon", float, 1e-6),
            gated=gated,
            activation=activation,
            scale_decoder_outputs=bool(t.get("scale_decoder_outputs", t.get("tie_word_embeddings", True))),
            decoder_start_id=_number(t, "text_config", "decoder_start_token_id", int, t.get("pad_token_id", 0)),
            eos_id=_number(t, "text_config", "eos_token_id", int, 1),
            pad_id=_number(t, "text_config", "pad_token_id", int, 0))
        for name in ("decoder_start_id", "eos_id", "pad_id"):
            if not 0 <= getattr(t5, name) < t5.vocab_size:
                raise ConfigError(f"config.json text_config gives {name} {getattr(t5, name)}, outside the vocabulary "
                                  f"of {t5.vocab_size}")
        return Blip2Config(vision_width=vision_width,
                           query_tokens=_number(cfg, "", "num_query_tokens", int),
                           qformer=qformer, t5=t5)


def _t5_feed_forward(t: dict) -> Tuple[bool, str]:
    """(gated, activation) of T5's feed-forward: ``dense_act_fn``/``is_gated_act`` when the config has them,
    else from ``feed_forward_proj`` (``relu``, ``gated-gelu`` = gated ``gelu_new``, ``gated-ACT``)."""
    proj = str(t.get("feed_forward_proj", "relu"))
    parts = proj.split("-")
    if len(parts) > 2 or (len(parts) == 2 and parts[0] != "gated"):
        raise ConfigError(f"config.json text_config.feed_forward_proj '{proj}' is not 'ACT' or 'gated-ACT'")
    gated = bool(t.get("is_gated_act", len(parts) == 2))
    default = "gelu_new" if proj == "gated-gelu" else parts[-1]
    return gated, _activation("text_config.dense_act_fn", t.get("dense_act_fn", default))


# ----------------------------------------------------------------------------------------------
# Vision side: ln_vision, Q-Former, language projection
# ----------------------------------------------------------------------------------------------

def _heads(x: torch.Tensor, heads: int, d_kv: int) -> torch.Tensor:
    """[B, S, heads * d_kv] -> [B, heads, S, d_kv]."""
    return x.reshape(x.shape[0], x.shape[1], heads, d_kv).transpose(1, 2)


class QFormerAttention(nn.Module):
    """BERT attention with its output block: ``LayerNorm(x + dense(attention(x, context)))``."""

    def __init__(self, c: QFormerConfig, context_width: int):
        super().__init__()
        self.heads, self.head_dim = c.heads, c.head_dim
        self.query = nn.Linear(c.hidden_size, c.hidden_size)
        self.key = nn.Linear(context_width, c.hidden_size)
        self.value = nn.Linear(context_width, c.hidden_size)
        self.dense = nn.Linear(c.hidden_size, c.hidden_size)
        self.norm = nn.LayerNorm(c.hidden_size, eps=c.layer_norm_eps)

    def forward(self, x: torch.Tensor, context: torch.Tensor) -> torch.Tensor:
        q, k, v = (_heads(f(y), self.heads, self.head_dim)
                   for f, y in ((self.query, x), (self.key, context), (self.value, context)))
        weights = torch.softmax(q @ k.transpose(-1, -2) / math.sqrt(self.head_dim), dim=-1)
        attended = (weights @ v).transpose(1, 2).reshape(x.shape)
        return self.norm(x + self.dense(attended))


class QFormerLayer(nn.Module):
    def __init__(self, c: QFormerConfig, index: int):
        super().__init__()
        self.self_attention = QFormerAttention(c, c.hidden_size)
        self.cross_attention = QFormerAttention(c, c.encoder_hidden_size) if c.has_cross_attention(index) else None
        self.intermediate = nn.Linear(c.hidden_size, c.intermediate_size)
        self.output = nn.Linear(c.intermediate_size, c.hidden_size)
        self.output_norm = nn.LayerNorm(c.hidden_size, eps=c.layer_norm_eps)
        self.act = ACTIVATIONS[c.activation]

    def forward(self, queries: torch.Tensor, image: torch.Tensor) -> torch.Tensor:
        queries = self.self_attention(queries, queries)
        if self.cross_attention is not None:
            queries = self.cross_attention(queries, image)
        return self.output_norm(queries + self.output(self.act(self.intermediate(queries))))


class VisionBridge(nn.Module):
    """Image tokens [B, N, vision_width] -> (ln_vision output, Q-Former output [B, Q, H], T5 inputs [B, Q, d_model])."""

    def __init__(self, c: Blip2Config):
        super().__init__()
        q = c.qformer
        self.ln_vision = nn.LayerNorm(c.vision_width, eps=LN_VISION_EPS)
        self.query_tokens = nn.Parameter(torch.zeros(1, c.query_tokens, q.hidden_size))
        self.query_norm = nn.LayerNorm(q.hidden_size, eps=q.layer_norm_eps)
        self.layers = nn.ModuleList(QFormerLayer(q, i) for i in range(q.layers))
        self.language_projection = nn.Linear(q.hidden_size, c.t5.d_model)

    def forward(self, image_tokens: torch.Tensor) -> Tuple[torch.Tensor, torch.Tensor, torch.Tensor]:
        image = self.ln_vision(image_tokens)
        queries = self.query_norm(self.query_tokens.expand(image_tokens.shape[0], -1, -1))
        for layer in self.layers:
            queries = layer(queries, image)
        return image, queries, self.language_projection(queries)


def vision_bridge_keys(c: Blip2Config) -> Dict[str, str]:
    """Checkpoint key (transformers' Blip2ForConditionalGeneration layout) -> VisionBridge parameter."""
    keys = {"query_tokens": "query_tokens", "qformer.layernorm.weight": "query_norm.weight",
            "qformer.layernorm.bias": "query_norm.bias"}
    for name in ("ln_vision", "language_projection"):
        keys.update({f"{name}.{p}": f"{name}.{p}" for p in ("weight", "bias")})
    for i in range(c.qformer.layers):
        src, dst = f"qformer.encoder.layer.{i}.", f"layers.{i}."
        blocks = [("attention", "self_attention")]
        if c.qformer.has_cross_attention(i):
            blocks.append(("crossattention", "cross_attention"))
        for block, ours in blocks:
            for lin in ("query", "key", "value"):
                keys.update({f"{src}{block}.attention.{lin}.{p}": f"{dst}{ours}.{lin}.{p}" for p in ("weight", "bias")})
            for p in ("weight", "bias"):
                keys[f"{src}{block}.output.dense.{p}"] = f"{dst}{ours}.dense.{p}"
                keys[f"{src}{block}.output.LayerNorm.{p}"] = f"{dst}{ours}.norm.{p}"
        for p in ("weight", "bias"):
            keys[f"{src}intermediate_query.dense.{p}"] = f"{dst}intermediate.{p}"
            keys[f"{src}output_query.dense.{p}"] = f"{dst}output.{p}"
            keys[f"{src}output_query.LayerNorm.{p}"] = f"{dst}output_norm.{p}"
    return keys


# ----------------------------------------------------------------------------------------------
# T5
# ----------------------------------------------------------------------------------------------

def relative_position_bucket(relative: torch.Tensor, bidirectional: bool, buckets: int,
                             max_distance: int) -> torch.Tensor:
    """T5's bucket of ``key - query``: half the buckets exact small distances, the rest logarithmic up to
    ``max_distance`` (then the last bucket); bidirectional splits the buckets between the two signs."""
    bucket = torch.zeros_like(relative)
    if bidirectional:
        buckets //= 2
        bucket = bucket + (relative > 0).to(relative.dtype) * buckets
        distance = relative.abs()
    else:
        distance = (-relative).clamp(min=0)
    exact = buckets // 2
    scaled = torch.log(distance.float() / exact) / math.log(max_distance / exact) * (buckets - exact)
    far = torch.clamp(exact + scaled.to(relative.dtype), max=buckets - 1)
    return bucket + torch.where(distance < exact, distance, far)


def position_bias_table(bias_weight: torch.Tensor, c: T5Config, bidirectional: bool) -> torch.Tensor:
    """[2 * max_distance + 1, heads]: the bias of each ``key - query`` in ``-max_distance .. max_distance``;
    farther offsets share the end rows (their buckets are saturated)."""
    d = c.relative_max_distance
    offsets = torch.arange(-d, d + 1, dtype=torch.int64)
    return bias_weight[relative_position_bucket(offsets, bidirectional, c.relative_buckets, d)].clone()


class T5LayerNorm(nn.Module):
    def __init__(self, width: int, eps: float):
        super().__init__()
        self.weight = nn.Parameter(torch.ones(width))
        self.eps = eps

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return self.weight * (x * torch.rsqrt(x.pow(2).mean(-1, keepdim=True) + self.eps))


def _attend(heads: int, d_kv: int, queries: torch.Tensor, keys: torch.Tensor, values: torch.Tensor,
            bias: torch.Tensor) -> torch.Tensor:
    """softmax(q k^T + bias) v without score scaling; queries [B, T, heads * d_kv], keys/values [B, heads, S, d_kv]."""
    b, t, _ = queries.shape
    q = queries.reshape(b, t, heads, d_kv).transpose(1, 2)
    weights = torch.softmax(q @ keys.transpose(-1, -2) + bias, dim=-1)
    return (weights @ values).transpose(1, 2).reshape(b, t, heads * d_kv)


class T5SelfAttention(nn.Module):
    """T5 self-attention (no biases, no score scaling); ``bias`` is added to the scores. Returns the output and
    this call's keys and values [B, heads, T, d_kv]."""

    def __init__(self, c: T5Config):
        super().__init__()
        self.heads, self.d_kv = c.heads, c.d_kv
        self.q = nn.Linear(c.d_model, c.inner_dim, bias=False)
        self.k = nn.Linear(c.d_model, c.inner_dim, bias=False)
        self.v = nn.Linear(c.d_model, c.inner_dim, bias=False)
        self.o = nn.Linear(c.inner_dim, c.d_model, bias=False)

    def forward(self, x, bias, past_key=None, past_value=None):
        key, value = _heads(self.k(x), self.heads, self.d_kv), _heads(self.v(x), self.heads, self.d_kv)
        if past_key is not None:
            key, value = torch.cat([past_key, key], dim=2), torch.cat([past_value, value], dim=2)
        return self.o(_attend(self.heads, self.d_kv, self.q(x), key, value, bias)), key, value


class T5CrossAttention(nn.Module):
    """The decoder's attention to the encoder output, on keys and values from :class:`CrossKeyValues`."""

    def __init__(self, c: T5Config):
        super().__init__()
        self.heads, self.d_kv = c.heads, c.d_kv
        self.q = nn.Linear(c.d_model, c.inner_dim, bias=False)
        self.o = nn.Linear(c.inner_dim, c.d_model, bias=False)

    def forward(self, x, key, value, mask):
        return self.o(_attend(self.heads, self.d_kv, self.q(x), key, value, mask))


class T5FeedForward(nn.Module):
    def __init__(self, c: T5Config):
        super().__init__()
        self.wi = nn.Linear(c.d_model, c.d_ff, bias=False)
        self.wi_linear = nn.Linear(c.d_model, c.d_ff, bias=False) if c.gated else None
        self.wo = nn.Linear(c.d_ff, c.d_model, bias=False)
        self.act = ACTIVATIONS[c.activation]

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        hidden = self.act(self.wi(x))
        if self.wi_linear is not None:
            hidden = hidden * self.wi_linear(x)
        return self.wo(hidden)


def _masked(mask: torch.Tensor) -> torch.Tensor:
    """Additive attention mask [B, 1, 1, S] from a 0/1 mask [B, S]."""
    return (1.0 - mask[:, None, None, :].float()) * torch.finfo(torch.float32).min


class T5EncoderLayer(nn.Module):
    def __init__(self, c: T5Config):
        super().__init__()
        self.attention_norm = T5LayerNorm(c.d_model, c.layer_norm_eps)
        self.attention = T5SelfAttention(c)
        self.feed_forward_norm = T5LayerNorm(c.d_model, c.layer_norm_eps)
        self.feed_forward = T5FeedForward(c)

    def forward(self, x: torch.Tensor, bias: torch.Tensor) -> torch.Tensor:
        x = x + self.attention(self.attention_norm(x), bias)[0]
        return x + self.feed_forward(self.feed_forward_norm(x))


class T5Encoder(nn.Module):
    """(inputs_embeds [B, S, d_model], attention_mask int64 [B, S]) -> last_hidden_state [B, S, d_model]."""

    def __init__(self, c: T5Config):
        super().__init__()
        self.max_distance = c.relative_max_distance
        self.position_bias = nn.Parameter(torch.zeros(2 * c.relative_max_distance + 1, c.heads))
        self.layers = nn.ModuleList(T5EncoderLayer(c) for _ in range(c.encoder_layers))
        self.final_norm = T5LayerNorm(c.d_model, c.layer_norm_eps)

    def forward(self, inputs_embeds: torch.Tensor, attention_mask: torch.Tensor) -> torch.Tensor:
        positions = torch.arange(inputs_embeds.shape[1], dtype=torch.int64)
        offsets = torch.clamp(positions[None, :] - positions[:, None], -self.max_distance, self.max_distance)
        bias = self.position_bias[offsets + self.max_distance].permute(2, 0, 1)[None] + _masked(attention_mask)
        x = inputs_embeds
        for layer in self.layers:
            x = layer(x, bias)
        return self.final_norm(x)


class CrossKeyValues(nn.Module):
    """encoder_hidden_states [B, S, d_model] -> per decoder layer the cross-attention keys and values
    [B, heads, S, d_kv], in the order key 0, value 0, key 1, ..."""

    def __init__(self, c: T5Config):
        super().__init__()
        self.keys = nn.ModuleList(nn.Linear(c.d_model, c.inner_dim, bias=False) for _ in range(c.decoder_layers))
        self.values = nn.ModuleList(nn.Linear(c.d_model, c.inner_dim, bias=False) for _ in range(c.decoder_layers))
        self.heads, self.d_kv = c.heads, c.d_kv

    def forward(self, encoder_hidden_states: torch.Tensor) -> Tuple[torch.Tensor, ...]:
        out = []
        for k, v in zip(self.keys, self.values):
            out += [_heads(k(encoder_hidden_states), self.heads, self.d_kv),
                    _heads(v(encoder_hidden_states), self.heads, self.d_kv)]
        return tuple(out)


class T5DecoderLayer(nn.Module):
    """Self-attention over past + new positions, cross-attention on precomputed keys/values, feed-forward.
    The cross-attention's ``k`` and ``v`` live in :class:`CrossKeyValues`."""

    def __init__(self, c: T5Config):
        super().__init__()
        self.self_norm = T5LayerNorm(c.d_model, c.layer_norm_eps)
        self.self_attention = T5SelfAttention(c)
        self.cross_norm = T5LayerNorm(c.d_model, c.layer_norm_eps)
        self.cross_attention = T5CrossAttention(c)
        self.feed_forward_norm = T5LayerNorm(c.d_model, c.layer_norm_eps)
        self.feed_forward = T5FeedForward(c)

    def forward(self, x, self_bias, cross_mask, past_key, past_value, cross_key, cross_value):
        attended, key, value = self.self_attention(self.self_norm(x), self_bias, past_key, past_value)
        x = x + attended
        x = x + self.cross_attention(self.cross_norm(x), cross_key, cross_value, cross_mask)
        return x + self.feed_forward(self.feed_forward_norm(x)), key, value


class T5Decoder(nn.Module):
    """One decoder call on T new positions after P cached ones.

    Inputs: inputs_embeds [B, T, d_model], encoder_attention_mask int64 [B, S], then per layer the past
    self-attention key and value [B, heads, P, d_kv], then per layer the cross-attention key and value
    [B, heads, S, d_kv]. Outputs: logits of the last new position [B, vocab], then per layer the present key
    and value [B, heads, P + T, d_kv]. The new positions are P .. P + T - 1 (P read from the past's shape).
    """

    def __init__(self, c: T5Config):
        super().__init__()
        self.config = c
        self.position_bias = nn.Parameter(torch.zeros(c.relative_max_distance + 1, c.heads))
        self.layers = nn.ModuleList(T5DecoderLayer(c) for _ in range(c.decoder_layers))
        self.final_norm = T5LayerNorm(c.d_model, c.layer_norm_eps)
        self.lm_head = nn.Linear(c.d_model, c.vocab_size, bias=False)
        self.output_scale = c.d_model ** -0.5 if c.scale_decoder_outputs else 1.0

    def forward(self, inputs_embeds, encoder_attention_mask, *caches):
        n = len(self.layers)
        past, cross = caches[:2 * n], caches[2 * n:]
        past_length, new = past[0].shape[2], inputs_embeds.shape[1]
        keys = torch.arange(past_length + new, dtype=torch.int64)
        queries = keys[past_length:]
        relative = keys[None, :] - queries[:, None]
        d = self.config.relative_max_distance
        bias = self.position_bias[torch.clamp(relative, -d, 0) + d].permute(2, 0, 1)[None]
        bias = bias + (relative > 0).float() * torch.finfo(torch.float32).min
        cross_mask = _masked(encoder_attention_mask)
        x = inputs_embeds
        present: List[torch.Tensor] = []
        for i, layer in enumerate(self.layers):
            x, key, value = layer(x, bias, cross_mask, past[2 * i], past[2 * i + 1], cross[2 * i], cross[2 * i + 1])
            present += [key, value]
        last = self.final_norm(x[:, -1])
        if self.output_scale != 1.0:
            last = last * self.output_scale
        return (self.lm_head(last), *present)


class TokenEmbedding(nn.Module):
    """input_ids int64 [B, T] -> inputs_embeds [B, T, d_model] (T5's ``shared`` table; T5 does not scale it)."""

    def __init__(self, table: torch.Tensor):
        super().__init__()
        self.table = nn.Parameter(table, requires_grad=False)

    def forward(self, input_ids: torch.Tensor) -> torch.Tensor:
        return self.table[input_ids]


def _t5_block_keys(prefix: str, dst: str, has_cross: bool, gated: bool) -> Dict[str, str]:
    keys = {f"{prefix}layer.0.layer_norm.weight": (f"{dst}attention_norm.weight" if not has_cross
                                                    else f"{dst}self_norm.weight")}
    attention = "attention" if not has_cross else "self_attention"
    for p in "qkvo":
        keys[f"{prefix}layer.0.SelfAttention.{p}.weight"] = f"{dst}{attention}.{p}.weight"
    ff = 1
    if has_cross:
        keys[f"{prefix}layer.1.layer_norm.weight"] = f"{dst}cross_norm.weight"
        for p in "qo":
            keys[f"{prefix}layer.1.EncDecAttention.{p}.weight"] = f"{dst}cross_attention.{p}.weight"
        ff = 2
    keys[f"{prefix}layer.{ff}.layer_norm.weight"] = f"{dst}feed_forward_norm.weight"
    dense = f"{prefix}layer.{ff}.DenseReluDense."
    if gated:
        keys[dense + "wi_0.weight"] = f"{dst}feed_forward.wi.weight"
        keys[dense + "wi_1.weight"] = f"{dst}feed_forward.wi_linear.weight"
    else:
        keys[dense + "wi.weight"] = f"{dst}feed_forward.wi.weight"
    keys[dense + "wo.weight"] = f"{dst}feed_forward.wo.weight"
    return keys


def encoder_keys(c: T5Config) -> Dict[str, str]:
    """Checkpoint key (``language_model.encoder.*``) -> T5Encoder parameter (the bias table is derived)."""
    keys = {"language_model.encoder.final_layer_norm.weight": "final_norm.weight"}
    for i in range(c.encoder_layers):
        keys.update(_t5_block_keys(f"language_model.encoder.block.{i}.", f"layers.{i}.", False, c.gated))
    return keys


def decoder_keys(c: T5Config) -> Dict[str, str]:
    """Checkpoint key (``language_model.decoder.*``) -> T5Decoder parameter (bias table and lm_head apart)."""
    keys = {"language_model.decoder.final_layer_norm.weight": "final_norm.weight"}
    for i in range(c.decoder_layers):
        keys.update(_t5_block_keys(f"language_model.decoder.block.{i}.", f"layers.{i}.", True, c.gated))
    return keys


def cross_key_value_keys(c: T5Config) -> Dict[str, str]:
    """Checkpoint key -> CrossKeyValues parameter: each decoder layer's ``EncDecAttention.k`` and ``.v``."""
    keys = {}
    for i in range(c.decoder_layers):
        src = f"language_model.decoder.block.{i}.layer.1.EncDecAttention."
        keys[src + "k.weight"] = f"keys.{i}.weight"
        keys[src + "v.weight"] = f"values.{i}.weight"
    return keys


ENCODER_BIAS_KEY = "language_model.encoder.block.0.layer.0.SelfAttention.relative_attention_bias.weight"
DECODER_BIAS_KEY = "language_model.decoder.block.0.layer.0.SelfAttention.relative_attention_bias.weight"
TOKEN_TABLE_KEY = "language_model.shared.weight"
LM_HEAD_KEY = "language_model.lm_head.weight"


@dataclass
class Blip2Modules:
    """The five exported modules, in float32, built from one checkpoint."""

    config: Blip2Config
    vision: VisionBridge
    embedding: TokenEmbedding
    encoder: T5Encoder
    cross: CrossKeyValues
    decoder: T5Decoder
    lm_head_source: str          # the checkpoint key lm_head was read from
