"""Point-E's image-grid point diffusion transformers in plain PyTorch, written for export to ONNX.

Our own code, written from the facts of openai/point-e (``CLIPImageGridPointDiffusionTransformer`` and its
upsampler), its parameters named as the official checkpoints name them (``backbone.resblocks.0.attn.c_qkv.weight``,
``clip_embed.0.weight``, ...), so a checkpoint's state dict loads by name:

* the time token: ``[cos(t f), sin(t f)]`` with ``f_j = exp(-ln(10000) j / (W/2))`` (cos first), through
  ``time_embed`` (Linear W->4W, exact GELU, Linear 4W->W);
* the grid tokens: the encoder's grid ``[B, C, L]`` (channel-major, no class token, before ``ln_post``) permuted to
  ``[B, L, C]``, through ``clip_embed`` (LayerNorm over C, Linear C->W);
* for the upsampler, the low-resolution cloud ``[B, 6, M]`` (unscaled: xyz, RGB 0..255) scaled by the
  ``channel_scales`` / ``channel_biases`` buffers and projected by ``cond_point_proj`` (Linear 6->W);
* the points: ``input_proj`` (Linear 6->W) on ``x`` permuted to ``[B, N, 6]``;
* the sequence ``[time, grid, (low res), points]`` through ``ln_pre``, the residual blocks (``x + attn(ln_1 x)``,
  ``x + mlp(ln_2 x)``; attention with ``c_qkv`` split per head into q, k, v, both q and k scaled by
  ``head_dim^-1/4``, no mask), ``ln_post``, the point tokens alone through ``output_proj`` (Linear W->12), permuted
  to ``[B, 12, N]``: channels 0-5 are the noise prediction, 6-11 the variance values the Karras sampler ignores.

All LayerNorms have epsilon 1e-5. This file depends on torch only.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Dict, List, Optional

import torch
import torch.nn.functional as F
from torch import nn

BASE_CLASS = "CLIPImageGridPointDiffusionTransformer"
UPSAMPLER_CLASS = "CLIPImageGridUpsamplePointDiffusionTransformer"


class ConfigError(ValueError):
    """A state dict or config that does not describe a model this code can build."""


@dataclass(frozen=True)
class PointeConfig:
    """The numbers of one transformer; every one of them is read from the checkpoint's tensors."""
    width: int
    layers: int
    heads: int
    points: int              # n_ctx: the points the model denoises
    grid_width: int          # C of the encoder grid [B, C, L]
    grid_tokens: int         # L (used for the FLOP count and the export's example input)
    input_channels: int = 6
    output_channels: int = 12
    low_res_points: int = 0  # upsampler: the points of the cloud it conditions on (0: base model)

    @property
    def upsampler(self) -> bool:
        return self.low_res_points > 0

    @property
    def head_dim(self) -> int:
        return self.width // self.heads

    @property
    def class_name(self) -> str:
        return UPSAMPLER_CLASS if self.upsampler else BASE_CLASS

    @staticmethod
    def from_state_dict(sd: Dict[str, torch.Tensor], heads: int, points: int, grid_tokens: int,
                        low_res_points: int = 0) -> "PointeConfig":
        """Widths and depth from the tensors' shapes; the head count, point counts and grid length are not in the
        tensors and are given (the official configs: 8 heads, 1024 points / 3072 + 1024, a 16 x 16 grid)."""
        try:
            width = sd["ln_pre.weight"].shape[0]
            grid_width = sd["clip_embed.0.weight"].shape[0]
            input_channels = sd["input_proj.weight"].shape[1]
            output_channels = sd["output_proj.weight"].shape[0]
        except KeyError as e:
            raise ConfigError(f"the checkpoint has no {e.args[0]}: not a Point-E image-grid transformer") from None
        layers = 0
        while f"backbone.resblocks.{layers}.attn.c_qkv.weight" in sd:
            layers += 1
        if layers == 0:
            raise ConfigError("the checkpoint has no backbone.resblocks.0: not a Point-E transformer")
        if width % heads:
            raise ConfigError(f"width {width} is not a multiple of {heads} heads")
        if ("cond_point_proj.weight" in sd) != (low_res_points > 0):
            raise ConfigError("a checkpoint with cond_point_proj is an upsampler (give its low-resolution point count); "
                              "one without is a base model")
        return PointeConfig(width, layers, heads, points, grid_width, grid_tokens, input_channels, output_channels,
                            low_res_points)


class _Mlp(nn.Module):
    def __init__(self, width: int):
        super().__init__()
        self.c_fc = nn.Linear(width, 4 * width)
        self.c_proj = nn.Linear(4 * width, width)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return self.c_proj(F.gelu(self.c_fc(x)))


