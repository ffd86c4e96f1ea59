"""The image tower of a shipped Alpha-CLIP package, rebuilt in PyTorch from its visual.onnx.

Trainers of models that consume the encoder's features (the default captioner) must see exactly the numbers
the Java side will give them, so they read the weights from the package itself rather than from a training
checkpoint. The exporter (``export_alphaclip.py``, torch 1.13) keeps most parameter names as initializers
(``visual.conv1.weight``, ``visual.transformer.resblocks.N.ln_1.weight``, biases, ``visual.proj``); the
matrices of the linear layers become ``onnx::MatMul_N`` initializers holding the transposed weight, each
feeding a MatMul whose result the layer's named bias is added to, and the class embedding becomes the
``[1, 1, W]`` initializer of the Expand node. :func:`load_visual` follows those edges back to the
``alphaclip_model`` state-dict keys; :func:`check_parity` runs visual.onnx with ``onnx_numpy_eval`` and the
rebuilt tower on the same inputs and compares every hidden state.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from typing import Dict, List

import numpy as np
import torch

import alphaclip_model as am
import mllm_checkpoint as mc
import onnx_numpy_eval as one


class EncoderError(ValueError):
    """The package's visual graph does not have the layout this reader expects."""


@dataclass
class PackageEncoder:
    folder: str
    info: dict                          # mllm_checkpoint.read_encoder: name, resolution, patchSize, width, layers, manifestSha256
    visual: am.AlphaVisionTransformer   # float32, eval mode, no gradients

    @property
    def layers(self) -> int:
        return self.info["layers"]

    def hidden_state_name(self, layer: int) -> str:
        """The visual graph's output for a block counted as LLaVA does (-2 = the one before the last)."""
        return f"hidden_state_{layer if layer > 0 else self.layers + 1 + layer}"


def visual_state_dict(model) -> Dict[str, torch.Tensor]:
    """visual.onnx initializers -> AlphaVisionTransformer state-dict keys (without the ``visual.`` prefix)."""
    from onnx import numpy_helper
    inits = {t.name: numpy_helper.to_array(t) for t in model.graph.initializer}
    consumers: Dict[str, list] = {}
    for node in model.graph.node:
        for name in node.input:
            consumers.setdefault(name, []).append(node)
    out: Dict[str, torch.Tensor] = {}
    for name, value in inits.items():
        if name.startswith("visual."):
            out[name[len("visual."):]] = torch.from_numpy(value.copy())
    for node in model.graph.node:
        if node.op_type == "Expand" and node.input[0] in inits:
            out["class_embedding"] = torch.from_numpy(inits[node.input[0]].reshape(-1).copy())
        if node.op_type != "MatMul" or node.input[1] not in inits or node.input[1].startswith("visual."):
            continue
        biases = [x for c in consumers.get(node.output[0], []) if c.op_type == "Add"
                  for x in c.input if x.startswith("visual.") and x.endswith("bias")]
        if len(biases) != 1:
            raise EncoderError(f"visual.onnx: the MatMul of {node.input[1]} feeds no single named bias ({biases})")
        bias = biases[0][len("visual."):]
        key = bias[:-len("in_proj_bias")] + "in_proj_weight" if bias.endswith("in_proj_bias") \
            else bias[:-len("bias")] + "weight"
        out[key] = torch.from_numpy(inits[node.input[1]].T.copy())
    return out


def load_visual(folder: str) -> PackageEncoder:
    """The package's image tower as an :class:`alphaclip_model.AlphaVisionTransformer` with its weights."""
    import onnx
    info = mc.read_encoder(folder)
    model = onnx.load(os.path.join(folder, "visual.onnx"))
    sd = visual_state_dict(model)
    width, patch, resolution, layers = info["width"], info["patchSize"], info["resolution"], info["layers"]
    if "proj" not in sd:
        raise EncoderError(f"{folder}/visual.onnx has no visual.proj initializer")
    visual = am.AlphaVisionTransformer(resolution, patch, width, layers, width // am.HEAD_DIM, sd["proj"].shape[1])
    try:
        visual.load_state_dict(sd, strict=True)   # names and shapes checked
    except RuntimeError as e:
        raise EncoderError(f"{folder}/visual.onnx does not map onto the ViT of its manifest: {e}") from None
    visual.float().eval()
    for p in visual.parameters():
        p.requires_grad_(False)
    return PackageEncoder(os.path.abspath(folder), info, visual)


def check_parity(encoder: PackageEncoder, image: torch.Tensor, alpha: torch.Tensor, forward=None) -> List[float]:
    """Max |PyTorch - ONNX| / max |ONNX| of every hidden state on (image, alpha) [B,3,R,R], [B,1,R,R].

    ``forward(image, alpha)`` gives the PyTorch hidden states (default: the tower's ``forward_all``)."""
    names = [f"hidden_state_{i + 1}" for i in range(encoder.layers)]
    ref = one.run(os.path.join(encoder.folder, "visual.onnx"),
                  {"image": image.numpy().astype(np.float32), "alpha": alpha.numpy().astype(np.float32)}, names)
    with torch.no_grad():
        hidden = forward(image, alpha) if forward else encoder.visual.forward_all(image, alpha)[1]
    return [float(np.abs(h.numpy() - ref[n]).max() / max(np.abs(ref[n]).max(), 1e-12)) for h, n in zip(hidden, names)]
