"""BLIP-Diffusion's conditioning in plain PyTorch, written for export to ONNX (the UNet and VAE are
``diffusion_model.py``'s).

Two models, their parameters named as the diffusers checkpoint names its tensors, so
``diffusion_model.fill`` loads them by name:

* :class:`SubjectQFormer` (``qformer/``): the image tokens of the Alpha-CLIP encoder go through the vision
  model's ``post_layernorm`` (BLIP-Diffusion's ``ln_vision``); the learned query tokens, followed by the subject
  text's BERT word + absolute position embeddings, go through the embedding LayerNorm; every BERT-style
  post-norm layer runs self-attention over queries and text together (padding masked with -10000), cross-attention
  from the queries alone to the image tokens (in layers ``i % cross_attention_frequency == 0``), and separate
  feed-forwards for the queries (``intermediate_query``/``output_query``) and the text (``intermediate``/
  ``output``). The queries' output goes through ``proj_layer``: ``x + dense2(quick_gelu(dense1(LayerNorm(x))))``.
* :class:`ContextClipTextModel` (``text_encoder/``): CLIP's text transformer (pre-norm, causal, ``quick_gelu``
  or ``gelu``, final LayerNorm). It is exported as two graphs, the token table (:class:`TokenTable`) and the
  transformer on input embeddings (:class:`TextTransformer`), because the query embeddings are spliced into the
  token embeddings between them (at ``ctx_begin_pos``); the Java pipeline does that splice.

Every size comes from the configs (:meth:`SubjectQFormerConfig.from_config`, :meth:`TextConfig.from_config`).
This file depends on torch only.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Optional

import torch
from torch import nn

from blip2_model import ACTIVATIONS, ConfigError, _activation, _number, _section

# Blip2VisionConfig's default LayerNorm epsilon (the checkpoint's vision_config may set its own).
VISION_EPS = 1e-6
MASKED = -10000.0  # what BERT adds to the scores of padding positions


@dataclass(frozen=True)
class SubjectQFormerConfig:
    """qformer/config.json: a Blip2Config with qformer_config, vision_config and num_query_tokens."""
    hidden_size: int
    layers: int
    heads: int
    intermediate_size: int
    activation: str
    layer_norm_eps: float
    cross_attention_frequency: int
    vision_width: int
    vision_layers: int
    vision_eps: float
    vocab_size: int
    max_positions: int
    pad_id: int
    query_tokens: int

    @property
    def head_dim(self) -> int:
        return self.hidden_size // self.heads

    def has_cross_attention(self, layer: int) -> bool:
        return layer % self.cross_attention_frequency == 0

    @staticmethod
    def from_config(cfg: dict) -> "SubjectQFormerConfig":
        q, v = _section(cfg, "qformer_config"), _section(cfg, "vision_config")
        vision_width = _number(v, "vision_config", "hidden_size", int)
        c = SubjectQFormerConfig(
            hidden_size=_number(q, "qformer_config", "hidden_size", int),
            layers=_number(q, "qformer_config", "num_hidden_layers", int),
            heads=_number(q, "qformer_config", "num_attention_heads", int),
            intermediate_size=_number(q, "qformer_config", "intermediate_size", int),
            activation=_activation("qformer_config.hidden_act", q.get("hidden_act", "gelu")),
            layer_norm_eps=_number(q, "qformer_config", "layer_norm_eps", float, 1e-12),
            cross_attention_frequency=_number(q, "qformer_config", "cross_attention_frequency", int, 1),
            vision_width=vision_width,
            vision_layers=_number(v, "vision_config", "num_hidden_layers", int),
            vision_eps=_number(v, "vision_config", "layer_norm_eps", float, VISION_EPS),
            vocab_size=_number(q, "qformer_config", "vocab_size", int),
            max_positions=_number(q, "qformer_config", "max_position_embeddings", int, 512),
            pad_id=_number(q, "qformer_config", "pad_token_id", int, 0),
            query_tokens=_number(cfg, "", "num_query_tokens", int))
        if c.hidden_size % c.heads:
            raise ConfigError(f"qformer/config.json qformer_config.hidden_size {c.hidden_size} is not a multiple of "
                              f"num_attention_heads {c.heads}")
        encoder_width = q.get("encoder_hidden_size", vision_width)
        if encoder_width != vision_width:
            raise ConfigError(f"qformer/config.json qformer_config.encoder_hidden_size {encoder_width} differs from "
                              f"vision_config.hidden_size {vision_width}")
        if q.get("position_embedding_type", "absolute") != "absolute":
            raise ConfigError("qformer/config.json qformer_config.position_embedding_type must be 'absolute'")
        return c


@dataclass(frozen=True)
class TextConfig:
    """text_encoder/config.json: a CLIPTextConfig."""
    vocab_size: int
    hidden_size: int
    layers: int
    heads: int
    intermediate_size: int
    activation: str
    max_positions: int
    layer_norm_eps: float

    @staticmethod
    def from_config(cfg: dict) -> "TextConfig":
        c = TextConfig(
            vocab_size=_number(cfg, "", "vocab_size", int),
            hidden_size=_number(cfg, "", "hidden_size", int),
            layers=_number(cfg, "", "num_hidden_layers", int),
            heads=_number(cfg, "", "num_attention_heads", int),
            intermediate_size=_number(cfg, "", "intermediate_size", int),
            activation=_activation("hidden_act", cfg.get("hidden_act", "quick_gelu")),
            max_positions=_number(cfg, "", "max_position_embeddings", int, 77),
            layer_norm_eps=_number(cfg, "", "layer_norm_eps", float, 1e-5))
        if c.hidden_size % c.heads:
            raise ConfigError(f"text_encoder/config.json hidden_size {c.hidden_size} is not a multiple of "
                              f"num_attention_heads {c.heads}")
        return c


def _heads(x: torch.Tensor, heads: int) -> torch.Tensor:
    """[B, S, heads * d] -> [B, heads, S, d]."""
    return x.reshape(x.shape[0], x.shape[1], heads, -1).transpose(1, 2)


def _attend(q: torch.Tensor, k: torch.Tensor, v: torch.Tensor, heads: int,
            bias: Optional[torch.Tensor]) -> torch.Tensor:
    """Scaled dot-product attention of [B, S, W] projections; ``bias`` is added to the scores."""
    qh, kh, vh = _heads(q, heads), _heads(k, heads), _heads(v, heads)
    scores = qh @ kh.transpose(-1, -2) / math.sqrt(qh.shape[-1])
    if bias is not None:
        scores = scores + bias
    return (torch.softmax(scores, dim=-1) @ vh).transpose(1, 2).reshape(q.shape)


# ----------------------------------------------------------------------------------------------
# Q-Former with the subject text
# ----------------------------------------------------------------------------------------------

class _Projections(nn.Module):
    def __init__(self, width: int, context_width: int):
        super().__init__()
        self.query = nn.Linear(width, width)
        self.key = nn.Linear(context_width, width)
        self.value = nn.Linear(context_width, width)


class _DenseNorm(nn.Module):
    """``LayerNorm(residual + dense(x))``: BERT's output block."""

    def __init__(self, width_in: int, width: int, eps: float):
        super().__init__()
        self.dense = nn.Linear(width_in, width)
        self.LayerNorm = nn.LayerNorm(width, eps=eps)

    def forward(self, x: torch.Tensor, residual: torch.Tensor) -> torch.Tensor:
        return self.LayerNorm(residual + self.dense(x))


