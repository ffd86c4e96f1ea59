"""Stable Diffusion's denoising UNet and the AutoencoderKL decoder in plain PyTorch, written for export to ONNX.

Two modules, built from a diffusers-format checkpoint folder's ``config.json`` files and filled from its weight
files under diffusers' own state-dict key names (see ``export_diffusion.py`` and ``tools/export/README.md``):

* :class:`UNet2DCondition`: ``UNet2DConditionModel`` of the SD v1 family (also SD 2.x: linear projections and a
  head count per block). ``forward(sample, timestep, encoder_hidden_states)`` gives the noise prediction.
  Sinusoidal timestep embedding of width ``block_out_channels[0]`` (frequencies ``exp(-ln(10000) i / (half -
  freq_shift))``, ``cos`` first when ``flip_sin_to_cos``), the time MLP ``linear_1``, activation, ``linear_2``;
  ``conv_in``; down blocks (``CrossAttnDownBlock2D``: a ResNet block then a spatial transformer per layer;
  ``DownBlock2D``: ResNet blocks only; a stride-2 convolution after every block but the last), every layer's output
  and every downsampled output kept as a skip; the mid block (ResNet, transformer, ResNet); up blocks (``UpBlock2D``,
  ``CrossAttnUpBlock2D``) with ``layers_per_block + 1`` layers that each concatenate the latest skip on the channel
  axis, then a nearest 2x upsampling to the next skip's size and a 3x3 convolution; GroupNorm, activation,
  ``conv_out``.
  ResNet block: GroupNorm, activation, 3x3 conv, plus ``time_emb_proj(act(temb))`` per channel, GroupNorm,
  activation, 3x3 conv, plus the input (through a 1x1 ``conv_shortcut`` when the widths differ).
  Spatial transformer (``Transformer2DModel``): GroupNorm (eps 1e-6), ``proj_in`` (1x1 conv, or a Linear after
  flattening when ``use_linear_projection``), per token ``BasicTransformerBlock``s (LayerNorm, self-attention;
  LayerNorm, cross-attention on ``encoder_hidden_states``; LayerNorm, GEGLU feed-forward of 4x width), ``proj_out``
  and the input added. The config's ``attention_head_dim`` is the number of heads (diffusers' historical naming);
  a head is ``channels // heads`` wide and scores are scaled by its width^-0.5.
* :class:`VAEDecoder`: ``AutoencoderKL.decode`` without any scaling of the latents: ``post_quant_conv`` (1x1),
  decoder ``conv_in``, mid block (ResNet, single-head self-attention with GroupNorm and a residual, ResNet), up
  blocks (``UpDecoderBlock2D``: ``layers_per_block + 1`` ResNet blocks, then upsampling but after the last), GroupNorm,
  SiLU, ``conv_out``. The VAE's GroupNorms use eps 1e-6.

Every size and option comes from ``config.json`` (:meth:`UNetConfig.from_config`, :meth:`VAEConfig.from_config`)
with diffusers' defaults for keys a file leaves out; options this code does not implement are refused with a
one-line :class:`ConfigError` naming the field. :func:`load_unet` and :func:`load_vae_decoder` read the weights
(``diffusion_pytorch_model.safetensors``, shards with ``diffusion_pytorch_model.safetensors.index.json``, or
``diffusion_pytorch_model.bin``) and refuse missing, unexpected and misshapen tensors. Computation is float32.
"""

from __future__ import annotations

import math
import os
import re
from dataclasses import dataclass
from typing import Callable, Dict, List, Optional, Sequence, Tuple, Union

import torch
import torch.nn.functional as F
from torch import nn

import mllm_checkpoint as mc
from export_alphaclip import ExportError
from llava_model import Linear


class ConfigError(ExportError):
    """A config.json or a weight file describes a model this code cannot build (one line, naming the field)."""


ACTIVATIONS = {"silu": nn.SiLU, "swish": nn.SiLU, "mish": nn.Mish, "gelu": nn.GELU, "relu": nn.ReLU}
DOWN_BLOCKS = ("CrossAttnDownBlock2D", "DownBlock2D")
UP_BLOCKS = ("UpBlock2D", "CrossAttnUpBlock2D")
MID_BLOCKS = ("UNetMidBlock2DCrossAttn", None)
VAE_UP_BLOCKS = ("UpDecoderBlock2D",)
DEFAULT_SCALING_FACTOR = 0.18215

# diffusers' weight file names in a model folder (unet/, vae/).
DIFFUSERS_WEIGHTS = mc.WeightLayout(
    ("diffusion_pytorch_model.safetensors.index.json", "diffusion_pytorch_model.bin.index.json"),
    ("diffusion_pytorch_model.safetensors", "diffusion_pytorch_model.bin"),
    "diffusion_pytorch_model.safetensors, shards with diffusion_pytorch_model.safetensors.index.json, or "
    "diffusion_pytorch_model.bin")


# ----------------------------------------------------------------------------------------------
# Configuration
# ----------------------------------------------------------------------------------------------

_MISSING = object()


