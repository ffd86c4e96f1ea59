#!/usr/bin/python3.11
"""Trains the embedded default captioner: a small LLaVA-1.5-shaped model over a shipped Alpha-CLIP package.

    /usr/bin/python3.11 tools/train/train_captioner.py --encoder PKG --train DATA [--train DATA2 ...] \
        --test TEST_RASTER [--test TEST_VECTOR ...] --work WORK [--out PACKAGE] [--seed 0] [--resume]

The image side is the encoder package itself (``package_encoder``: its visual.onnx weights in PyTorch,
checked against the graph on held-out images before training), frozen: the features are the layer -2 hidden
states, class token dropped, of the image with the region as alpha (an object's mask) or alpha all ones --
what plugin-mllm's LLaVA path feeds the projector. On them: LLaVA-1.5's ``mlp2x_gelu`` projector and a small
Llama decoder (RMSNorm, RoPE, grouped-query attention, SwiGLU; ``llava_model``'s modules, so the trained
weights are the exporter's), trained from scratch on first turns of LLaVA's v1 conversation about the
world's scenes (``captioner_tasks.json``: region captions and colour / shape / size / position questions
about one object's mask, the scene caption with alpha all ones); the loss is on the answer and its ``</s>``.

Each step takes ``--scenes`` training scenes, every object of each as a region with every region question
(one phrasing drawn per question), and the whole image with the scene question for a ``--whole-share`` of
them. Prompts that share a beginning share its computation, which changes no number: the system prompt is
run once per step, each region's image tokens once for all its questions (a key/value cache, as at
generation). The sampling of a step depends only on ``--seed`` and the step, so ``--resume`` continues a run
from its last checkpoint (``WORK/captioner-train.pt``, every ``--save-every`` steps) as if uninterrupted.

At the end: held-out accuracy on every ``--test`` set (greedy answers to the first phrasing of each
question), the checkpoint folder in LLaVA's original layout (``WORK/checkpoint``: config.json,
model.safetensors, tokenizer.json) and, with ``--out``, the MLLM package made from it by
``export_llava.py``, whose graphs are checked against the trained model. See tools/train/README.md,
"Default captioner".
"""

from __future__ import annotations

import argparse
import json
import math
import os
import random
import sys
import time
from dataclasses import dataclass
from typing import Dict, List, Optional, Tuple

sys.dont_write_bytecode = True
HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
sys.path.insert(0, os.path.join(HERE, "..", "export"))

import numpy as np  # noqa: E402
import torch  # noqa: E402
import torch.nn.functional as F  # noqa: E402
from torch import nn  # noqa: E402

import captioner_text as ct  # noqa: E402
import export_llava  # noqa: E402
import fast_ops  # noqa: E402
import llava_model as lm  # noqa: E402
import mllm_checkpoint as mc  # noqa: E402
import package_encoder as pe  # noqa: E402
import world_data as wd  # noqa: E402

SELECT_LAYER = -2
PARITY_TOL = 1e-5      # max |PyTorch - visual.onnx| / max |visual.onnx| of the hidden states
def say(msg: str) -> None:
    print(msg, flush=True)


# ----------------------------------------------------------------------------------------------
# The model
# ----------------------------------------------------------------------------------------------

def llama_config(vocab: int, hidden: int, intermediate: int, layers: int, heads: int, kv_heads: int,
                 context: int) -> dict:
    """config.json of the checkpoint: the Llama fields and LLaVA's mm_* fields."""
    return {
        "architectures": ["LlavaLlamaForCausalLM"], "model_type": "llava", "torch_dtype": "float32",
        "vocab_size": vocab, "hidden_size": hidden, "intermediate_size": intermediate, "num_hidden_layers": layers,
        "num_attention_heads": heads, "num_key_value_heads": kv_heads, "head_dim": hidden // heads,
        "hidden_act": "silu", "max_position_embeddings": context, "rms_norm_eps": 1e-5, "rope_theta": 10000.0,
        "attention_bias": False, "mlp_bias": False, "tie_word_embeddings": False, "initializer_range": 0.02,
        "bos_token_id": 1, "eos_token_id": 2, "pad_token_id": 0, "use_cache": True,
        "mm_projector_type": "mlp2x_gelu", "mm_vision_select_layer": SELECT_LAYER,
        "mm_vision_select_feature": "patch", "mm_use_im_start_end": False, "mm_use_im_patch_token": False,
        "image_aspect_ratio": "square",
    }