class _BertAttention(nn.Module):
    def __init__(self, c: SubjectQFormerConfig, context_width: int):
        super().__init__()
        self.heads = c.heads
        self.attention = _Projections(c.hidden_size, context_width)
        self.output = _DenseNorm(c.hidden_size, c.hidden_size, c.layer_norm_eps)

    def forward(self, x: torch.Tensor, context: torch.Tensor, bias: Optional[torch.Tensor]) -> torch.Tensor:
        a = self.attention
        return self.output(_attend(a.query(x), a.key(context), a.value(context), self.heads, bias), x)


class _Dense(nn.Module):
    def __init__(self, width_in: int, width_out: int):
        super().__init__()
        self.dense = nn.Linear(width_in, width_out)


class _QFormerLayer(nn.Module):
    def __init__(self, c: SubjectQFormerConfig, index: int):
        super().__init__()
        self.queries = c.query_tokens
        self.act = ACTIVATIONS[c.activation]
        self.attention = _BertAttention(c, c.hidden_size)
        if c.has_cross_attention(index):
            self.crossattention = _BertAttention(c, c.vision_width)
        else:
            self.crossattention = None
        self.intermediate = _Dense(c.hidden_size, c.intermediate_size)
        self.output = _DenseNorm(c.intermediate_size, c.hidden_size, c.layer_norm_eps)
        self.intermediate_query = _Dense(c.hidden_size, c.intermediate_size)
        self.output_query = _DenseNorm(c.intermediate_size, c.hidden_size, c.layer_norm_eps)

    def forward(self, x: torch.Tensor, image: torch.Tensor, bias: torch.Tensor) -> torch.Tensor:
        x = self.attention(x, x, bias)
        queries, text = x[:, :self.queries], x[:, self.queries:]
        if self.crossattention is not None:
            queries = self.crossattention(queries, image, None)
        queries = self.output_query(self.act(self.intermediate_query.dense(queries)), queries)
        text = self.output(self.act(self.intermediate.dense(text)), text)
        return torch.cat([queries, text], dim=1)


