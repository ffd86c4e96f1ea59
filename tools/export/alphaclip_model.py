"""Alpha-CLIP (ViT) in plain PyTorch, written for export to ONNX.

The module and parameter names follow OpenAI's CLIP state-dict layout, so an OpenAI-style state dict
(after :func:`normalize_state_dict`) loads with ``load_state_dict(strict=True)``:

* ``visual.*``  vision tower (patch conv ``conv1`` + Alpha-CLIP's ``conv1_alpha``, class token,
  positional embedding, ``ln_pre``, residual blocks, ``ln_post``, ``proj``);
* text tower at the top level (``token_embedding.weight``, ``positional_embedding``, ``transformer.*``,
  ``ln_final``, ``text_projection``) and ``logit_scale``.

Everything runs in float32. Residual blocks use a packed q/k/v projection (``attn.in_proj_weight`` /
``attn.in_proj_bias``), ``attn.out_proj`` and an MLP ``mlp.c_fc`` -> QuickGELU -> ``mlp.c_proj``;
layer norms use eps 1e-5. Tensors are batch-first ([B, tokens, width]) throughout.

This file is importable by other tools (e.g. a trainer): it depends on torch only.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass, asdict
from typing import Dict, List, Optional, Tuple

import torch
import torch.nn.functional as F
from torch import nn

LN_EPS = 1e-5
HEAD_DIM = 64

# State-dict entries that carry no weights (OpenAI's TorchScript archives store these numbers).
IGNORED_KEYS = {"input_resolution", "context_length", "vocab_size"}


class ArchitectureError(ValueError):
    """The state dict describes a model this code cannot build (or an unknown key layout)."""


# ----------------------------------------------------------------------------------------------
# Configuration
# ----------------------------------------------------------------------------------------------

@dataclass(frozen=True)
class AlphaClipConfig:
    embed_dim: int
    # vision
    image_resolution: int
    patch_size: int
    vision_width: int
    vision_layers: int
    vision_heads: int
    # text
    context_length: int
    vocab_size: int
    text_width: int
    text_layers: int
    text_heads: int

    @property
    def grid(self) -> int:
        return self.image_resolution // self.patch_size

    @property
    def n_vision_tokens(self) -> int:
        return 1 + self.grid * self.grid

    def to_dict(self) -> dict:
        return asdict(self)


def _count_blocks(keys, prefix: str) -> int:
    pat = re.compile(re.escape(prefix) + r"(\d+)\.")
    idx = {int(m.group(1)) for k in keys for m in [pat.match(k)] if m}
    if not idx:
        return 0
    if idx != set(range(len(idx))):
        raise ArchitectureError(f"residual blocks under '{prefix}' are not numbered 0..n-1: {sorted(idx)}")
    return len(idx)


def is_resnet_state_dict(sd: Dict[str, torch.Tensor]) -> bool:
    """OpenAI's ModifiedResNet visual towers have layer1..4 and an attnpool instead of a proj matrix."""
    return any(k.startswith(("visual.layer1.", "visual.attnpool.", "layer1.", "attnpool.")) for k in sd)


