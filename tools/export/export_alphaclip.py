#!/usr/bin/python3.11
"""Export an Alpha-CLIP (ViT) checkpoint to a model package folder for the Java platform.

    /usr/bin/python3.11 tools/export/export_alphaclip.py --clip CLIP.pt|.pth \
        [--alpha-vision VISUAL.pth|.safetensors] [--vocab bpe_simple_vocab_16e6.txt.gz] \
        --out DIR [--name NAME] [--description TEXT] [--prompt-template 'a photo of a {}.' ...]

The package folder holds visual.onnx, text.onnx, tokenizer.json, manifest.json and SHA256SUMS; see
tools/export/README.md for the format. Other tools can call :func:`export_package` with a state dict.
"""

from __future__ import annotations

import argparse
import copy
import contextlib
import hashlib
import importlib.util
import json
import math
import os
import shutil
import struct
import sys
import tempfile
import warnings
import zipfile
from typing import Callable, Dict, Iterable, List, Optional, Tuple, Union

sys.dont_write_bytecode = True  # keep the source tree free of __pycache__ (Maven runs this)
_HERE = os.path.dirname(os.path.abspath(__file__))
if _HERE not in sys.path:
    sys.path.insert(0, _HERE)

import numpy as np  # noqa: E402
import torch  # noqa: E402

import alphaclip_model as am  # noqa: E402

FORMAT = "alphaclip-model-package"
FORMAT_VERSION = 1
OPSET = 17
EXPORTER = "tools/export/export_alphaclip.py"
# With --torchscript: both towers for runtimes with autograd (plugin-nerf differentiates through the image tower).
TORCHSCRIPT_VISUAL, TORCHSCRIPT_TEXT = "visual.pt", "text.pt"
VOCAB_FILE = "bpe_simple_vocab_16e6.txt.gz"

PREPROCESSING = {
    "resize": "shortest-side",
    "interpolation": "bicubic",
    "crop": "center",
    "mean": [0.48145466, 0.4578275, 0.40821073],
    "std": [0.26862954, 0.26130258, 0.27577711],
    "alphaMean": 0.5,
    "alphaStd": 0.26,
}
DEFAULT_PROMPT_TEMPLATES = ["a photo of a {}."]


class ExportError(Exception):
    """A problem the user can fix (missing file, wrong checkpoint, unsupported model)."""


def warn(msg: str) -> None:
    print(f"warning: {msg}", file=sys.stderr)


def info(msg: str) -> None:
    print(msg, flush=True)


# ----------------------------------------------------------------------------------------------
# Reading checkpoints
# ----------------------------------------------------------------------------------------------

_SAFETENSORS_DTYPES = {
    "F64": "<f8", "F32": "<f4", "F16": "<f2", "I64": "<i8", "I32": "<i4", "I16": "<i2", "I8": "i1",
    "U8": "u1", "BOOL": "?", "BF16": "<u2",
}


def _safetensors_header(path: str) -> Tuple[dict, int]:
    """The JSON header of a .safetensors file (u64-LE length, then JSON) and where its data starts."""
    size = os.path.getsize(path)
    with open(path, "rb") as f:
        head = f.read(8)
        if len(head) != 8:
            raise ExportError(f"{path}: too short for a safetensors file")
        (n,) = struct.unpack("<Q", head)
        if n <= 0 or 8 + n > size:
            raise ExportError(f"{path}: bad safetensors header length {n}")
        try:
            header = json.loads(f.read(n).decode("utf-8"))
        except (UnicodeDecodeError, json.JSONDecodeError) as e:
            raise ExportError(f"{path}: unreadable safetensors header ({e})") from None
    if not isinstance(header, dict):
        raise ExportError(f"{path}: safetensors header is not a JSON object")
    return header, 8 + n


def safetensors_header(path: str) -> Dict[str, dict]:
    """Tensor name -> {"dtype", "shape", "data_offsets"} of a .safetensors file, without reading any tensor."""
    header, _ = _safetensors_header(path)
    return {k: v for k, v in header.items() if k != "__metadata__"}