class _Encoder(nn.Module):
    def __init__(self, c: SubjectQFormerConfig):
        super().__init__()
        self.layer = nn.ModuleList(_QFormerLayer(c, i) for i in range(c.layers))


class _TextEmbeddings(nn.Module):
    def __init__(self, c: SubjectQFormerConfig):
        super().__init__()
        self.word_embeddings = nn.Embedding(c.vocab_size, c.hidden_size)
        self.position_embeddings = nn.Embedding(c.max_positions, c.hidden_size)
        self.LayerNorm = nn.LayerNorm(c.hidden_size, eps=c.layer_norm_eps)


class _VisionNorm(nn.Module):
    def __init__(self, c: SubjectQFormerConfig):
        super().__init__()
        self.post_layernorm = nn.LayerNorm(c.vision_width, eps=c.vision_eps)


class _ProjLayer(nn.Module):
    """``x + dense2(quick_gelu(dense1(LayerNorm(x))))``, LayerNorm epsilon 1e-12."""

    def __init__(self, width: int):
        super().__init__()
        self.dense1 = nn.Linear(width, 4 * width)
        self.dense2 = nn.Linear(4 * width, width)
        self.LayerNorm = nn.LayerNorm(width, eps=1e-12)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return x + self.dense2(ACTIVATIONS["quick_gelu"](self.dense1(self.LayerNorm(x))))


class SubjectQFormer(nn.Module):
    """(image_tokens [B, N, vision], subject_ids int64 [B, L], subject_mask int64 [B, L]) -> query embeddings
    [B, Q, hidden]. Skip the checkpoint's ``visual_encoder`` tensors other than ``post_layernorm``."""

    SKIPPED = ("visual_encoder.embeddings.", "visual_encoder.pre_layernorm.", "visual_encoder.encoder.",
               "embeddings.position_ids")

    def __init__(self, c: SubjectQFormerConfig):
        super().__init__()
        self.config = c
        self.visual_encoder = _VisionNorm(c)
        self.embeddings = _TextEmbeddings(c)
        self.query_tokens = nn.Parameter(torch.zeros(1, c.query_tokens, c.hidden_size))
        self.encoder = _Encoder(c)
        self.proj_layer = _ProjLayer(c.hidden_size)

    def forward(self, image_tokens: torch.Tensor, subject_ids: torch.Tensor,
                subject_mask: torch.Tensor) -> torch.Tensor:
        image = self.visual_encoder.post_layernorm(image_tokens)
        batch, length = subject_ids.shape
        e = self.embeddings
        positions = torch.arange(length, device=subject_ids.device)
        text = e.word_embeddings(subject_ids) + e.position_embeddings(positions)[None]
        x = e.LayerNorm(torch.cat([self.query_tokens.expand(batch, -1, -1), text], dim=1))
        attended = torch.cat([torch.ones(batch, self.config.query_tokens, dtype=subject_mask.dtype), subject_mask], 1)
        bias = (1.0 - attended.to(x.dtype))[:, None, None, :] * MASKED
        for layer in self.encoder.layer:
            x = layer(x, image, bias)
        return self.proj_layer(x[:, :self.config.query_tokens])


# ----------------------------------------------------------------------------------------------
# CLIP text encoder taking the spliced embeddings
# ----------------------------------------------------------------------------------------------

class _SelfAttention(nn.Module):
    def __init__(self, c: TextConfig):
        super().__init__()
        self.heads = c.heads
        self.q_proj = nn.Linear(c.hidden_size, c.hidden_size)
        self.k_proj = nn.Linear(c.hidden_size, c.hidden_size)
        self.v_proj = nn.Linear(c.hidden_size, c.hidden_size)
        self.out_proj = nn.Linear(c.hidden_size, c.hidden_size)

    def forward(self, x: torch.Tensor, bias: torch.Tensor) -> torch.Tensor:
        return self.out_proj(_attend(self.q_proj(x), self.k_proj(x), self.v_proj(x), self.heads, bias))