class _Fields:
    """Typed reads of one config.json: a key the file leaves out takes diffusers' default; a wrong value is a
    ConfigError that names the file and the field."""

    def __init__(self, cfg: dict, where: str):
        self.cfg, self.where = cfg, where

    def _fail(self, key: str, what: str, value) -> ConfigError:
        return ConfigError(f"{self.where} '{key}' must be {what}, got {value!r}")

    def raw(self, key: str, default=None):
        return self.cfg.get(key, default)

    def whole(self, key: str, default=_MISSING, minimum: int = 0) -> int:
        value = self.cfg.get(key, default)
        if value is _MISSING:
            raise ConfigError(f"{self.where} has no '{key}'")
        if isinstance(value, bool) or not isinstance(value, int) or value < minimum:
            raise self._fail(key, f"a whole number >= {minimum}", value)
        return value

    def number(self, key: str, default) -> float:
        value = self.cfg.get(key, default)
        if isinstance(value, bool) or not isinstance(value, (int, float)) or not math.isfinite(value):
            raise self._fail(key, "a number", value)
        return float(value)

    def flag(self, key: str, default: bool) -> bool:
        value = self.cfg.get(key, default)
        if not isinstance(value, bool):
            raise self._fail(key, "true or false", value)
        return value

    def per_block(self, key: str, default, blocks: int, minimum: int = 1) -> List[int]:
        """A whole number for every block, or a list of one per block."""
        value = self.cfg.get(key, default)
        values = value if isinstance(value, list) else [value] * blocks
        if len(values) != blocks or any(isinstance(v, bool) or not isinstance(v, int) or v < minimum
                                        for v in values):
            raise self._fail(key, f"a whole number >= {minimum} or a list of {blocks}", value)
        return list(values)

    def channels(self, default: List[int], blocks: Optional[int] = None) -> Tuple[List[int], int]:
        """block_out_channels (a list of ``blocks`` widths, or as many as given) and norm_num_groups, which must
        divide every one."""
        given = self.cfg.get("block_out_channels", default)
        if not isinstance(given, list) or not given:
            raise self._fail("block_out_channels", "a list of whole numbers", given)
        channels = self.per_block("block_out_channels", default, len(given) if blocks is None else blocks)
        groups = self.whole("norm_num_groups", 32, minimum=1)
        if any(c % groups for c in channels):
            raise ConfigError(f"{self.where} 'block_out_channels' {channels} are not all divisible by "
                              f"'norm_num_groups' {groups}")
        return channels, groups

    def names(self, key: str, default, allowed: Sequence[Optional[str]]) -> List[str]:
        value = self.cfg.get(key, default)
        if not isinstance(value, list) or not value:
            raise self._fail(key, "a list of block types", value)
        for name in value:
            if not isinstance(name, str) or self.strip(name) not in allowed:
                raise ConfigError(f"{self.where} '{key}' has block type {name!r}, which is not supported "
                                  f"(supported: {', '.join(a for a in allowed if a)})")
        return [self.strip(n) for n in value]

    @staticmethod
    def strip(name: str) -> str:
        return name[len("UNetRes"):] if name.startswith("UNetRes") else name  # diffusers' old prefix

    def only(self, key: str, default, allowed: Sequence):
        """A value of an option this code implements only some settings of (``allowed``)."""
        value = self.cfg.get(key, default)
        if not any(value is a or (type(value) is type(a) and value == a) for a in allowed):
            shown = ", ".join("null" if a is None else repr(a).lower() if isinstance(a, bool) else repr(a)
                              for a in allowed)
            raise ConfigError(f"{self.where} '{key}' = {value!r} is not supported (supported: {shown})")
        return value

    def activation(self, key: str, default: Optional[str], optional: bool = False) -> Optional[str]:
        value = self.cfg.get(key, default)
        if value is None and optional:
            return None
        if not isinstance(value, str) or value.lower() not in ACTIVATIONS:
            raise ConfigError(f"{self.where} '{key}' = {value!r} is not supported (supported: "
                              f"{', '.join(ACTIVATIONS)}{', null' if optional else ''})")
        return value.lower()

    def class_name(self, expected: str) -> None:
        name = self.cfg.get("_class_name", expected)
        if name != expected:
            raise ConfigError(f"{self.where} '_class_name' is {name!r}; only {expected} is supported")