def read_safetensors(path: str) -> Dict[str, torch.Tensor]:
    """Parse a .safetensors file: u64-LE header length, JSON header, raw little-endian data."""
    size = os.path.getsize(path)
    header, base = _safetensors_header(path)
    data = np.memmap(path, dtype=np.uint8, mode="r")
    out: Dict[str, torch.Tensor] = {}
    for key, meta in header.items():
        if key == "__metadata__":
            continue
        try:
            dtype = meta["dtype"]
            shape = [int(s) for s in meta["shape"]]
            begin, end = (int(o) for o in meta["data_offsets"])
        except (KeyError, TypeError, ValueError):
            raise ExportError(f"{path}: malformed safetensors entry for '{key}'") from None
        if dtype not in _SAFETENSORS_DTYPES:
            raise ExportError(f"{path}: tensor '{key}' has unsupported dtype {dtype}")
        npdt = np.dtype(_SAFETENSORS_DTYPES[dtype])
        count = int(np.prod(shape)) if shape else 1
        if end - begin != count * npdt.itemsize or begin < 0 or base + end > size:
            raise ExportError(f"{path}: tensor '{key}' has inconsistent data_offsets")
        arr = np.frombuffer(data[base + begin: base + end].tobytes(), dtype=npdt).reshape(shape)
        if dtype == "BF16":
            arr = (arr.astype(np.uint32) << 16).view(np.float32)
        out[key] = torch.from_numpy(arr.astype(arr.dtype.newbyteorder("="), copy=True))
    del data
    return out


def _looks_like_torchscript(path: str) -> bool:
    if not zipfile.is_zipfile(path):
        return False
    try:
        with zipfile.ZipFile(path) as z:
            names = z.namelist()
    except zipfile.BadZipFile:
        return False
    return any(n.endswith("/constants.pkl") or "/code/" in n for n in names)


def load_checkpoint(path: str, what: str) -> Dict[str, torch.Tensor]:
    """Tensors of a checkpoint file: TorchScript archive, torch.save'd state dict or .safetensors."""
    if not os.path.isfile(path):
        raise ExportError(f"{what} file not found: {path}")
    if path.endswith(".safetensors"):
        return read_safetensors(path)
    errors = []
    loaders = [("torch.jit.load", lambda: torch.jit.load(path, map_location="cpu")),
               ("torch.load", lambda: torch.load(path, map_location="cpu"))]
    if not _looks_like_torchscript(path):
        loaders.reverse()
    for name, load in loaders:
        try:
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")
                obj = load()
        except Exception as e:  # noqa: BLE001 - try the other loader, report both if neither works
            errors.append(f"{name}: {str(e).splitlines()[0] if str(e) else type(e).__name__}")
            continue
        try:
            return am.unwrap_checkpoint(obj)
        except am.ArchitectureError as e:
            raise ExportError(f"{what} {path}: {e}") from None
    raise ExportError(f"cannot read {what} {path} ({'; '.join(errors)})")


# ----------------------------------------------------------------------------------------------
# Assembling the state dict
# ----------------------------------------------------------------------------------------------

def _check_not_resnet(sd, what):
    if am.is_resnet_state_dict(sd):
        raise ExportError(f"{what} is a ResNet CLIP/Alpha-CLIP variant; the ResNet variant is not supported "
                          "yet (only ViT models can be exported)")