class _Mlp(nn.Module):
    def __init__(self, c: TextConfig):
        super().__init__()
        self.act = ACTIVATIONS[c.activation]
        self.fc1 = nn.Linear(c.hidden_size, c.intermediate_size)
        self.fc2 = nn.Linear(c.intermediate_size, c.hidden_size)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return self.fc2(self.act(self.fc1(x)))


class _TextLayer(nn.Module):
    def __init__(self, c: TextConfig):
        super().__init__()
        self.self_attn = _SelfAttention(c)
        self.layer_norm1 = nn.LayerNorm(c.hidden_size, eps=c.layer_norm_eps)
        self.mlp = _Mlp(c)
        self.layer_norm2 = nn.LayerNorm(c.hidden_size, eps=c.layer_norm_eps)

    def forward(self, x: torch.Tensor, bias: torch.Tensor) -> torch.Tensor:
        x = x + self.self_attn(self.layer_norm1(x), bias)
        return x + self.mlp(self.layer_norm2(x))


class _TextEncoderLayers(nn.Module):
    def __init__(self, c: TextConfig):
        super().__init__()
        self.layers = nn.ModuleList(_TextLayer(c) for _ in range(c.layers))


class _ClipTextEmbeddings(nn.Module):
    def __init__(self, c: TextConfig):
        super().__init__()
        self.token_embedding = nn.Embedding(c.vocab_size, c.hidden_size)
        self.position_embedding = nn.Embedding(c.max_positions, c.hidden_size)


class _ClipTextTransformer(nn.Module):
    def __init__(self, c: TextConfig):
        super().__init__()
        self.embeddings = _ClipTextEmbeddings(c)
        self.encoder = _TextEncoderLayers(c)
        self.final_layer_norm = nn.LayerNorm(c.hidden_size, eps=c.layer_norm_eps)


class ContextClipTextModel(nn.Module):
    """The text encoder's parameters as the checkpoint names them (``text_model.*``); :meth:`forward` is the whole
    model: token ids with the query embeddings spliced in at ``ctx_begin_pos`` (or none) -> last hidden state."""

    SKIPPED = ("text_model.embeddings.position_ids",)

    def __init__(self, c: TextConfig):
        super().__init__()
        self.config = c
        self.text_model = _ClipTextTransformer(c)

    def embed(self, input_ids: torch.Tensor) -> torch.Tensor:
        return self.text_model.embeddings.token_embedding(input_ids)

    def transform(self, inputs_embeds: torch.Tensor) -> torch.Tensor:
        """Input embeddings [B, T, W] (T at most max_position_embeddings) -> last hidden state [B, T, W]."""
        t = self.text_model
        length = inputs_embeds.shape[1]
        x = inputs_embeds + t.embeddings.position_embedding(torch.arange(length, device=inputs_embeds.device))[None]
        positions = torch.arange(length, device=x.device)
        later = positions[None, :] > positions[:, None]  # a key after its query: masked with the lowest float
        causal = torch.where(later, torch.tensor(torch.finfo(x.dtype).min, dtype=x.dtype),
                             torch.tensor(0.0, dtype=x.dtype))
        for layer in t.encoder.layers:
            x = layer(x, causal[None, None])
        return t.final_layer_norm(x)

    def forward(self, input_ids: torch.Tensor, ctx_embeddings: Optional[torch.Tensor] = None,
                ctx_begin_pos: int = 2) -> torch.Tensor:
        embeds = self.embed(input_ids)
        if ctx_embeddings is not None:
            embeds = torch.cat([embeds[:, :ctx_begin_pos], ctx_embeddings, embeds[:, ctx_begin_pos:]], dim=1)
        return self.transform(embeds)


class TokenTable(nn.Module):
    """Graph ``text_encoder/token_embedding.onnx``: input_ids int64 [B, S] -> token embeddings [B, S, W]."""

    def __init__(self, model: ContextClipTextModel):
        super().__init__()
        self.model = model

    def forward(self, input_ids: torch.Tensor) -> torch.Tensor:
        return self.model.embed(input_ids)


class TextTransformer(nn.Module):
    """Graph ``text_encoder/model.onnx``: inputs_embeds [B, T, W] -> last_hidden_state [B, T, W]."""

    def __init__(self, model: ContextClipTextModel):
        super().__init__()
        self.model = model

    def forward(self, inputs_embeds: torch.Tensor) -> torch.Tensor:
        return self.model.transform(inputs_embeds)
