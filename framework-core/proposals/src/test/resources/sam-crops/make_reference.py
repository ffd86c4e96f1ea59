#!/usr/bin/python3.11
"""Reference for the crop layers of the automatic mask generator (not covered by the sam-reference set).

Runs the official SamAutomaticMaskGenerator (segment-anything on PYTHONPATH, commit dca509f) with one
crop layer on the fixture's tiny model and primary image and writes crops.json beside this script:

    PYTHONPATH=SEGMENT_ANYTHING /usr/bin/python3.11 make_reference.py SAM_REFERENCE

SAM_REFERENCE is a complete sam-reference set, with its weights/sam_tiny.safetensors: the repository's copy
(fixtures/sam-reference) leaves the weights out, see its PROVENANCE.md for the full set's source.

Needs torch and torchvision (Debian's python3.11 has them); cv2 is not needed (min_mask_region_area=0).
"""

import json
import os
import struct
import sys
from functools import partial

import numpy as np
import torch
from PIL import Image
from segment_anything import SamAutomaticMaskGenerator
from segment_anything.modeling import ImageEncoderViT, MaskDecoder, PromptEncoder, Sam, TwoWayTransformer

fixtures = sys.argv[1]
c = json.load(open(os.path.join(fixtures, "config.json")))
sam = Sam(
    image_encoder=ImageEncoderViT(depth=c["encoder_depth"], embed_dim=c["encoder_embed_dim"], img_size=1024,
                                  mlp_ratio=c["encoder_mlp_ratio"], norm_layer=partial(torch.nn.LayerNorm, eps=1e-6),
                                  num_heads=c["encoder_num_heads"], patch_size=16, qkv_bias=True, use_rel_pos=True,
                                  global_attn_indexes=c["encoder_global_attn_indexes"],
                                  window_size=c["encoder_window_size"], out_chans=256),
    prompt_encoder=PromptEncoder(embed_dim=256, image_embedding_size=(64, 64), input_image_size=(1024, 1024),
                                 mask_in_chans=c["mask_in_chans"]),
    mask_decoder=MaskDecoder(num_multimask_outputs=3,
                             transformer=TwoWayTransformer(depth=c["decoder_depth"], embedding_dim=256,
                                                           mlp_dim=c["decoder_mlp_dim"], num_heads=c["decoder_num_heads"],
                                                           attention_downsample_rate=c["decoder_attention_downsample_rate"]),
                             transformer_dim=256, iou_head_depth=c["iou_head_depth"],
                             iou_head_hidden_dim=c["iou_head_hidden_dim"]),
    pixel_mean=[123.675, 116.28, 103.53], pixel_std=[58.395, 57.12, 57.375]).eval()
raw = open(os.path.join(fixtures, "weights/sam_tiny.safetensors"), "rb").read()
n = struct.unpack("<Q", raw[:8])[0]
header = json.loads(raw[8:8 + n])
state = {}
for key, v in header.items():
    if key != "__metadata__":
        a, b = v["data_offsets"]
        data = np.frombuffer(raw[8 + n + a:8 + n + b], dtype=np.float16).reshape(v["shape"]).astype(np.float32)
        state[key] = torch.from_numpy(data)
sam.load_state_dict(state, strict=True)

facts = json.load(open(os.path.join(fixtures, "facts.json")))
stem = next(i["stem"] for i in facts["images"] if i["primary"])
image = np.array(Image.open(os.path.join(fixtures, "inputs", stem + "__rgb.png")).convert("RGB"))
settings = {"points_per_side": 4, "crop_n_layers": 1, "crop_n_points_downscale_factor": 1,
            "pred_iou_thresh": 0.88, "stability_score_thresh": 0.95, "box_nms_thresh": 0.7, "crop_nms_thresh": 0.7}
generator = SamAutomaticMaskGenerator(sam, output_mode="binary_mask", **settings)
with torch.no_grad():
    records = generator.generate(image)
# the official embedding of the primary image names the model and image this reference belongs to
embedding_sha256 = next(i["image_embeddings_f32_sha256"] for i in facts["images"] if i["primary"])
out = {"image": stem, "image_embeddings_f32_sha256": embedding_sha256, "settings": settings, "records": [
    {"area": r["area"], "bbox": r["bbox"], "predicted_iou": r["predicted_iou"], "stability_score": r["stability_score"],
     "point_coords": r["point_coords"], "crop_box": r["crop_box"],
     "mask_rows": [int(np.flatnonzero(row).size) for row in r["segmentation"]]} for r in records]}
with open(os.path.join(os.path.dirname(os.path.abspath(__file__)), "crops.json"), "w") as f:
    json.dump(out, f, indent=1)
print(len(records), "records")