def config_from_state_dict(sd: Dict[str, torch.Tensor]) -> AlphaClipConfig:
    """Derive the architecture from key names and shapes (like OpenAI's ``build_model``).

    ``sd`` must already be normalized (see :func:`normalize_state_dict`).
    """
    if is_resnet_state_dict(sd):
        raise ArchitectureError("this checkpoint is a ResNet (ModifiedResNet) CLIP/Alpha-CLIP variant; "
                                "the ResNet variant is not supported yet (ViT only)")
    need = ["visual.conv1.weight", "visual.positional_embedding", "visual.class_embedding", "visual.proj",
            "token_embedding.weight", "positional_embedding", "ln_final.weight", "text_projection"]
    missing = [k for k in need if k not in sd]
    if missing:
        raise ArchitectureError("unknown key layout: not an OpenAI-style ViT CLIP state dict (missing "
                                + ", ".join(missing) + ")")
    conv1 = sd["visual.conv1.weight"]
    if conv1.dim() != 4 or conv1.shape[1] != 3 or conv1.shape[2] != conv1.shape[3]:
        raise ArchitectureError(f"visual.conv1.weight has shape {tuple(conv1.shape)}, expected a square "
                                f"patch convolution [width, 3, patch, patch]")
    vision_width = int(conv1.shape[0])
    patch = int(conv1.shape[-1])
    n_pos = int(sd["visual.positional_embedding"].shape[0])
    grid = int(round(math.sqrt(n_pos - 1)))
    if grid * grid + 1 != n_pos:
        raise ArchitectureError(f"visual.positional_embedding has {n_pos} rows, not 1 + grid^2")
    vision_layers = _count_blocks(sd.keys(), "visual.transformer.resblocks.")
    text_layers = _count_blocks(sd.keys(), "transformer.resblocks.")
    if vision_layers == 0 or text_layers == 0:
        raise ArchitectureError("unknown key layout: no residual blocks found "
                                f"(vision {vision_layers}, text {text_layers})")
    text_width = int(sd["ln_final.weight"].shape[0])
    if vision_width % HEAD_DIM or text_width % HEAD_DIM:
        raise ArchitectureError(f"widths must be multiples of {HEAD_DIM} (vision {vision_width}, "
                                f"text {text_width})")
    proj = sd["visual.proj"]
    if proj.dim() != 2 or proj.shape[0] != vision_width:
        raise ArchitectureError(f"visual.proj has shape {tuple(proj.shape)}, expected [{vision_width}, E]")
    return AlphaClipConfig(
        embed_dim=int(proj.shape[1]),
        image_resolution=patch * grid,
        patch_size=patch,
        vision_width=vision_width,
        vision_layers=vision_layers,
        vision_heads=vision_width // HEAD_DIM,
        context_length=int(sd["positional_embedding"].shape[0]),
        vocab_size=int(sd["token_embedding.weight"].shape[0]),
        text_width=text_width,
        text_layers=text_layers,
        text_heads=text_width // HEAD_DIM,
    )


# ----------------------------------------------------------------------------------------------
# State-dict handling
# ----------------------------------------------------------------------------------------------

def unwrap_checkpoint(obj):
    """Return the tensor dict inside common checkpoint wrappers ({'state_dict': ...}, {'model': ...})."""
    for _ in range(3):
        if isinstance(obj, dict) and not any(torch.is_tensor(v) for v in obj.values()):
            for key in ("state_dict", "model", "module", "model_state_dict"):
                if key in obj and isinstance(obj[key], dict):
                    obj = obj[key]
                    break
            else:
                break
        else:
            break
    if hasattr(obj, "state_dict") and callable(obj.state_dict) and not isinstance(obj, dict):
        obj = obj.state_dict()
    if not isinstance(obj, dict):
        raise ArchitectureError(f"unknown checkpoint layout: expected a state dict, got {type(obj).__name__}")
    tensors = {k: v for k, v in obj.items() if torch.is_tensor(v)}
    if not tensors:
        raise ArchitectureError("unknown checkpoint layout: no tensors found")
    return tensors


_IN_PROJ_DOTTED = re.compile(r"(\.attn\.)in_proj\.(weight|bias)$")


def normalize_keys(sd: Dict[str, torch.Tensor]) -> Dict[str, torch.Tensor]:
    """Strip 'module.' prefixes and spell packed projections as ``attn.in_proj_weight``/``_bias``."""
    out = {}
    for k, v in sd.items():
        while k.startswith("module."):
            k = k[len("module."):]
        k = _IN_PROJ_DOTTED.sub(r"\1in_proj_\2", k)
        if k in out:
            raise ArchitectureError(f"key '{k}' appears twice (both in_proj spellings?)")
        out[k] = v
    return out


# Which entries OpenAI's build_model turns into fp16 before loading (Conv/Linear weights and biases,
# packed attention projections, proj/text_projection). Loading a checkpoint into those rounds it.
_FP16_ROUNDED = re.compile(
    r"(^|\.)(conv1|conv1_alpha)\.weight$"
    r"|\.(attn\.in_proj_(weight|bias)|attn\.out_proj\.(weight|bias)|mlp\.c_fc\.(weight|bias)|mlp\.c_proj\.(weight|bias))$"
    r"|^(visual\.proj|proj|text_projection)$")