@dataclass
class UNetConfig:
    in_channels: int
    out_channels: int
    sample_size: Union[int, List[int]]
    center_input_sample: bool
    flip_sin_to_cos: bool
    freq_shift: float
    down_block_types: List[str]
    mid_block_type: Optional[str]
    up_block_types: List[str]
    block_out_channels: List[int]
    layers_per_block: List[int]
    transformer_layers_per_block: List[int]
    heads: List[int]                 # config.json's attention_head_dim: heads per block (diffusers' naming)
    cross_attention_dim: int
    use_linear_projection: bool
    downsample_padding: int
    mid_block_scale_factor: float
    act_fn: str
    norm_num_groups: int
    norm_eps: float
    time_embed_dim: int
    time_embedding_act_fn: Optional[str]
    timestep_post_act: Optional[str]
    conv_in_kernel: int
    conv_out_kernel: int

    @property
    def num_upsamplers(self) -> int:
        return len(self.block_out_channels) - 1

    @classmethod
    def from_config(cls, cfg: dict, where: str = "unet/config.json") -> "UNetConfig":
        f = _Fields(cfg, where)
        f.class_name("UNet2DConditionModel")
        # what UNet2DConditionModel can do and this code does not: refused with the field named
        if cfg.get("num_attention_heads") is not None:
            raise ConfigError(f"{where} sets 'num_attention_heads', which diffusers' UNet2DConditionModel refuses too "
                              "(the head count per block is 'attention_head_dim')")
        for key in ("class_embed_type", "num_class_embeds", "addition_embed_type", "encoder_hid_dim",
                    "encoder_hid_dim_type", "time_cond_proj_dim", "cross_attention_norm",
                    "reverse_transformer_layers_per_block"):
            f.only(key, None, (None,))
        for key in ("dual_cross_attention", "resnet_skip_time_act", "class_embeddings_concat"):
            f.only(key, False, (False,))
        f.only("mid_block_only_cross_attention", None, (None, False))
        f.only("resnet_time_scale_shift", "default", ("default",))
        f.only("time_embedding_type", "positional", ("positional",))
        f.only("attention_type", "default", ("default",))
        f.flag("upcast_attention", False)  # float32 throughout: upcasting changes nothing

        down = f.names("down_block_types", ["CrossAttnDownBlock2D"] * 3 + ["DownBlock2D"], DOWN_BLOCKS)
        up = f.names("up_block_types", ["UpBlock2D"] + ["CrossAttnUpBlock2D"] * 3, UP_BLOCKS)
        mid = f.only("mid_block_type", "UNetMidBlock2DCrossAttn", MID_BLOCKS)
        n = len(down)
        channels, groups = f.channels([320, 640, 1280, 1280], n)
        if len(up) != n:
            raise ConfigError(f"{where} has {n} down_block_types but {len(up)} up_block_types")
        only_cross = cfg.get("only_cross_attention", False)
        if only_cross is not False and not (isinstance(only_cross, list) and not any(only_cross)):
            raise ConfigError(f"{where} 'only_cross_attention' = {only_cross!r} is not supported (supported: false)")
        cross = cfg.get("cross_attention_dim", 1280)
        crosses = cross if isinstance(cross, list) else [cross]
        if not crosses or any(isinstance(c, bool) or not isinstance(c, int) or c < 1 for c in crosses) \
                or len(set(crosses)) != 1:
            raise ConfigError(f"{where} 'cross_attention_dim' must be a whole number (or one repeated per block), got "
                              f"{cross!r}")
        transformer_layers = cfg.get("transformer_layers_per_block", 1)
        if isinstance(transformer_layers, list) and any(isinstance(t, list) for t in transformer_layers):
            raise ConfigError(f"{where} 'transformer_layers_per_block' with a list per block is not supported")
        sample_size = cfg.get("sample_size")
        if not (isinstance(sample_size, int) and not isinstance(sample_size, bool) and sample_size > 0) and not (
                isinstance(sample_size, list) and len(sample_size) == 2
                and all(isinstance(s, int) and not isinstance(s, bool) and s > 0 for s in sample_size)):
            raise ConfigError(f"{where} 'sample_size' must be a whole number (or [height, width]), got {sample_size!r}")
        kernels = [f.whole(k, 3, minimum=1) for k in ("conv_in_kernel", "conv_out_kernel")]
        if any(k % 2 == 0 for k in kernels):
            raise ConfigError(f"{where} 'conv_in_kernel' and 'conv_out_kernel' must be odd, got {kernels}")
        time_embed_dim = cfg.get("time_embedding_dim")
        if time_embed_dim is None:
            time_embed_dim = channels[0] * 4
        else:
            time_embed_dim = f.whole("time_embedding_dim", minimum=1)
        return cls(
            in_channels=f.whole("in_channels", 4, minimum=1),
            out_channels=f.whole("out_channels", 4, minimum=1),
            sample_size=sample_size,
            center_input_sample=f.flag("center_input_sample", False),
            flip_sin_to_cos=f.flag("flip_sin_to_cos", True),
            freq_shift=f.number("freq_shift", 0),
            down_block_types=down, mid_block_type=mid, up_block_types=up,
            block_out_channels=channels,
            layers_per_block=f.per_block("layers_per_block", 2, n),
            transformer_layers_per_block=f.per_block("transformer_layers_per_block", 1, n),
            heads=f.per_block("attention_head_dim", 8, n),
            cross_attention_dim=crosses[0],
            use_linear_projection=f.flag("use_linear_projection", False),
            downsample_padding=f.whole("downsample_padding", 1),
            mid_block_scale_factor=f.number("mid_block_scale_factor", 1),
            act_fn=f.activation("act_fn", "silu"),
            norm_num_groups=groups,
            norm_eps=f.number("norm_eps", 1e-5),
            time_embed_dim=time_embed_dim,
            time_embedding_act_fn=f.activation("time_embedding_act_fn", None, optional=True),
            timestep_post_act=f.activation("timestep_post_act", None, optional=True),
            conv_in_kernel=kernels[0], conv_out_kernel=kernels[1])