def assemble_state_dict(clip_sd: Dict[str, torch.Tensor],
                        alpha_vision_sd: Optional[Dict[str, torch.Tensor]] = None,
                        round_clip_fp16: bool = True) -> Dict[str, torch.Tensor]:
    """Full normalized float32 state dict: CLIP checkpoint (+ alpha-vision overlay).

    The CLIP checkpoint goes through OpenAI build_model's fp16 rounding; the visual overlay is loaded
    afterwards as given, like ``alpha_clip.load(..., alpha_vision_ckpt_pth=...)`` on CPU does. Without any
    ``conv1_alpha`` the alpha convolution is zero (alpha has no effect) and a warning is printed.
    """
    sd = am.normalize_keys(clip_sd)
    _check_not_resnet(sd, "the CLIP checkpoint")
    try:
        cfg = am.config_from_state_dict({k: v for k, v in sd.items()})
    except am.ArchitectureError as e:
        if "visual.conv1.weight" in str(e) and not any(k.startswith("visual.") for k in sd):
            raise ExportError("the CLIP checkpoint has no visual tower (is it a visual-only Alpha-CLIP "
                              "checkpoint? pass it with --alpha-vision and the OpenAI CLIP model with --clip)"
                              ) from None
        raise ExportError(f"CLIP checkpoint: {e}") from None
    sd = am.round_like_build_model(sd) if round_clip_fp16 else {
        k: (v.detach().float() if v.is_floating_point() else v) for k, v in sd.items()}
    alpha_key = "visual.conv1_alpha.weight"
    if alpha_vision_sd is not None:
        ov = am.normalize_keys(alpha_vision_sd)
        ov = {(k if k.startswith("visual.") else "visual." + k): v for k, v in ov.items()}
        _check_not_resnet(ov, "the alpha-vision checkpoint")
        visual_keys = am.expected_visual_keys(cfg)
        known = set(visual_keys)
        unknown = [k for k in ov if k not in known]
        if unknown:
            raise ExportError(f"alpha-vision checkpoint: unknown key layout ({len(unknown)} key(s) that are not "
                              f"in the CLIP visual tower, e.g. {', '.join(k[7:] for k in unknown[:3])})")
        for k, v in ov.items():
            want = tuple(sd[k].shape) if k in sd else None
            if k == alpha_key:
                want = (cfg.vision_width, 1, cfg.patch_size, cfg.patch_size)
            if want is not None and tuple(v.shape) != want:
                raise ExportError(f"alpha-vision checkpoint does not fit the CLIP model: {k[7:]} has shape "
                                  f"{tuple(v.shape)}, the CLIP model needs {want} (different ViT size?)")
        missing = [k for k in visual_keys if k not in ov]
        if missing:
            warn(f"alpha-vision checkpoint lacks {len(missing)} visual key(s) (e.g. {missing[0][7:]}); "
                 "those keep the CLIP checkpoint's values")
        for k, v in ov.items():
            sd[k] = v.detach().float() if v.is_floating_point() else v
    if alpha_key not in sd:
        warn("no conv1_alpha weights in the checkpoint(s): initialising the alpha convolution to zeros, "
             "so the alpha input has no effect (plain CLIP)")
        sd[alpha_key] = torch.zeros(cfg.vision_width, 1, cfg.patch_size, cfg.patch_size)
    elif tuple(sd[alpha_key].shape) != (cfg.vision_width, 1, cfg.patch_size, cfg.patch_size):
        raise ExportError(f"conv1_alpha.weight has shape {tuple(sd[alpha_key].shape)}, expected "
                          f"{(cfg.vision_width, 1, cfg.patch_size, cfg.patch_size)}")
    return sd


# ----------------------------------------------------------------------------------------------
# Package writing
# ----------------------------------------------------------------------------------------------