class Captioner(nn.Module):
    """Token table, projector and decoder; :meth:`run` is the decoder over new positions with a past."""

    def __init__(self, config: dict):
        super().__init__()
        self.config = config
        c = lm.LlamaConfig.from_config(config)
        self.c = c
        self.embed_tokens = nn.Parameter(torch.empty(c.vocab_size, c.hidden_size))
        self.projector = lm.Projector(lm.projector_depth(config["mm_projector_type"]), config["mm_hidden_size"],
                                      c.hidden_size)
        self.decoder = lm.LlamaDecoder(c)
        self.reset_parameters()

    def reset_parameters(self) -> None:
        """Llama's normal(0, 0.02), the residual outputs scaled by (2 layers)^-1/2; the projector as nn.Linear."""
        std = self.config["initializer_range"]
        nn.init.normal_(self.embed_tokens, std=std)
        for name, p in self.decoder.named_parameters():
            if name.endswith("norm.weight") or "layernorm" in name:
                nn.init.ones_(p)
            elif name.endswith(("o_proj.weight", "down_proj.weight")):
                nn.init.normal_(p, std=std / math.sqrt(2 * self.c.layers))
            else:
                nn.init.normal_(p, std=std)
        for m in self.projector.modules():
            if isinstance(m, nn.Linear):
                nn.Linear.reset_parameters(m)

    def empty_past(self, batch: int) -> List[torch.Tensor]:
        return self.decoder.empty_cache(batch)

    def run(self, x: torch.Tensor, start: int, past: List[torch.Tensor]) -> Tuple[torch.Tensor, List[torch.Tensor]]:
        """Hidden states (before the final norm) of new positions start.. and the present keys and values."""
        b, t = x.shape[0], x.shape[1]
        positions = torch.arange(start, start + t, dtype=torch.int64).expand(b, t)
        cos, sin = self.decoder.rotary(positions)
        bias = lm.attention_bias(torch.ones(b, start + t, dtype=torch.int64), t)
        present = []
        for i, layer in enumerate(self.decoder.layers):
            x, keys, values = layer(x, cos, sin, bias, past[2 * i], past[2 * i + 1])
            present += [keys, values]
        return x, present

    def logits(self, hidden: torch.Tensor) -> torch.Tensor:
        return self.decoder.lm_head(self.decoder.norm(hidden))

    def embed(self, ids: torch.Tensor) -> torch.Tensor:
        return F.embedding(ids, self.embed_tokens)

    def image_past(self, system_ids: List[int], features: torch.Tensor) -> List[torch.Tensor]:
        """Keys and values of [<s> system USER:] (computed once) + each row's projected image tokens."""
        _, past = self.run(self.embed(torch.tensor([system_ids])), 0, self.empty_past(1))
        r = features.shape[0]
        past = [p.expand(r, -1, -1, -1) for p in past]
        _, past = self.run(self.projector(features), len(system_ids), past)
        return past

    def checkpoint_tensors(self) -> Dict[str, torch.Tensor]:
        """The weights under the original LLaVA keys (what export_llava.py reads)."""
        own = dict(self.decoder.named_parameters())
        out = {"model.embed_tokens.weight": self.embed_tokens}
        out.update({src: own[dst] for src, dst in lm.decoder_keys(self.c).items()})
        out["lm_head.weight"] = self.decoder.lm_head.weight
        proj = dict(self.projector.named_parameters())
        out.update({src: proj[dst] for src, dst in lm.projector_keys(len(self.projector.layers) // 2 + 1).items()})
        return {k: v.detach().clone() for k, v in out.items()}


# ----------------------------------------------------------------------------------------------
# Data
# ----------------------------------------------------------------------------------------------

class Scenes:
    """The training datasets as one list of scenes."""

    def __init__(self, folders: List[str], resolution: int, limit: Optional[int] = None):
        self.parts = [wd.load(f, resolution, say) for f in folders]
        self.index = [(p, i) for p, part in enumerate(self.parts) for i in range(len(part))]
        if limit:
            self.index = self.index[:limit]
        self._order = (None, None)

    def __len__(self):
        return len(self.index)

    def order(self, seed: int, epoch: int) -> np.ndarray:
        if self._order[0] != (seed, epoch):
            self._order = ((seed, epoch), np.random.default_rng([seed, epoch]).permutation(len(self.index)))
        return self._order[1]

    def step_scenes(self, seed: int, step: int, count: int) -> List[Tuple[wd.WorldData, int]]:
        """The scenes of a step: consecutive slices of one permutation per epoch (depends on seed and step only)."""
        out = []
        for n in range(step * count, (step + 1) * count):
            epoch, at = divmod(n, len(self.index))
            p, i = self.index[int(self.order(seed, epoch)[at])]
            out.append((self.parts[p], i))
        return out


@dataclass
class Region:
    data: wd.WorldData
    scene: int
    obj: Optional[int]        # None: the whole image (alpha all ones)


def region_inputs(regions: List[Region]) -> Tuple[torch.Tensor, torch.Tensor]:
    """Normalised image [R,3,S,S] and alpha [R,1,S,S], prepared as the Java core prepares them."""
    images = np.stack([r.data.images[r.scene] for r in regions])
    size = images.shape[1]
    maps = torch.ones(len(regions), size, size)
    for n, r in enumerate(regions):
        if r.obj is not None:
            maps[n] = torch.from_numpy(r.data.masks[r.data.mask_index[r.scene][r.obj]]).float() / 255.0
    return wd.image_batch(images), wd.alpha_batch(maps)


class Features:
    """The encoder's layer -2 patch tokens of regions (no gradients)."""

    def __init__(self, encoder: pe.PackageEncoder):
        self.encoder = encoder
        self.index = encoder.layers + SELECT_LAYER     # hidden states list index of hidden_state_{L-1}

    def __call__(self, regions: List[Region]) -> torch.Tensor:
        image, alpha = region_inputs(regions)
        with torch.no_grad():
            return self.encoder.visual.forward_all(image, alpha)[1][self.index][:, 1:].contiguous()


@dataclass
class Example:
    region: int               # row of the step's regions
    task: str
    prompt: List[int]         # ids after the image
    answer: List[int]         # answer ids and </s>


def suffix_batch(examples: List[Example]) -> Tuple[torch.Tensor, torch.Tensor, torch.Tensor]:
    """(input ids [N,T] right-padded, targets [N,T] with -100 off the answer, region rows [N])."""
    rows = [e.prompt + e.answer[:-1] for e in examples]
    t = max(len(r) for r in rows)
    ids = torch.zeros(len(rows), t, dtype=torch.int64)
    targets = torch.full((len(rows), t), -100, dtype=torch.int64)
    for n, (e, r) in enumerate(zip(examples, rows)):
        ids[n, :len(r)] = torch.tensor(r)
        a = len(e.prompt) - 1
        targets[n, a:a + len(e.answer)] = torch.tensor(e.answer)
    return ids, targets, torch.tensor([e.region for e in examples])


class Recipe:
    def __init__(self, tasks: List[ct.Task], tok: ct.Tokenizer, whole_share: float):
        self.tasks, self.tok, self.whole_share = tasks, tok, whole_share
        self.object_tasks = [t for t in tasks if t.region == "object"]
        self.whole_tasks = [t for t in tasks if t.region == "whole"]
        self.prompts = {q: tok.prompt(q) for t in tasks for q in t.questions}
        system = {tuple(b) for b, _ in self.prompts.values()}
        if len(system) != 1:
            raise ValueError("the questions must not change the ids before the image")
        self.system = list(system.pop())

    def example(self, row: int, task: ct.Task, question: str, fields: dict) -> Example:
        return Example(row, task.type, self.prompts[question][1], self.tok.answer(task.answer_for(fields)))

    def step(self, scenes: List[Tuple[wd.WorldData, int]], rng: random.Random) -> Tuple[List[Region], List[Example]]:
        regions: List[Region] = []
        examples: List[Example] = []
        for data, i in scenes:
            scene = data.scenes[i]
            for k in range(len(scene["objects"])):
                regions.append(Region(data, i, k))
                fields = ct.object_fields(scene, k)
                examples += [self.example(len(regions) - 1, t, rng.choice(t.questions), fields)
                             for t in self.object_tasks]
            if self.whole_tasks and rng.random() < self.whole_share:
                regions.append(Region(data, i, None))
                t = rng.choice(self.whole_tasks)
                examples.append(self.example(len(regions) - 1, t, rng.choice(t.questions), ct.scene_fields(scene)))
        return regions, examples


def loss_of(model: Captioner, recipe: Recipe, features: torch.Tensor, examples: List[Example]):
    """Mean cross-entropy over the answer tokens; object and whole-image examples are run as two groups (their
    prompts and answers differ in length). Returns (loss, answer tokens, decoder positions computed)."""
    past = model.image_past(recipe.system, features)
    start = len(recipe.system) + features.shape[1]
    total, count, positions = 0.0, 0, len(recipe.system) + features.shape[0] * features.shape[1]
    groups = [[e for e in examples if e.task != "scene"], [e for e in examples if e.task == "scene"]]
    for group in groups:
        if not group:
            continue
        ids, targets, rows = suffix_batch(group)
        hidden, _ = model.run(model.embed(ids), start, [p.index_select(0, rows) for p in past])
        keep = targets >= 0
        total = total + F.cross_entropy(model.logits(hidden[keep]), targets[keep], reduction="sum")
        count += int(keep.sum())
        positions += ids.numel()
    return total / count, count, positions


# ----------------------------------------------------------------------------------------------
# Greedy answers and the evaluation
# ----------------------------------------------------------------------------------------------

@torch.no_grad()
def greedy(model: Captioner, past: List[torch.Tensor], start: int, rows: torch.Tensor, prompt: List[int],
           max_new: int, eos: int) -> List[List[int]]:
    """Greedy answers (without </s>) to one prompt for the given rows of an image past, through the cache."""
    past = [p.index_select(0, rows) for p in past]
    x = model.embed(torch.tensor([prompt]).expand(len(rows), -1))
    out = [[] for _ in range(len(rows))]
    done = torch.zeros(len(rows), dtype=torch.bool)
    for _ in range(max_new):
        hidden, past = model.run(x, start, past)
        start += x.shape[1]
        token = model.logits(hidden[:, -1]).argmax(-1)
        for n in range(len(rows)):
            if not done[n] and int(token[n]) != eos:
                out[n].append(int(token[n]))
        done |= token == eos
        if bool(done.all()):
            break
        x = model.embed(token[:, None])
    return out


def names(words: List[str], colour: str, shape: str) -> bool:
    """Whether a caption names the object: its colour word right before its shape word."""
    return any(a == colour and b == shape for a, b in zip(words, words[1:]))


@torch.no_grad()
def evaluate(model: Captioner, recipe: Recipe, features: Features, data: wd.WorldData, scenes: int,
             batch: int = 16) -> dict:
    """Greedy answers to the first phrasing of every question on the first ``scenes`` scenes."""
    tok, eos = recipe.tok, recipe.tok.eos
    counts: Dict[str, List[float]] = {}

    def add(key, value):
        counts.setdefault(key, []).append(float(value))

    for first in range(0, min(scenes, len(data)), batch):
        picked = range(first, min(first + batch, scenes, len(data)))
        regions = [Region(data, i, k) for i in picked for k in range(len(data.scenes[i]["objects"]))]
        objects = len(regions)
        regions += [Region(data, i, None) for i in picked]
        whole_row = {i: objects + n for n, i in enumerate(picked)}
        feats = features(regions)
        past = model.image_past(recipe.system, feats)
        start = len(recipe.system) + feats.shape[1]
        object_rows = torch.arange(objects)
        for task in recipe.tasks:
            prompt = recipe.prompts[task.questions[0]][1]
            max_new = task.max_tokens
            if task.region == "whole":
                answers = greedy(model, past, start, torch.arange(objects, len(regions)), prompt, max_new, eos)
                for i, got in zip(picked, answers):
                    scene = data.scenes[i]
                    add(f"{task.type} exact", got == tok.encode(task.answer_for(ct.scene_fields(scene))))
                    words = [tok.words[t] for t in got]
                    for o in scene["objects"]:
                        add(f"{task.type} names each object", names(words, o["colour"], o["shape"]))
                continue
            answers = greedy(model, past, start, object_rows, prompt, max_new, eos)
            for r, got in zip(regions, answers):
                add(f"{task.type} exact", got == tok.encode(task.answer_for(ct.object_fields(data.scenes[r.scene], r.obj))))
            if task.type != "caption":
                continue
            whole = greedy(model, past, start, torch.tensor([whole_row[r.scene] for r in regions[:objects]]), prompt,
                           max_new, eos)
            for r, got, got_whole in zip(regions, answers, whole):
                o = data.scenes[r.scene]["objects"][r.obj]
                for tag, ids in (("mask", got), ("alpha all ones", got_whole)):
                    words = [tok.words[t] for t in ids]
                    add(f"caption names colour+shape, {tag}", names(words, o["colour"], o["shape"]))
                    add(f"caption names colour, {tag}", o["colour"] in words)
                    add(f"caption names shape, {tag}", o["shape"] in words)
                add("caption names colour+shape, one object at random", 1 / len(data.scenes[r.scene]["objects"]))
    return {k: float(np.mean(v)) for k, v in sorted(counts.items())} | {"scenes": min(scenes, len(data))}


def report(tag: str, result: dict) -> None:
    say(f"  {tag} ({result['scenes']} scenes):")
    for k, v in result.items():
        if k != "scenes":
            say(f"    {k:<48} {100 * v:5.1f}%")


# ----------------------------------------------------------------------------------------------
# Training
# ----------------------------------------------------------------------------------------------

def learning_rate(step: int, total: int, warmup: int, peak: float) -> float:
    if step < warmup:
        return peak * (step + 1) / warmup
    progress = (step - warmup) / max(1, total - warmup)
    return peak * (0.1 + 0.9 * 0.5 * (1 + math.cos(math.pi * progress)))


def optimizer(model: Captioner, lr: float, weight_decay: float) -> torch.optim.Optimizer:
    matrices = [p for n, p in model.named_parameters() if p.dim() == 2 and n != "embed_tokens"]
    rest = [p for n, p in model.named_parameters() if not (p.dim() == 2 and n != "embed_tokens")]
    return torch.optim.AdamW([{"params": matrices, "weight_decay": weight_decay},
                              {"params": rest, "weight_decay": 0.0}], lr=lr, betas=(0.9, 0.95), eps=1e-8)


def save_atomic(obj, path: str) -> None:
    tmp = path + ".tmp"
    torch.save(obj, tmp)
    os.replace(tmp, path)


def write_checkpoint(model: Captioner, tok: ct.Tokenizer, folder: str) -> None:
    """The checkpoint folder in LLaVA's original layout: config.json, model.safetensors, tokenizer.json."""
    os.makedirs(folder, exist_ok=True)
    with open(os.path.join(folder, "config.json"), "w", encoding="utf-8") as f:
        json.dump(model.config, f, indent=1)
        f.write("\n")
    mc.write_safetensors(os.path.join(folder, "model.safetensors"), model.checkpoint_tensors())
    tok.write_json(os.path.join(folder, "tokenizer.json"))


def check_encoder(encoder: pe.PackageEncoder, data: wd.WorldData) -> None:
    """PyTorch (as trained, with fast_ops) against visual.onnx on held-out scenes: masks and alpha all ones."""
    regions = [Region(data, 0, 0), Region(data, 1, 0), Region(data, 2, None), Region(data, 3, None)]
    image, alpha = region_inputs(regions)
    errors = pe.check_parity(encoder, image, alpha)
    worst = max(errors)
    say(f"encoder: {encoder.info['name']} ({encoder.folder}), {encoder.layers} blocks, width {encoder.info['width']}; "
        f"PyTorch vs visual.onnx on 4 held-out regions: max |d| / max |ref| per hidden state "
        + ", ".join(f"{e:.1e}" for e in errors))
    if worst > PARITY_TOL:
        raise SystemExit(f"error: the PyTorch image tower differs from {encoder.folder}/visual.onnx by {worst:.2e} "
                         f"(> {PARITY_TOL:g}); the captioner would not be trained on the features Java gives it")


def check_package(model: Captioner, recipe: Recipe, features: Features, data: wd.WorldData, package: str) -> None:
    """The exported graphs (NumPy ONNX interpreter) against the trained model: projected features and the
    first-step logits of one question about two held-out regions."""
    import onnx_numpy_eval as one
    regions = [Region(data, 0, 0), Region(data, 1, None)]
    feats = features(regions)
    question = recipe.tasks[0].questions[0]
    before, after = recipe.prompts[question]
    with torch.no_grad():
        past = model.image_past(recipe.system, feats)
        hidden, _ = model.run(model.embed(torch.tensor([after] * 2)), len(before) + feats.shape[1], past)
        want = model.logits(hidden[:, -1]).numpy()
        want_proj = model.projector(feats).numpy()
    proj = one.run(os.path.join(package, "projector.onnx"), {"image_features": feats.numpy()})["projected_features"]
    table = one.run(os.path.join(package, "embed_tokens.onnx"), {"input_ids": np.array([before + after] * 2)})
    emb = table["inputs_embeds"]
    spliced = np.concatenate([emb[:, :len(before)], proj, emb[:, len(before):]], axis=1).astype(np.float32)
    total = spliced.shape[1]
    c = model.c
    feeds = {"inputs_embeds": spliced, "attention_mask": np.ones((2, total), np.int64),
             "position_ids": np.tile(np.arange(total, dtype=np.int64), (2, 1))}
    for i in range(c.layers):
        for kind in ("key", "value"):
            feeds[f"past_key_values.{i}.{kind}"] = np.zeros((2, c.kv_heads, 0, c.head_dim), np.float32)
    got = one.run(os.path.join(package, "decoder.onnx"), feeds, ["logits"])["logits"]
    err_proj = float(np.abs(proj - want_proj).max() / np.abs(want_proj).max())
    err = float(np.abs(got - want).max() / np.abs(want).max())
    same = bool((got.argmax(-1) == want.argmax(-1)).all())
    say(f"package check: projector.onnx {err_proj:.1e}, decoder.onnx first-step logits {err:.1e} x max |ref|, "
        f"same greedy token: {same}")
    if err > 1e-4 or err_proj > 1e-4 or not same:
        raise SystemExit("error: the exported package does not compute what was trained")


def main(argv=None) -> int:
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    p.add_argument("--encoder", required=True, help="the Alpha-CLIP model package whose features the model takes")
    p.add_argument("--train", action="append", required=True, help="training dataset folder (repeatable)")
    p.add_argument("--test", action="append", required=True,
                   help="held-out dataset folder (repeatable; the first is also checked while training)")
    p.add_argument("--work", required=True, help="folder for the training checkpoint, the checkpoint folder, eval.json")
    p.add_argument("--out", help="MLLM package to export (export_llava.py) after training")
    p.add_argument("--name", help="package name (default: the --out folder's name)")
    p.add_argument("--tasks", default=ct.TASKS_FILE, help="questions and answers (default: captioner_tasks.json)")
    p.add_argument("--seed", type=int, default=0)
    p.add_argument("--steps", type=int, default=800)
    p.add_argument("--scenes", type=int, default=8, help="training scenes per step (all their objects as regions)")
    p.add_argument("--whole-share", type=float, default=0.5, help="share of a step's scenes also seen whole")
    p.add_argument("--lr", type=float, default=1e-3)
    p.add_argument("--warmup", type=int, default=100)
    p.add_argument("--weight-decay", type=float, default=0.1)
    p.add_argument("--hidden", type=int, default=192)
    p.add_argument("--intermediate", type=int, default=512)
    p.add_argument("--layers", type=int, default=4)
    p.add_argument("--heads", type=int, default=6)
    p.add_argument("--kv-heads", type=int, default=2)
    p.add_argument("--context", type=int, default=512, help="max_position_embeddings")
    p.add_argument("--limit-scenes", type=int, help="use only the first N training scenes (short runs)")
    p.add_argument("--eval-scenes", type=int, default=500, help="held-out scenes per --test set at the end")
    p.add_argument("--check-scenes", type=int, default=48, help="held-out scenes of the quick check while training")
    p.add_argument("--check-every", type=int, default=250)
    p.add_argument("--log-every", type=int, default=25)
    p.add_argument("--save-every", type=int, default=100)
    p.add_argument("--resume", action="store_true", help="continue from WORK/captioner-train.pt if it exists")
    p.add_argument("--threads", type=int, default=2)
    args = p.parse_args(argv)

    torch.set_num_threads(args.threads)
    torch.manual_seed(args.seed)
    os.makedirs(args.work, exist_ok=True)
    t0 = time.time()
    tasks = ct.load_tasks(args.tasks)
    tok = ct.Tokenizer.for_tasks(tasks)
    recipe = Recipe(tasks, tok, args.whole_share)

    encoder = pe.load_visual(args.encoder)
    fast_ops.use_convolutions(encoder.visual)
    resolution = encoder.info["resolution"]
    tests = [(os.path.basename(os.path.normpath(f)), wd.load(f, resolution, say)) for f in args.test]
    check_encoder(encoder, tests[0][1])
    features = Features(encoder)
    data = Scenes(args.train, resolution, args.limit_scenes)
    texts = [s["caption"] for part in data.parts for s in part.scenes]
    texts += [o["phrase"] for part in data.parts for s in part.scenes for o in s["objects"]]
    unknown = tok.unknown(texts)
    if unknown:
        raise SystemExit(f"error: the captioner's vocabulary lacks words of the scenes: {unknown}")
    say(f"data: {len(data)} training scenes; {len(tok)} words; prompt: {len(recipe.system)} ids before the image, "
        f"{(resolution // encoder.info['patchSize']) ** 2} image tokens ({encoder.hidden_state_name(SELECT_LAYER)}, "
        f"class token dropped); prepared in {time.time() - t0:.0f} s")

    config = llama_config(len(tok), args.hidden, args.intermediate, args.layers, args.heads, args.kv_heads,
                          args.context)
    config["mm_hidden_size"] = encoder.info["width"]
    model = Captioner(config)
    fast_ops.use_convolutions(model)
    params = sum(p.numel() for p in model.parameters())
    say(f"model: mlp2x_gelu projector {encoder.info['width']} -> {args.hidden}; Llama decoder {args.layers} layers, "
        f"hidden {args.hidden}, {args.heads} heads / {args.kv_heads} key-value heads of {args.hidden // args.heads}, "
        f"SwiGLU {args.intermediate}, vocabulary {len(tok)}; {params / 1e6:.2f} M parameters "
        f"({4 * params / 1e6:.1f} MB as float32)")
    opt = optimizer(model, args.lr, args.weight_decay)
    state_path = os.path.join(args.work, "captioner-train.pt")
    first = 0
    if args.resume and os.path.isfile(state_path):
        state = torch.load(state_path)
        if state["config"] != config or state["seed"] != args.seed or state["vocab"] != tok.words:
            raise SystemExit(f"error: {state_path} was made with another model, seed or vocabulary; remove it or "
                             "drop --resume")
        model.load_state_dict(state["model"])
        opt.load_state_dict(state["optimizer"])
        first = state["step"]
        say(f"resuming from {state_path} at step {first}")

    def save(step):
        save_atomic({"step": step, "model": model.state_dict(), "optimizer": opt.state_dict(), "config": config,
                     "seed": args.seed, "vocab": tok.words, "encoder": encoder.info}, state_path)

    quick = tests[0]
    model.train()
    window: List[float] = []
    answer_tokens = positions = examples_seen = 0
    t_train = time.time()
    for step in range(first, args.steps):
        lr = learning_rate(step, args.steps, args.warmup, args.lr)
        for g in opt.param_groups:
            g["lr"] = lr
        rng = random.Random(args.seed * 1_000_003 + step)
        regions, examples = recipe.step(data.step_scenes(args.seed, step, args.scenes), rng)
        loss, count, pos = loss_of(model, recipe, features(regions), examples)
        opt.zero_grad(set_to_none=True)
        loss.backward()
        torch.nn.utils.clip_grad_norm_(model.parameters(), 1.0)
        opt.step()
        window.append(float(loss))
        answer_tokens += count
        positions += pos
        examples_seen += len(examples)
        done = step + 1
        if done % args.log_every == 0 or done == args.steps:
            el = time.time() - t_train
            say(f"step {done}/{args.steps} loss {np.mean(window):.4f} lr {lr:.2e} | {positions / el:.0f} tok/s "
                f"(decoder positions), {examples_seen / el:.1f} examples/s, {answer_tokens / el:.0f} answer tok/s | "
                f"{el / 60:.1f} min, eta {el / (done - first) * (args.steps - done) / 60:.1f} min")
            window = []
        if done % args.save_every == 0 or done == args.steps:
            save(done)
        if done % args.check_every == 0 and done != args.steps:
            model.eval()
            report(f"check at step {done}, {quick[0]}", evaluate(model, recipe, features, quick[1], args.check_scenes))
            model.train()
    train_minutes = (time.time() - t_train) / 60
    model.eval()

    results = {}
    for name, test in tests:
        t = time.time()
        results[name] = evaluate(model, recipe, features, test, args.eval_scenes)
        report(f"held-out {name}, {time.time() - t:.0f} s", results[name])
    checkpoint = os.path.join(args.work, "checkpoint")
    write_checkpoint(model, tok, checkpoint)
    with open(os.path.join(args.work, "eval.json"), "w", encoding="utf-8") as f:
        json.dump({"steps": args.steps, "seed": args.seed, "train_minutes": train_minutes, "results": results,
                   "encoder": encoder.info}, f, indent=1)
    say(f"wrote {checkpoint} (config.json, model.safetensors, tokenizer.json) and {args.work}/eval.json")
    if args.out:
        arch = (f"mlp2x_gelu projector, Llama decoder {args.layers} layers, hidden {args.hidden}, {len(tok)} words")
        rc = export_llava.main(["--checkpoint", checkpoint, "--encoder", args.encoder, "--out", args.out]
                               + (["--name", args.name] if args.name else [])
                               + ["--description", f"Default captioner trained on the synthetic shapes world "
                                  f"(tools/train/train_captioner.py, seed {args.seed}, {args.steps} steps) over the "
                                  f"Alpha-CLIP package '{encoder.info['name']}': {arch}"])
        if rc != 0:
            return rc
        check_package(model, recipe, features, tests[0][1], args.out)
    say(f"done in {(time.time() - t0) / 60:.1f} min (training {train_minutes:.1f} min)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