@dataclass
class VAEConfig:
    latent_channels: int
    out_channels: int
    block_out_channels: List[int]
    layers_per_block: int
    norm_num_groups: int
    act_fn: str
    up_block_count: int
    use_post_quant_conv: bool
    mid_block_add_attention: bool
    scaling_factor: float

    @property
    def scale_factor(self) -> int:
        """Image pixels per latent pixel along each side."""
        return 2 ** (len(self.block_out_channels) - 1)

    @classmethod
    def from_config(cls, cfg: dict, where: str = "vae/config.json") -> "VAEConfig":
        f = _Fields(cfg, where)
        f.class_name("AutoencoderKL")
        for key in ("shift_factor", "latents_mean", "latents_std"):
            f.only(key, None, (None,))  # latent normalisations a runtime would have to apply (SD3, SDXL variants)
        channels, groups = f.channels([64])
        up = f.names("up_block_types", ["UpDecoderBlock2D"], VAE_UP_BLOCKS)
        if len(up) != len(channels):
            raise ConfigError(f"{where} has {len(channels)} block_out_channels but {len(up)} up_block_types")
        return cls(latent_channels=f.whole("latent_channels", 4, minimum=1),
                   out_channels=f.whole("out_channels", 3, minimum=1),
                   block_out_channels=channels,
                   layers_per_block=f.whole("layers_per_block", 1, minimum=1),
                   norm_num_groups=groups,
                   act_fn=f.activation("act_fn", "silu"),
                   up_block_count=len(up),
                   use_post_quant_conv=f.flag("use_post_quant_conv", True),
                   mid_block_add_attention=f.flag("mid_block_add_attention", True),
                   scaling_factor=f.number("scaling_factor", DEFAULT_SCALING_FACTOR))


# ----------------------------------------------------------------------------------------------
# Building blocks (attribute names are diffusers' state-dict key names)
# ----------------------------------------------------------------------------------------------

class Conv2d(nn.Conv2d):
    """nn.Conv2d without the random initialisation: every weight comes from the checkpoint."""

    def reset_parameters(self) -> None:
        pass