def sha256_file(path: str) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as f:
        for chunk in iter(lambda: f.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()


def visual_output_names(layers: int) -> List[str]:
    return ["image_embedding"] + [f"hidden_state_{i}" for i in range(1, layers + 1)] + ["attention_last_cls"]


def export_onnx(module, args, path, input_names, output_names, dynamic_axes):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        with torch.no_grad():
            torch.onnx.export(module, args, path, export_params=True, opset_version=OPSET,
                              do_constant_folding=True, input_names=input_names, output_names=output_names,
                              dynamic_axes=dynamic_axes)


def set_output_shapes(path: str, shapes: Dict[str, List[Union[int, str]]]) -> None:
    """Write static output shapes (the tracer leaves symbolic names for dims it computed at run time)."""
    import onnx
    m = onnx.load(path)
    for o in m.graph.output:
        if o.name not in shapes:
            continue
        dims = o.type.tensor_type.shape.dim
        want = shapes[o.name]
        if len(dims) != len(want):
            raise ExportError(f"{os.path.basename(path)}: output {o.name} has rank {len(dims)}, expected {len(want)}")
        for d, w in zip(dims, want):
            if isinstance(w, str):
                d.dim_param = w
            else:
                d.dim_value = int(w)
    onnx.save(m, path)


def check_onnx(path: str, inputs: Iterable[str], outputs: Iterable[str]) -> None:
    """onnx.checker plus the declared input/output names (in order)."""
    import onnx
    onnx.checker.check_model(path, full_check=True)
    m = onnx.load(path, load_external_data=False)
    init = {i.name for i in m.graph.initializer}
    got_in = [i.name for i in m.graph.input if i.name not in init]
    got_out = [o.name for o in m.graph.output]
    if got_in != list(inputs) or got_out != list(outputs):
        raise ExportError(f"{os.path.basename(path)}: graph inputs {got_in} / outputs {got_out} differ from "
                          f"{list(inputs)} / {list(outputs)}")


def _token_table(model: am.AlphaClip) -> torch.Tensor:
    table = model.token_embedding.weight.detach()
    half = table.to(torch.float16)
    if torch.equal(half.to(torch.float32), table):
        return half
    warn("token embedding is not fp16-exact: storing it as float32 in text.onnx")
    return table.clone()


def prepare_target(out_dir: str, package_format: str = FORMAT) -> str:
    """The absolute output folder, checked: absent, empty, or a package of ``package_format`` to replace."""
    out_dir = os.path.abspath(out_dir)
    if os.path.exists(out_dir):
        if not os.path.isdir(out_dir):
            raise ExportError(f"output path exists and is not a folder: {out_dir}")
        entries = os.listdir(out_dir)
        if entries:
            man = os.path.join(out_dir, "manifest.json")
            ok = False
            if os.path.isfile(man):
                try:
                    with open(man, encoding="utf-8") as f:
                        ok = json.load(f).get("format") == package_format
                except (OSError, ValueError):
                    ok = False
            if not ok:
                raise ExportError(f"output folder {out_dir} is not empty and is not a model package; "
                                  "refusing to overwrite it")
    parent = os.path.dirname(out_dir)
    os.makedirs(parent, exist_ok=True)
    return out_dir


def temp_folder_beside(out_dir: str) -> str:
    """A new hidden folder next to ``out_dir`` with the ordinary permissions, where a package is written."""
    tmp = tempfile.mkdtemp(prefix="." + os.path.basename(out_dir) + ".tmp-", dir=os.path.dirname(out_dir))
    umask = os.umask(0)
    os.umask(umask)
    os.chmod(tmp, 0o777 & ~umask)  # mkdtemp makes it 0700; the package is an ordinary folder
    return tmp


@contextlib.contextmanager
def staged_package(out_dir: str):
    """Yields a new folder beside ``out_dir`` to write a package into; when the block completes the package
    replaces ``out_dir`` (``install_package``), when it fails the folder is deleted and ``out_dir`` is untouched."""
    tmp = temp_folder_beside(out_dir)
    try:
        yield tmp
        install_package(tmp, out_dir)
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise


def write_manifest(folder: str, manifest: dict) -> None:
    """manifest.json, then SHA256SUMS over the files the manifest lists and the manifest itself."""
    with open(os.path.join(folder, "manifest.json"), "w", encoding="utf-8") as f:
        json.dump(manifest, f, indent=2, ensure_ascii=False)
        f.write("\n")
    sums = dict(manifest["files"])
    sums["manifest.json"] = sha256_file(os.path.join(folder, "manifest.json"))
    with open(os.path.join(folder, "SHA256SUMS"), "w", encoding="utf-8") as f:
        for fn in sorted(sums):
            f.write(f"{sums[fn]}  {fn}\n")


def install_package(tmp: str, out_dir: str) -> None:
    """Move the finished temp folder to out_dir, replacing an older package there."""
    old = None
    if os.path.exists(out_dir):
        old = tempfile.mkdtemp(prefix="." + os.path.basename(out_dir) + ".old-", dir=os.path.dirname(out_dir))
        os.rmdir(old)
        os.rename(out_dir, old)
    try:
        os.rename(tmp, out_dir)
    except OSError:
        if old is not None:
            os.rename(old, out_dir)
        raise
    if old is not None:
        shutil.rmtree(old, ignore_errors=True)


def export_package(state_dict: dict, out_dir: str, name: Optional[str],
                   tokenizer_json_writer: Union[Callable[[str], None], str],
                   prompt_templates: Optional[List[str]] = None, description: Optional[str] = None,
                   tokenizer_meta: Optional[dict] = None, *, source: Optional[dict] = None,
                   round_fp16: bool = True, check: bool = True, quiet: bool = False,
                   torchscript: bool = False) -> dict:
    """Write a model package folder from a full OpenAI-key Alpha-CLIP (ViT) state dict.

    ``state_dict``: full state dict (``visual.*`` incl. ``visual.conv1_alpha.weight``, text tower,
    optional ``logit_scale``); either in_proj spelling; float16 or float32.
    ``tokenizer_json_writer``: a callable ``writer(path)`` that writes tokenizer.json to ``path``, or the
    path of an existing tokenizer.json to copy.
    ``tokenizer_meta``: the manifest's "tokenizer" object; default is OpenAI's CLIP BPE. ``file`` is
    always "tokenizer.json"; ``contextLength`` defaults to the model's context length.
    ``source``: the manifest's "source" object (default: exporter name, clip/alphaVision null).
    ``round_fp16``: round the entries OpenAI's build_model keeps in fp16 (Conv/Linear/proj) first.
    ``torchscript``: also write both towers as TorchScript (visual.pt: (image, alpha) -> image_embedding;
    text.pt: tokens -> text_embedding), traced with gradients on so that a runtime with autograd (DJL's PyTorch
    engine) can differentiate the embedding with respect to the image and the alpha.

    Returns ``{"manifest": dict, "model": AlphaClip (the fp32 PyTorch model that was exported),
    "config": AlphaClipConfig, "out_dir": str}``. The folder is written to a temp folder beside
    ``out_dir`` and renamed at the end, so a failed export leaves no half package.
    """
    say = (lambda m: None) if quiet else info
    try:
        model = am.build_model(am.normalize_keys(state_dict), round_fp16=round_fp16)
    except am.ArchitectureError as e:
        raise ExportError(str(e)) from None
    cfg = model.config
    templates = list(prompt_templates) if prompt_templates else list(DEFAULT_PROMPT_TEMPLATES)
    for t in templates:
        if "{}" not in t:
            raise ExportError(f"prompt template {t!r} has no '{{}}' placeholder")
    out_dir = prepare_target(out_dir)
    if not name:
        name = os.path.basename(out_dir)
    if description is None:
        description = (f"Alpha-CLIP ViT, {cfg.image_resolution}px, patch {cfg.patch_size}, width "
                       f"{cfg.vision_width}, {cfg.vision_layers} layers, embedding {cfg.embed_dim}")
    tok = {"type": "clip-bpe", "file": "tokenizer.json", "contextLength": cfg.context_length,
           "startToken": "<|startoftext|>", "endToken": "<|endoftext|>", "cleaning": "clip"}
    if tokenizer_meta is not None:
        tok = {"type": tokenizer_meta.get("type", "clip-bpe"), "file": "tokenizer.json",
               "contextLength": tokenizer_meta.get("contextLength", cfg.context_length)}
        tok.update({k: v for k, v in tokenizer_meta.items() if k not in ("type", "file", "contextLength")})
    src = {"exporter": EXPORTER, "clip": None, "alphaVision": None}
    if source:
        src.update(source)

    with staged_package(out_dir) as tmp:
        # -- tokenizer first: cheapest step that can fail
        tok_path = os.path.join(tmp, "tokenizer.json")
        if callable(tokenizer_json_writer):
            tokenizer_json_writer(tok_path)
        else:
            if not os.path.isfile(str(tokenizer_json_writer)):
                raise ExportError(f"tokenizer file not found: {tokenizer_json_writer}")
            shutil.copyfile(str(tokenizer_json_writer), tok_path)
        if not os.path.isfile(tok_path):
            raise ExportError("the tokenizer writer did not create tokenizer.json")

        # -- visual.onnx
        r = cfg.image_resolution
        vis_out = visual_output_names(cfg.vision_layers)
        vis_path = os.path.join(tmp, "visual.onnx")
        gen = torch.Generator().manual_seed(0)
        image = torch.randn(2, 3, r, r, generator=gen)
        alpha = torch.randn(2, 1, r, r, generator=gen)
        dyn = {n: {0: "batch"} for n in ["image", "alpha"] + vis_out}
        say(f"exporting visual.onnx ({cfg.vision_layers} blocks, width {cfg.vision_width}, {r}px) ...")
        export_onnx(am.VisualExportWrapper(model.visual).eval(), (image, alpha), vis_path,
                    ["image", "alpha"], vis_out, dyn)
        n_tok, w = cfg.n_vision_tokens, cfg.vision_width
        shapes = {f"hidden_state_{i}": ["batch", n_tok, w] for i in range(1, cfg.vision_layers + 1)}
        shapes["image_embedding"] = ["batch", cfg.embed_dim]
        shapes["attention_last_cls"] = ["batch", cfg.vision_heads, n_tok]
        set_output_shapes(vis_path, shapes)

        # -- text.onnx
        txt_path = os.path.join(tmp, "text.onnx")
        tokens = torch.zeros(2, cfg.context_length, dtype=torch.int64)
        tokens[:, 0] = cfg.vocab_size - 2
        tokens[0, 1:4] = torch.tensor([320, 1125, 539]) % cfg.vocab_size
        tokens[0, 4] = cfg.vocab_size - 1
        tokens[1, 1] = cfg.vocab_size - 1
        say(f"exporting text.onnx ({cfg.text_layers} blocks, width {cfg.text_width}, "
            f"context {cfg.context_length}) ...")
        export_onnx(am.TextExportWrapper(model, _token_table(model)).eval(), (tokens,), txt_path,
                    ["tokens"], ["text_embedding"], {"tokens": {0: "batch"}, "text_embedding": {0: "batch"}})
        set_output_shapes(txt_path, {"text_embedding": ["batch", cfg.embed_dim]})

        if check:
            check_onnx(vis_path, ["image", "alpha"], vis_out)
            check_onnx(txt_path, ["tokens"], ["text_embedding"])

        listed = ["visual.onnx", "text.onnx", "tokenizer.json"]
        if torchscript:
            say("writing visual.pt and text.pt (TorchScript) ...")
            with torch.enable_grad(), warnings.catch_warnings():
                warnings.simplefilter("ignore")
                torch.jit.trace(model.visual.eval(), (image, alpha), check_trace=False).save(
                    os.path.join(tmp, TORCHSCRIPT_VISUAL))
                text_tower = copy.deepcopy(model)
                del text_tower.visual, text_tower.token_embedding  # the wrapper holds the token table
                torch.jit.trace(am.TextExportWrapper(text_tower, _token_table(model)).eval(), (tokens,),
                                check_trace=False).save(os.path.join(tmp, TORCHSCRIPT_TEXT))
            listed += [TORCHSCRIPT_VISUAL, TORCHSCRIPT_TEXT]
        files = {f: sha256_file(os.path.join(tmp, f)) for f in listed}
        manifest = {
            "format": FORMAT,
            "formatVersion": FORMAT_VERSION,
            "name": name,
            "description": description,
            "architecture": {
                "family": "vit",
                "embedDim": cfg.embed_dim,
                "vision": {"resolution": cfg.image_resolution, "patchSize": cfg.patch_size,
                           "width": cfg.vision_width, "layers": cfg.vision_layers, "heads": cfg.vision_heads},
                "text": {"contextLength": cfg.context_length, "vocabSize": cfg.vocab_size,
                         "width": cfg.text_width, "layers": cfg.text_layers, "heads": cfg.text_heads},
            },
            "preprocessing": dict(PREPROCESSING),
            "logitScale": math.exp(float(model.logit_scale.detach())),
            "promptTemplates": templates,
            "tokenizer": tok,
            "graphs": {
                "visual": {"file": "visual.onnx", "inputs": ["image", "alpha"], "outputs": vis_out},
                "text": {"file": "text.onnx", "inputs": ["tokens"], "outputs": ["text_embedding"]},
            },
            "files": files,
            "source": src,
        }
        if torchscript:
            manifest["torchscript"] = {
                "visual": {"file": TORCHSCRIPT_VISUAL, "inputs": ["image", "alpha"], "outputs": ["image_embedding"]},
                "text": {"file": TORCHSCRIPT_TEXT, "inputs": ["tokens"], "outputs": ["text_embedding"]},
            }
        write_manifest(tmp, manifest)
    say(f"wrote {out_dir} (visual.onnx {os.path.getsize(os.path.join(out_dir, 'visual.onnx')) / 1e6:.1f} MB, "
        f"text.onnx {os.path.getsize(os.path.join(out_dir, 'text.onnx')) / 1e6:.1f} MB)")
    return {"manifest": manifest, "model": model, "config": cfg, "out_dir": out_dir}


# ----------------------------------------------------------------------------------------------
# CLI
# ----------------------------------------------------------------------------------------------

def find_vocab(vocab: Optional[str]) -> str:
    if vocab:
        if not os.path.isfile(vocab):
            raise ExportError(f"vocab file not found: {vocab}")
        return vocab
    for pkg in ("clip", "alpha_clip"):
        try:
            spec = importlib.util.find_spec(pkg)
        except (ImportError, ValueError):
            spec = None
        if spec is None:
            continue
        dirs = list(spec.submodule_search_locations or []) or (
            [os.path.dirname(spec.origin)] if spec.origin else [])
        for d in dirs:
            p = os.path.join(d, VOCAB_FILE)
            if os.path.isfile(p):
                return p
    raise ExportError(f"no BPE vocabulary: pass --vocab {VOCAB_FILE} (it ships with the OpenAI 'clip' and "
                      "'alpha_clip' Python packages; neither is installed)")


def clip_bpe_writer(vocab_path: str) -> Callable[[str], None]:
    """tokenizer.json writer for OpenAI's CLIP BPE (imports clip_bpe_tokenizer lazily)."""
    try:
        from clip_bpe_tokenizer import write_tokenizer_json  # type: ignore
    except ImportError as e:
        raise ExportError(f"cannot import clip_bpe_tokenizer.write_tokenizer_json from {_HERE} ({e})") from None

    def write(path: str) -> None:
        write_tokenizer_json(vocab_path, path)

    return write


def export_from_files(clip: str, out: str, alpha_vision: Optional[str] = None, vocab: Optional[str] = None,
                      name: Optional[str] = None, description: Optional[str] = None,
                      prompt_templates: Optional[List[str]] = None, quiet: bool = False,
                      torchscript: bool = False) -> dict:
    """What the CLI does; returns export_package's result."""
    writer = clip_bpe_writer(find_vocab(vocab))
    clip_sd = load_checkpoint(clip, "CLIP checkpoint")
    alpha_sd = load_checkpoint(alpha_vision, "alpha-vision checkpoint") if alpha_vision else None
    sd = assemble_state_dict(clip_sd, alpha_sd)
    return export_package(sd, out, name, writer, prompt_templates=prompt_templates, description=description,
                          source={"clip": os.path.basename(clip),
                                  "alphaVision": os.path.basename(alpha_vision) if alpha_vision else None},
                          round_fp16=False,  # assemble_state_dict already rounded the CLIP part
                          quiet=quiet, torchscript=torchscript)


def main(argv: Optional[List[str]] = None) -> int:
    p = argparse.ArgumentParser(description="Export an Alpha-CLIP (ViT) checkpoint to an ONNX model package.")
    p.add_argument("--clip", required=True, help="OpenAI CLIP TorchScript archive (.pt) or state dict (.pth, "
                   ".safetensors); a full Alpha-CLIP state dict with visual.conv1_alpha.weight works alone")
    p.add_argument("--alpha-vision", help="visual-only Alpha-CLIP state dict (.pth or .safetensors) loaded on top")
    p.add_argument("--vocab", help=f"{VOCAB_FILE} (default: from an installed clip/alpha_clip package)")
    p.add_argument("--out", required=True, help="package folder to write")
    p.add_argument("--name", help="package name (default: the folder name)")
    p.add_argument("--description", help="free text for the manifest")
    p.add_argument("--prompt-template", action="append", dest="prompt_templates", metavar="TEMPLATE",
                   help="zero-shot prompt template with {} (repeatable; default 'a photo of a {}.')")
    p.add_argument("--torchscript", action="store_true", help="also write both towers as TorchScript (visual.pt, "
                   "text.pt) for runtimes that differentiate through the encoder")
    p.add_argument("--traceback", action="store_true", help="show Python tracebacks for unexpected errors")
    args = p.parse_args(argv)
    return run_reporting_errors(lambda: export_from_files(
        args.clip, args.out, alpha_vision=args.alpha_vision, vocab=args.vocab, name=args.name,
        description=args.description, prompt_templates=args.prompt_templates, torchscript=args.torchscript),
        args.traceback)


def run_reporting_errors(export: Callable[[], object], traceback: bool) -> int:
    """Runs an export for a command line: 0 when it worked, 2 with one line for an ExportError, 1 with one line
    (or the traceback, when asked for) for anything unexpected."""
    try:
        export()
    except ExportError as e:
        print(f"error: {e}", file=sys.stderr)
        return 2
    except Exception as e:  # noqa: BLE001 - one line unless asked for the traceback
        if traceback:
            raise
        msg = str(e).splitlines()[0] if str(e) else ""
        print(f"error: export failed: {type(e).__name__}: {msg} (rerun with --traceback for details)",
              file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