class _Attention(nn.Module):
    def __init__(self, width: int, heads: int):
        super().__init__()
        self.heads = heads
        self.c_qkv = nn.Linear(width, 3 * width)
        self.c_proj = nn.Linear(width, width)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        batch, length, width = x.shape
        qkv = self.c_qkv(x).reshape(batch, length, self.heads, -1)  # per head: q | k | v
        head = width // self.heads
        q, k, v = qkv[..., :head], qkv[..., head:2 * head], qkv[..., 2 * head:]
        scale = 1 / math.sqrt(math.sqrt(head))
        q = (q * scale).permute(0, 2, 1, 3)
        k = (k * scale).permute(0, 2, 3, 1)
        weights = torch.softmax(q @ k, dim=-1)
        out = weights @ v.permute(0, 2, 1, 3)
        return self.c_proj(out.permute(0, 2, 1, 3).reshape(batch, length, width))


class _Block(nn.Module):
    def __init__(self, width: int, heads: int):
        super().__init__()
        self.attn = _Attention(width, heads)
        self.ln_1 = nn.LayerNorm(width)
        self.mlp = _Mlp(width)
        self.ln_2 = nn.LayerNorm(width)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        x = x + self.attn(self.ln_1(x))
        return x + self.mlp(self.ln_2(x))


class _Backbone(nn.Module):
    def __init__(self, c: PointeConfig):
        super().__init__()
        self.resblocks = nn.ModuleList(_Block(c.width, c.heads) for _ in range(c.layers))


def timestep_embedding(t: torch.Tensor, width: int) -> torch.Tensor:
    """[cos(t f), sin(t f)], f_j = exp(-ln(10000) j / half), j < half = width // 2 (a zero column for odd widths)."""
    half = width // 2
    freqs = torch.exp(-math.log(10000) * torch.arange(half, dtype=torch.float32) / half)
    args = t.to(torch.float32)[:, None] * freqs[None]
    emb = torch.cat([torch.cos(args), torch.sin(args)], dim=-1)
    if width % 2:
        emb = torch.cat([emb, torch.zeros_like(emb[:, :1])], dim=-1)
    return emb


class PointTransformer(nn.Module):
    """``(x [B, 6, N], t int64 [B], embeddings [B, C, L][, low_res [B, 6, M]]) -> [B, 12, N]``."""

    def __init__(self, c: PointeConfig, channel_scales: Optional[List[float]] = None,
                 channel_biases: Optional[List[float]] = None):
        super().__init__()
        self.config = c
        self.time_embed = _Mlp(c.width)
        self.ln_pre = nn.LayerNorm(c.width)
        self.backbone = _Backbone(c)
        self.ln_post = nn.LayerNorm(c.width)
        self.input_proj = nn.Linear(c.input_channels, c.width)
        self.output_proj = nn.Linear(c.width, c.output_channels)
        self.clip_embed = nn.Sequential(nn.LayerNorm(c.grid_width), nn.Linear(c.grid_width, c.width))
        if c.upsampler:
            self.cond_point_proj = nn.Linear(c.input_channels, c.width)
            self.register_buffer("channel_scales", torch.tensor(channel_scales or [1.0] * c.input_channels))
            self.register_buffer("channel_biases", torch.tensor(channel_biases or [0.0] * c.input_channels))

    def forward(self, x: torch.Tensor, t: torch.Tensor, embeddings: torch.Tensor,
                low_res: Optional[torch.Tensor] = None) -> torch.Tensor:
        tokens = [self.time_embed(timestep_embedding(t, self.config.width))[:, None],
                  self.clip_embed(embeddings.permute(0, 2, 1))]
        if self.config.upsampler:
            scaled = low_res * self.channel_scales[None, :, None] + self.channel_biases[None, :, None]
            tokens.append(self.cond_point_proj(scaled.permute(0, 2, 1)))
        prefix = sum(tok.shape[1] for tok in tokens)
        h = self.ln_pre(torch.cat(tokens + [self.input_proj(x.permute(0, 2, 1))], dim=1))
        for block in self.backbone.resblocks:
            h = block(h)
        h = self.ln_post(h)[:, prefix:]
        return self.output_proj(h).permute(0, 2, 1)


def flops_per_sample(c: PointeConfig) -> int:
    """Multiply-adds x 2 of one forward of one sample: the linear layers over every token and the two attention
    products (the point tokens' output projection only)."""
    w = c.width
    tokens = 1 + c.grid_tokens + c.low_res_points + c.points
    per_token = c.layers * (3 * w * w + w * w + 8 * w * w)
    attention = c.layers * 2 * tokens * tokens * w
    embed = 8 * w * w + c.grid_tokens * c.grid_width * w + (c.low_res_points + c.points) * c.input_channels * w
    return 2 * (tokens * per_token + attention + embed + c.points * w * c.output_channels)