def conv(c_in: int, c_out: int, kernel: int, stride: int = 1, padding: Optional[int] = None) -> Conv2d:
    return Conv2d(c_in, c_out, kernel, stride=stride, padding=(kernel - 1) // 2 if padding is None else padding)


def activation(name: str) -> nn.Module:
    return ACTIVATIONS[name]()


class ResnetBlock(nn.Module):
    """diffusers' ResnetBlock2D with the "default" time embedding (added after the first convolution)."""

    def __init__(self, c_in: int, c_out: int, temb: Optional[int], groups: int, eps: float, act: str,
                 output_scale: float = 1.0):
        super().__init__()
        self.norm1 = nn.GroupNorm(groups, c_in, eps=eps)
        self.conv1 = conv(c_in, c_out, 3)
        self.time_emb_proj = Linear(temb, c_out) if temb else None
        self.norm2 = nn.GroupNorm(groups, c_out, eps=eps)
        self.conv2 = conv(c_out, c_out, 3)
        self.conv_shortcut = conv(c_in, c_out, 1) if c_in != c_out else None
        self.act = activation(act)
        self.output_scale = output_scale

    def forward(self, x: torch.Tensor, temb: Optional[torch.Tensor] = None) -> torch.Tensor:
        h = self.conv1(self.act(self.norm1(x)))
        if self.time_emb_proj is not None:
            h = h + self.time_emb_proj(self.act(temb))[:, :, None, None]
        h = self.conv2(self.act(self.norm2(h)))
        skip = x if self.conv_shortcut is None else self.conv_shortcut(x)
        out = skip + h
        return out if self.output_scale == 1 else out / self.output_scale


class Attention(nn.Module):
    """Multi-head scaled dot-product attention with diffusers' projections to_q, to_k, to_v and to_out.0."""

    def __init__(self, dim: int, heads: int, head_dim: int, context_dim: Optional[int] = None, bias: bool = False):
        super().__init__()
        inner = heads * head_dim
        self.to_q = Linear(dim, inner, bias=bias)
        self.to_k = Linear(context_dim or dim, inner, bias=bias)
        self.to_v = Linear(context_dim or dim, inner, bias=bias)
        self.to_out = nn.ModuleList([Linear(inner, dim)])
        self.heads, self.head_dim = heads, head_dim
        self.scale = head_dim ** -0.5

    def _split(self, x: torch.Tensor, batch) -> torch.Tensor:
        return x.reshape(batch, -1, self.heads, self.head_dim).transpose(1, 2)

    def attend(self, x: torch.Tensor, context: torch.Tensor) -> torch.Tensor:
        """x [B, N, dim] attends to context [B, M, context_dim]."""
        b = x.shape[0]
        q, k, v = self._split(self.to_q(x), b), self._split(self.to_k(context), b), self._split(self.to_v(context), b)
        weights = torch.softmax(torch.matmul(q, k.transpose(-1, -2)) * self.scale, dim=-1)
        out = torch.matmul(weights, v).transpose(1, 2).reshape(b, -1, self.heads * self.head_dim)
        return self.to_out[0](out)

    def forward(self, x: torch.Tensor, context: Optional[torch.Tensor] = None) -> torch.Tensor:
        return self.attend(x, x if context is None else context)


class GEGLU(nn.Module):
    """Linear to twice the width, then the first half times GELU (exact) of the second."""

    def __init__(self, dim: int, inner: int):
        super().__init__()
        self.proj = Linear(dim, 2 * inner)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        value, gate = self.proj(x).chunk(2, dim=-1)
        return value * F.gelu(gate)


class FeedForward(nn.Module):
    """GEGLU to 4x the width and back; ``net.1`` (dropout in diffusers) holds no weights."""

    def __init__(self, dim: int, mult: int = 4):
        super().__init__()
        self.net = nn.ModuleList([GEGLU(dim, dim * mult), nn.Identity(), Linear(dim * mult, dim)])

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return self.net[2](self.net[0](x))


class TransformerBlock(nn.Module):
    """BasicTransformerBlock: pre-LayerNorm self-attention, cross-attention and feed-forward, each residual."""

    def __init__(self, dim: int, heads: int, head_dim: int, context_dim: int):
        super().__init__()
        self.norm1 = nn.LayerNorm(dim)
        self.attn1 = Attention(dim, heads, head_dim)
        self.norm2 = nn.LayerNorm(dim)
        self.attn2 = Attention(dim, heads, head_dim, context_dim)
        self.norm3 = nn.LayerNorm(dim)
        self.ff = FeedForward(dim)

    def forward(self, x: torch.Tensor, context: torch.Tensor) -> torch.Tensor:
        x = self.attn1(self.norm1(x)) + x
        x = self.attn2(self.norm2(x), context) + x
        return self.ff(self.norm3(x)) + x


class SpatialTransformer(nn.Module):
    """Transformer2DModel on a feature map: every pixel a token, conditioned on the context tokens."""

    def __init__(self, channels: int, heads: int, context_dim: int, layers: int, groups: int, linear: bool):
        super().__init__()
        head_dim = channels // heads
        inner = heads * head_dim
        self.linear = linear
        self.norm = nn.GroupNorm(groups, channels, eps=1e-6)
        self.proj_in = Linear(channels, inner) if linear else conv(channels, inner, 1)
        self.transformer_blocks = nn.ModuleList(
            [TransformerBlock(inner, heads, head_dim, context_dim) for _ in range(layers)])
        self.proj_out = Linear(inner, channels) if linear else conv(inner, channels, 1)

    def forward(self, x: torch.Tensor, context: torch.Tensor) -> torch.Tensor:
        b, _, h, w = x.shape
        y = self.norm(x)
        if not self.linear:
            y = self.proj_in(y)
        y = y.permute(0, 2, 3, 1).reshape(b, -1, y.shape[1])
        if self.linear:
            y = self.proj_in(y)
        for block in self.transformer_blocks:
            y = block(y, context)
        if self.linear:
            y = self.proj_out(y)
        y = y.reshape(b, h, w, y.shape[-1]).permute(0, 3, 1, 2)
        if not self.linear:
            y = self.proj_out(y)
        return y + x


class SpatialSelfAttention(Attention):
    """The VAE's mid-block attention: GroupNorm, one head over all pixels (with biases), the input added."""

    def __init__(self, channels: int, groups: int, eps: float):
        super().__init__(channels, 1, channels, bias=True)
        self.group_norm = nn.GroupNorm(groups, channels, eps=eps)

    def forward(self, x: torch.Tensor, context: Optional[torch.Tensor] = None) -> torch.Tensor:
        b, c, h, w = x.shape
        y = self.group_norm(x).reshape(b, c, -1).transpose(1, 2)
        y = self.attend(y, y).transpose(1, 2).reshape(b, c, h, w)
        return y + x


class Downsample(nn.Module):
    """3x3 convolution with stride 2 (padding 0 pads right and bottom by one first, as diffusers does)."""

    def __init__(self, channels: int, padding: int):
        super().__init__()
        self.padding = padding
        self.conv = conv(channels, channels, 3, stride=2, padding=padding)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        if self.padding == 0:
            x = F.pad(x, (0, 1, 0, 1))
        return self.conv(x)


class Upsample(nn.Module):
    """Nearest-neighbour upsampling (to ``size``, else 2x), then a 3x3 convolution."""

    def __init__(self, channels: int):
        super().__init__()
        self.conv = conv(channels, channels, 3)

    def forward(self, x: torch.Tensor, size=None) -> torch.Tensor:
        if size is None:
            x = F.interpolate(x, scale_factor=2.0, mode="nearest")
        else:
            x = F.interpolate(x, size=size, mode="nearest")
        return self.conv(x)


class DownBlock(nn.Module):
    """CrossAttnDownBlock2D (with ``transformer``) or DownBlock2D; returns the output and its skips."""

    def __init__(self, c_in: int, c_out: int, layers: int, resnet: Callable[[int, int], ResnetBlock],
                 transformer: Optional[Callable[[], SpatialTransformer]], downsample_padding: Optional[int]):
        super().__init__()
        self.resnets = nn.ModuleList([resnet(c_in if j == 0 else c_out, c_out) for j in range(layers)])
        self.attentions = nn.ModuleList([transformer() for _ in range(layers)]) if transformer else None
        self.downsamplers = (nn.ModuleList([Downsample(c_out, downsample_padding)])
                             if downsample_padding is not None else None)

    def forward(self, x, temb, context):
        skips = []
        for j, resnet in enumerate(self.resnets):
            x = resnet(x, temb)
            if self.attentions is not None:
                x = self.attentions[j](x, context)
            skips.append(x)
        if self.downsamplers is not None:
            x = self.downsamplers[0](x)
            skips.append(x)
        return x, skips


class UpBlock(nn.Module):
    """CrossAttnUpBlock2D / UpBlock2D (each layer takes the latest skip), or the VAE's UpDecoderBlock2D (no skips)."""

    def __init__(self, first_in: int, c_out: int, skip_channels: List[int], resnet: Callable[[int, int], ResnetBlock],
                 transformer: Optional[Callable[[], SpatialTransformer]], upsample: bool):
        super().__init__()
        self.resnets = nn.ModuleList([resnet((first_in if j == 0 else c_out) + skip, c_out)
                                      for j, skip in enumerate(skip_channels)])
        self.attentions = nn.ModuleList([transformer() for _ in skip_channels]) if transformer else None
        self.upsamplers = nn.ModuleList([Upsample(c_out)]) if upsample else None

    def forward(self, x, temb=None, context=None, skips: Optional[List[torch.Tensor]] = None, size=None):
        for j, resnet in enumerate(self.resnets):
            if skips is not None:
                x = torch.cat([x, skips.pop()], dim=1)
            x = resnet(x, temb)
            if self.attentions is not None:
                x = self.attentions[j](x, context)
        if self.upsamplers is not None:
            x = self.upsamplers[0](x, size)
        return x


class MidBlock(nn.Module):
    """ResNet block, then (attention, ResNet block): UNetMidBlock2DCrossAttn, or the VAE's UNetMidBlock2D."""

    def __init__(self, channels: int, resnet: Callable[[int, int], ResnetBlock],
                 attention: Optional[Callable[[], nn.Module]]):
        super().__init__()
        self.resnets = nn.ModuleList([resnet(channels, channels), resnet(channels, channels)])
        self.attentions = nn.ModuleList([attention()]) if attention else None

    def forward(self, x, temb=None, context=None):
        x = self.resnets[0](x, temb)
        if self.attentions is not None:
            x = self.attentions[0](x, context)
        return self.resnets[1](x, temb)


class TimestepEmbedding(nn.Module):
    """Sinusoidal embedding of the (fractional) timesteps, then diffusers' time MLP (linear_1, act, linear_2)."""

    def __init__(self, width: int, out: int, flip_sin_to_cos: bool, freq_shift: float, act: str,
                 post_act: Optional[str]):
        super().__init__()
        half = width // 2
        exponent = -math.log(10000) * torch.arange(0, half, dtype=torch.float32)
        self.register_buffer("freqs", torch.exp(exponent / (half - freq_shift)), persistent=False)
        self.width, self.flip = width, flip_sin_to_cos
        self.linear_1 = Linear(width, out)
        self.act = activation(act)
        self.linear_2 = Linear(out, out)
        self.post_act = activation(post_act) if post_act else None

    def sinusoidal(self, timesteps: torch.Tensor) -> torch.Tensor:
        angles = timesteps[:, None].float() * self.freqs[None, :]
        parts = [torch.cos(angles), torch.sin(angles)] if self.flip else [torch.sin(angles), torch.cos(angles)]
        emb = torch.cat(parts, dim=-1)
        return F.pad(emb, (0, 1, 0, 0)) if self.width % 2 else emb

    def forward(self, timesteps: torch.Tensor) -> torch.Tensor:
        emb = self.linear_2(self.act(self.linear_1(self.sinusoidal(timesteps))))
        return emb if self.post_act is None else self.post_act(emb)


# ----------------------------------------------------------------------------------------------
# The two models
# ----------------------------------------------------------------------------------------------

class UNet2DCondition(nn.Module):
    """UNet2DConditionModel: (sample [B,C,H,W], timestep [B] or [1], encoder_hidden_states [B,S,D]) -> [B,C',H,W]."""

    def __init__(self, c: UNetConfig):
        super().__init__()
        self.config = c
        ch, temb = c.block_out_channels, c.time_embed_dim
        self.conv_in = conv(c.in_channels, ch[0], c.conv_in_kernel)
        self.time_embedding = TimestepEmbedding(ch[0], temb, c.flip_sin_to_cos, c.freq_shift, c.act_fn,
                                                c.timestep_post_act)
        self.time_embed_act = activation(c.time_embedding_act_fn) if c.time_embedding_act_fn else None

        def resnet(scale: float = 1.0):
            return lambda c_in, c_out: ResnetBlock(c_in, c_out, temb, c.norm_num_groups, c.norm_eps, c.act_fn, scale)

        def transformer(channels: int, heads: int, layers: int):
            return lambda: SpatialTransformer(channels, heads, c.cross_attention_dim, layers, c.norm_num_groups,
                                              c.use_linear_projection)

        n = len(ch)
        self.down_blocks = nn.ModuleList()
        for i, kind in enumerate(c.down_block_types):
            attn = transformer(ch[i], c.heads[i], c.transformer_layers_per_block[i]) \
                if kind == "CrossAttnDownBlock2D" else None
            self.down_blocks.append(DownBlock(ch[max(i - 1, 0)], ch[i], c.layers_per_block[i], resnet(), attn,
                                              c.downsample_padding if i < n - 1 else None))
        self.mid_block = None
        if c.mid_block_type is not None:
            self.mid_block = MidBlock(ch[-1], resnet(c.mid_block_scale_factor),
                                      transformer(ch[-1], c.heads[-1], c.transformer_layers_per_block[-1]))
        rch, rheads = ch[::-1], c.heads[::-1]
        rlayers, rtransformer = c.layers_per_block[::-1], c.transformer_layers_per_block[::-1]
        self.up_blocks = nn.ModuleList()
        for i, kind in enumerate(c.up_block_types):
            layers = rlayers[i] + 1
            skip_in = rch[min(i + 1, n - 1)]
            skips = [rch[i]] * (layers - 1) + [skip_in]
            attn = transformer(rch[i], rheads[i], rtransformer[i]) if kind == "CrossAttnUpBlock2D" else None
            self.up_blocks.append(UpBlock(rch[max(i - 1, 0)], rch[i], skips, resnet(), attn, i < n - 1))
        self.conv_norm_out = nn.GroupNorm(c.norm_num_groups, ch[0], eps=c.norm_eps)
        self.conv_act = activation(c.act_fn)
        self.conv_out = conv(ch[0], c.out_channels, c.conv_out_kernel)

    def forward(self, sample: torch.Tensor, timestep: torch.Tensor,
                encoder_hidden_states: torch.Tensor) -> torch.Tensor:
        if timestep.dim() == 0:
            timestep = timestep[None]
        temb = self.time_embedding(timestep.expand(sample.shape[0]))  # one timestep serves the whole batch
        if self.time_embed_act is not None:
            temb = self.time_embed_act(temb)
        if self.config.center_input_sample:
            sample = 2 * sample - 1.0
        x = self.conv_in(sample)
        skips = [x]
        for block in self.down_blocks:
            x, block_skips = block(x, temb, encoder_hidden_states)
            skips += block_skips
        if self.mid_block is not None:
            x = self.mid_block(x, temb, encoder_hidden_states)
        for block in self.up_blocks:
            own = skips[len(skips) - len(block.resnets):]
            del skips[len(skips) - len(block.resnets):]
            # upsample to the size of the skip the next block takes first: 2x, or the odd size it was downsampled from
            size = skips[-1].shape[-2:] if block.upsamplers is not None else None
            x = block(x, temb, encoder_hidden_states, own, size)
        return self.conv_out(self.conv_act(self.conv_norm_out(x)))


class Decoder(nn.Module):
    """AutoencoderKL's decoder (``decoder.*``)."""

    def __init__(self, c: VAEConfig):
        super().__init__()
        ch = c.block_out_channels
        eps = 1e-6

        def resnet(c_in, c_out):
            return ResnetBlock(c_in, c_out, None, c.norm_num_groups, eps, c.act_fn)

        self.conv_in = conv(c.latent_channels, ch[-1], 3)
        self.mid_block = MidBlock(ch[-1], resnet, (lambda: SpatialSelfAttention(ch[-1], c.norm_num_groups, eps))
                                  if c.mid_block_add_attention else None)
        rch = ch[::-1]
        self.up_blocks = nn.ModuleList(
            [UpBlock(rch[max(i - 1, 0)], rch[i], [0] * (c.layers_per_block + 1), resnet, None, i < len(ch) - 1)
             for i in range(c.up_block_count)])
        self.conv_norm_out = nn.GroupNorm(c.norm_num_groups, ch[0], eps=eps)
        self.conv_act = nn.SiLU()
        self.conv_out = conv(ch[0], c.out_channels, 3)

    def forward(self, z: torch.Tensor) -> torch.Tensor:
        x = self.mid_block(self.conv_in(z))
        for block in self.up_blocks:
            x = block(x)
        return self.conv_out(self.conv_act(self.conv_norm_out(x)))


class VAEDecoder(nn.Module):
    """latent_sample [B, latent_channels, h, w] -> sample [B, out_channels, h*s, w*s], raw (about [-1, 1]).

    The latents go in as the decoder takes them: a pipeline divides its latents by ``scaling_factor`` first."""

    def __init__(self, c: VAEConfig):
        super().__init__()
        self.config = c
        self.post_quant_conv = conv(c.latent_channels, c.latent_channels, 1) if c.use_post_quant_conv else None
        self.decoder = Decoder(c)

    def forward(self, latent_sample: torch.Tensor) -> torch.Tensor:
        z = latent_sample if self.post_quant_conv is None else self.post_quant_conv(latent_sample)
        return self.decoder(z)


def unet_flops(unet: "UNet2DCondition", side: int, sequence: int = 1) -> int:
    """Floating-point operations (2 per multiply-add) of one UNet evaluation of one sample of ``side`` x ``side``
    with a context of ``sequence`` tokens: every convolution, linear layer and the two attention products; norms,
    activations and additions are left out (a few percent), so this is the floor a benchmark compares time with."""
    total = [0]

    def conv(module, inputs, output):
        k = module.kernel_size[0] * module.kernel_size[1]
        total[0] += 2 * output.numel() * (module.in_channels // module.groups) * k

    def linear(module, inputs, output):
        total[0] += 2 * output.numel() * module.in_features

    def attention(module, inputs, output):
        x = inputs[0]
        context = inputs[1] if len(inputs) > 1 and inputs[1] is not None else x
        total[0] += 2 * 2 * x.shape[0] * module.heads * x.shape[1] * context.shape[1] * module.head_dim

    hooks = []
    for module in unet.modules():
        if isinstance(module, nn.Conv2d):
            hooks.append(module.register_forward_hook(conv))
        elif isinstance(module, nn.Linear):
            hooks.append(module.register_forward_hook(linear))
        elif isinstance(module, Attention):
            hooks.append(module.register_forward_hook(attention))
    try:
        c = unet.config
        with torch.no_grad():
            unet(torch.zeros(1, c.in_channels, side, side), torch.tensor([1.0]),
                 torch.zeros(1, sequence, c.cross_attention_dim))
    finally:
        for h in hooks:
            h.remove()
    return total[0]


@dataclass
class PixelSpace:
    """What a pixel-space model has in place of a VAE: images are the samples, one channel per colour."""
    latent_channels: int
    out_channels: int
    scale_factor: int = 1
    scaling_factor: float = 1.0


class PixelDecoder(nn.Module):
    """The decoder of a pixel-space model: the samples are the images (``[-1, 1]`` as a VAE's output)."""

    def __init__(self, channels: int):
        super().__init__()
        self.config = PixelSpace(channels, channels)

    def forward(self, latent_sample: torch.Tensor) -> torch.Tensor:
        return latent_sample.clone()


# ----------------------------------------------------------------------------------------------
# Loading from a diffusers model folder
# ----------------------------------------------------------------------------------------------

# diffusers before 0.15 named the VAE attention's projections query/key/value/proj_attn (it renames them on load)
_OLD_ATTENTION = re.compile(r"^(.*\.attentions\.\d+)\.(query|key|value|proj_attn)\.(weight|bias)$")
_NEW_NAMES = {"query": "to_q", "key": "to_k", "value": "to_v", "proj_attn": "to_out.0"}


def _current_name(key: str) -> str:
    m = _OLD_ATTENTION.match(key)
    return f"{m.group(1)}.{_NEW_NAMES[m.group(2)]}.{m.group(3)}" if m else key


@dataclass
class ModelFolder:
    """One model folder of a diffusers checkpoint (unet/, vae/): its config and weight files, nothing loaded."""
    folder: str
    config: dict
    weight_files: List[str]

    @classmethod
    def read(cls, folder: str) -> "ModelFolder":
        folder = os.path.abspath(folder)
        if not os.path.isdir(folder):
            raise ExportError(f"model folder not found: {folder}")
        config = mc.read_json(os.path.join(folder, "config.json"), f"{os.path.basename(folder)}/config.json")
        return cls(folder, config, mc.weight_files(folder, DIFFUSERS_WEIGHTS))


def fill(model: nn.Module, files: List[str], where: str, skip_prefixes: Tuple[str, ...] = (),
         say: Callable[[str], None] = lambda m: None) -> Dict[str, int]:
    """Copies the tensors of ``files`` (read one file at a time) into ``model``'s parameters by name.

    Keys under ``skip_prefixes`` are passed over (the VAE's encoder); a missing, unexpected or misshapen tensor is
    a ConfigError. Returns counts: ``loaded`` (= the model's tensors) and ``skipped``."""
    targets = {k: v.data for k, v in model.state_dict(keep_vars=True).items()}
    filled, unexpected, skipped = set(), [], 0
    for path in files:
        say(f"reading {where}/{os.path.basename(path)} ...")
        tensors = mc.read_weights(path)
        for key, value in tensors.items():
            if key.startswith(skip_prefixes):
                skipped += 1
                continue
            name = _current_name(key)
            target = targets.get(name)
            if target is None:
                unexpected.append(key)
                continue
            if value.dim() == 4 and target.dim() == 2 and value.shape[2:] == (1, 1):
                value = value[:, :, 0, 0]  # 1x1-convolution attention projections of old conversions
            if tuple(value.shape) != tuple(target.shape):
                raise ConfigError(f"{where}/{os.path.basename(path)}: {key} has shape {tuple(value.shape)}, "
                                  f"{where}/config.json implies {tuple(target.shape)}")
            if not value.is_floating_point():
                raise ConfigError(f"{where}/{os.path.basename(path)}: {key} is {value.dtype}, not a float tensor")
            target.copy_(value.float())
            filled.add(name)
        del tensors
    missing = [k for k in targets if k not in filled]
    if missing:
        raise ConfigError(f"the {where} weights lack {len(missing)} tensor(s) that {where}/config.json implies, "
                          f"e.g. {missing[0]}")
    if unexpected:
        raise ConfigError(f"the {where} weights hold {len(unexpected)} tensor(s) that {where}/config.json does not "
                          f"describe, e.g. {unexpected[0]}")
    return {"loaded": len(filled), "skipped": skipped}


def load_unet(folder: Union[str, ModelFolder], say: Callable[[str], None] = lambda m: None
              ) -> Tuple[UNet2DCondition, Dict[str, int]]:
    """The UNet of a model folder (config.json + weights), in eval mode, with the load counts."""
    mf = folder if isinstance(folder, ModelFolder) else ModelFolder.read(folder)
    where = os.path.basename(mf.folder)
    model = UNet2DCondition(UNetConfig.from_config(mf.config, f"{where}/config.json")).eval()
    return model, fill(model, mf.weight_files, where, say=say)


def load_vae_decoder(folder: Union[str, ModelFolder], say: Callable[[str], None] = lambda m: None
                     ) -> Tuple[VAEDecoder, Dict[str, int]]:
    """The decoder side of an AutoencoderKL model folder (post_quant_conv + decoder), in eval mode, with the load
    counts; the encoder's tensors are skipped."""
    mf = folder if isinstance(folder, ModelFolder) else ModelFolder.read(folder)
    where = os.path.basename(mf.folder)
    model = VAEDecoder(VAEConfig.from_config(mf.config, f"{where}/config.json")).eval()
    return model, fill(model, mf.weight_files, where, skip_prefixes=("encoder.", "quant_conv."), say=say)