def is_fp16_rounded_key(key: str) -> bool:
    return bool(_FP16_ROUNDED.search(key))


def round_like_build_model(sd: Dict[str, torch.Tensor]) -> Dict[str, torch.Tensor]:
    """fp32 copy of ``sd`` where the entries build_model stores as fp16 are rounded to fp16."""
    out = {}
    for k, v in sd.items():
        if v.is_floating_point():
            v = v.detach().to(torch.float32)
            if is_fp16_rounded_key(k):
                v = v.to(torch.float16).to(torch.float32)
        out[k] = v
    return out


# ----------------------------------------------------------------------------------------------
# Modules
# ----------------------------------------------------------------------------------------------

class QuickGELU(nn.Module):
    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return x * torch.sigmoid(1.702 * x)


class PackedAttention(nn.Module):
    """Multi-head self-attention with one packed q/k/v projection (OpenAI key names).

    Returns the output and, when asked, the softmax attention weights [B, heads, N, N].
    """

    def __init__(self, width: int, heads: int):
        super().__init__()
        self.width = width
        self.heads = heads
        self.head_dim = width // heads
        self.in_proj_weight = nn.Parameter(torch.empty(3 * width, width))
        self.in_proj_bias = nn.Parameter(torch.empty(3 * width))
        self.out_proj = nn.Linear(width, width)
        nn.init.normal_(self.in_proj_weight, std=width ** -0.5)
        nn.init.zeros_(self.in_proj_bias)

    def forward(self, x: torch.Tensor, mask: Optional[torch.Tensor] = None):
        b, n, w = x.shape
        qkv = F.linear(x, self.in_proj_weight, self.in_proj_bias)
        q, k, v = qkv.chunk(3, dim=-1)
        # [B, N, W] -> [B, heads, N, head_dim]
        q = q.reshape(b, n, self.heads, self.head_dim).transpose(1, 2)
        k = k.reshape(b, n, self.heads, self.head_dim).transpose(1, 2)
        v = v.reshape(b, n, self.heads, self.head_dim).transpose(1, 2)
        q = q * (self.head_dim ** -0.5)
        scores = torch.matmul(q, k.transpose(-2, -1))
        if mask is not None:
            scores = scores + mask
        attn = torch.softmax(scores, dim=-1)
        out = torch.matmul(attn, v).transpose(1, 2).reshape(b, n, w)
        return self.out_proj(out), attn


class MLP(nn.Module):
    def __init__(self, width: int):
        super().__init__()
        self.c_fc = nn.Linear(width, 4 * width)
        self.gelu = QuickGELU()
        self.c_proj = nn.Linear(4 * width, width)

    def forward(self, x):
        return self.c_proj(self.gelu(self.c_fc(x)))


class ResidualBlock(nn.Module):
    def __init__(self, width: int, heads: int):
        super().__init__()
        self.ln_1 = nn.LayerNorm(width, eps=LN_EPS)
        self.attn = PackedAttention(width, heads)
        self.ln_2 = nn.LayerNorm(width, eps=LN_EPS)
        self.mlp = MLP(width)

    def forward(self, x: torch.Tensor, mask: Optional[torch.Tensor] = None):
        a, weights = self.attn(self.ln_1(x), mask)
        x = x + a
        x = x + self.mlp(self.ln_2(x))
        return x, weights


class Transformer(nn.Module):
    def __init__(self, width: int, layers: int, heads: int):
        super().__init__()
        self.resblocks = nn.ModuleList([ResidualBlock(width, heads) for _ in range(layers)])

    def forward(self, x: torch.Tensor, mask: Optional[torch.Tensor] = None):
        """Returns (last output, [output of every block], attention weights of the last block)."""
        hidden: List[torch.Tensor] = []
        weights = None
        for blk in self.resblocks:
            x, weights = blk(x, mask)
            hidden.append(x)
        return x, hidden, weights


class AlphaVisionTransformer(nn.Module):
    """CLIP ViT with Alpha-CLIP's alpha patch convolution."""

    def __init__(self, resolution: int, patch: int, width: int, layers: int, heads: int, embed_dim: int):
        super().__init__()
        self.resolution = resolution
        self.patch = patch
        self.width = width
        grid = resolution // patch
        scale = width ** -0.5
        self.conv1 = nn.Conv2d(3, width, kernel_size=patch, stride=patch, bias=False)
        self.conv1_alpha = nn.Conv2d(1, width, kernel_size=patch, stride=patch, bias=False)
        self.class_embedding = nn.Parameter(scale * torch.randn(width))
        self.positional_embedding = nn.Parameter(scale * torch.randn(grid * grid + 1, width))
        self.ln_pre = nn.LayerNorm(width, eps=LN_EPS)
        self.transformer = Transformer(width, layers, heads)
        self.ln_post = nn.LayerNorm(width, eps=LN_EPS)
        self.proj = nn.Parameter(scale * torch.randn(width, embed_dim))

    def forward_all(self, image: torch.Tensor, alpha: torch.Tensor):
        """Returns (embedding [B,E], hidden states list of [B,1+G*G,W], last-block attention [B,H,N,N])."""
        x = self.conv1(image) + self.conv1_alpha(alpha)          # [B, W, G, G]
        x = x.flatten(2).transpose(1, 2)                          # [B, G*G, W], patches row-major
        cls = self.class_embedding.reshape(1, 1, -1).expand(x.shape[0], 1, self.width)
        x = torch.cat([cls, x], dim=1) + self.positional_embedding
        x = self.ln_pre(x)
        x, hidden, weights = self.transformer(x)
        emb = self.ln_post(x[:, 0, :]) @ self.proj
        return emb, hidden, weights

    def forward(self, image: torch.Tensor, alpha: torch.Tensor) -> torch.Tensor:
        return self.forward_all(image, alpha)[0]


class AlphaClip(nn.Module):
    """Full Alpha-CLIP (ViT): ``visual`` tower + OpenAI CLIP text tower, OpenAI key names."""

    def __init__(self, cfg: AlphaClipConfig):
        super().__init__()
        self.config = cfg
        self.visual = AlphaVisionTransformer(cfg.image_resolution, cfg.patch_size, cfg.vision_width,
                                             cfg.vision_layers, cfg.vision_heads, cfg.embed_dim)
        self.token_embedding = nn.Embedding(cfg.vocab_size, cfg.text_width)
        self.positional_embedding = nn.Parameter(torch.empty(cfg.context_length, cfg.text_width))
        self.transformer = Transformer(cfg.text_width, cfg.text_layers, cfg.text_heads)
        self.ln_final = nn.LayerNorm(cfg.text_width, eps=LN_EPS)
        self.text_projection = nn.Parameter(torch.empty(cfg.text_width, cfg.embed_dim))
        self.logit_scale = nn.Parameter(torch.tensor(math.log(100.0)))
        nn.init.normal_(self.token_embedding.weight, std=0.02)
        nn.init.normal_(self.positional_embedding, std=0.01)
        nn.init.normal_(self.text_projection, std=cfg.text_width ** -0.5)
        mask = torch.full((cfg.context_length, cfg.context_length), float("-inf")).triu_(1)
        self.register_buffer("causal_mask", mask, persistent=False)

    # -- text ---------------------------------------------------------------------------------
    def text_features(self, token_vectors: torch.Tensor, tokens: torch.Tensor) -> torch.Tensor:
        """Text tower after the token lookup: token_vectors [B,C,W] (float32), tokens [B,C] ids."""
        x = token_vectors + self.positional_embedding
        x, _, _ = self.transformer(x, self.causal_mask)
        x = self.ln_final(x)
        # first position holding the largest id (the first end-of-text token); int32 for ArgMax
        eot = tokens.to(torch.int32).argmax(dim=-1)
        x = x[torch.arange(x.shape[0]), eot]
        return x @ self.text_projection

    def encode_text(self, tokens: torch.Tensor) -> torch.Tensor:
        return self.text_features(self.token_embedding(tokens.long()), tokens)

    # -- vision -------------------------------------------------------------------------------
    def encode_image(self, image: torch.Tensor, alpha: torch.Tensor) -> torch.Tensor:
        return self.visual(image, alpha)

    def forward(self, image, alpha, tokens):
        img = F.normalize(self.encode_image(image, alpha), dim=-1)
        txt = F.normalize(self.encode_text(tokens), dim=-1)
        logits = self.logit_scale.exp() * img @ txt.t()
        return logits, logits.t()


def expected_keys(cfg: AlphaClipConfig) -> List[str]:
    return list(AlphaClip(cfg).state_dict().keys())


def expected_visual_keys(cfg: AlphaClipConfig) -> List[str]:
    """State-dict keys of the vision tower, with the ``visual.`` prefix."""
    vis = AlphaVisionTransformer(cfg.image_resolution, cfg.patch_size, cfg.vision_width, cfg.vision_layers,
                                 cfg.vision_heads, cfg.embed_dim)
    return ["visual." + k for k in vis.state_dict().keys()]


def build_model(sd: Dict[str, torch.Tensor], round_fp16: bool = True) -> AlphaClip:
    """Build an fp32 :class:`AlphaClip` from a *normalized* full state dict (OpenAI key names).

    Missing ``visual.conv1_alpha.weight`` must have been filled in by the caller. With ``round_fp16``
    the entries OpenAI's build_model keeps in fp16 are rounded to fp16 first. ``logit_scale`` is
    optional (defaults to ln 100). Unknown keys are an error.
    """
    cfg = config_from_state_dict(sd)
    model = AlphaClip(cfg)
    weights = round_like_build_model(sd) if round_fp16 else {
        k: (v.detach().float() if v.is_floating_point() else v) for k, v in sd.items()}
    weights = {k: v for k, v in weights.items() if k not in IGNORED_KEYS}
    if "logit_scale" not in weights:
        weights["logit_scale"] = torch.tensor(math.log(100.0))
    own = model.state_dict()
    unexpected = [k for k in weights if k not in own]
    missing = [k for k in own if k not in weights]
    if unexpected or missing:
        parts = []
        if missing:
            parts.append(f"missing {len(missing)} key(s), e.g. {', '.join(missing[:3])}")
        if unexpected:
            parts.append(f"unexpected {len(unexpected)} key(s), e.g. {', '.join(unexpected[:3])}")
        raise ArchitectureError("unknown key layout: " + "; ".join(parts))
    for k, v in weights.items():
        if tuple(v.shape) != tuple(own[k].shape):
            raise ArchitectureError(f"shape mismatch for {k}: checkpoint {tuple(v.shape)}, "
                                    f"architecture expects {tuple(own[k].shape)}")
    model.load_state_dict(weights, strict=True)
    model.float().eval()
    return model


# ----------------------------------------------------------------------------------------------
# Export wrappers (fixed output tuples for torch.onnx.export)
# ----------------------------------------------------------------------------------------------

class VisualExportWrapper(nn.Module):
    """(image, alpha) -> (image_embedding, hidden_state_1..L, attention_last_cls)."""

    def __init__(self, visual: AlphaVisionTransformer):
        super().__init__()
        self.visual = visual

    def forward(self, image: torch.Tensor, alpha: torch.Tensor) -> Tuple[torch.Tensor, ...]:
        emb, hidden, weights = self.visual.forward_all(image, alpha)
        return (emb, *hidden, weights[:, :, 0, :])


class TextExportWrapper(nn.Module):
    """tokens int64 [B,C] -> text_embedding [B,E]; the token table is stored as given (fp16 or fp32)
    and the looked-up rows are cast to float32."""

    def __init__(self, model: AlphaClip, table: torch.Tensor):
        super().__init__()
        self.model = model
        self.register_buffer("token_table", table.detach().clone())

    def forward(self, tokens: torch.Tensor) -> torch.Tensor:
        rows = F.embedding(tokens, self.token_table).to(torch.float32)
        return self.model.text_features(rows, tokens)
