#!/usr/bin/env python3
"""Export a SAM-family checkpoint to the TorchScript contract of MedSAM Agent Studio's SamSegmenter.

Writes OUT/encoder.pt, OUT/decoder.pt and OUT/model.json; point the app at OUT with `--sam-model OUT`.
The contract (docs/sam-backend.md):

  encoder.pt   forward(image[1,3,S,S]) -> one tensor (SAM/MedSAM: image embedding [1,256,S/16,S/16])
               or a tuple of three (SAM2/MedSAM2: image_embed, high_res_feats_0, high_res_feats_1)
  decoder.pt   forward(*encoder_outputs, point_coords[1,N,2], point_labels[1,N], mask_input[1,1,L,L],
                       has_mask_input[1]) -> (masks[1,K,H,W], iou_predictions[1,K], low_res_logits[1,K,L,L])
               point coordinates are model input pixels; labels 1 positive, 0 negative, 2/3 box corners,
               -1 padding; K = 4 (the single-mask token first, then the three multimask tokens).
  model.json   input size, resize mode, pixel mean/std, intensity normalisation, number of encoder outputs,
               mask threshold, mask indices, low-res size (L), point padding.

All pre- and post-processing (intensity windowing, resizing, padding, coordinate mapping, upsampling of the
logits, thresholding) is done by the C++ side; the exported modules contain only the networks.

Run it where PyTorch and the official code are installed (it needs no GPU):

  # SAM (github.com/facebookresearch/segment-anything), e.g. sam_vit_b_01ec64.pth
  python export_sam_torchscript.py sam --model-type vit_b --checkpoint sam_vit_b_01ec64.pth --out models/sam-vit-b
  # MedSAM (github.com/bowang-lab/MedSAM): a SAM ViT-B checkpoint, used with MedSAM's own preprocessing
  python export_sam_torchscript.py medsam --checkpoint medsam_vit_b.pth --out models/medsam
  # SAM 2.1 (github.com/facebookresearch/sam2); default --config configs/sam2.1/sam2.1_hiera_b+.yaml
  python export_sam_torchscript.py sam2 --checkpoint sam2.1_hiera_base_plus.pt --out models/sam2.1-base-plus
  # MedSAM2 as the published MedSAM-Agent runs it: MedSAM2_latest.pt in sam2.1_hiera_t.yaml, input 1024,
  # 256x256 low-res logits (the default --config for medsam2)
  python export_sam_torchscript.py medsam2 --checkpoint MedSAM2_latest.pt --out models/medsam2
  # MedSAM2 at its own training resolution, 512 (128x128 logits): NOT what the agent was trained with
  python export_sam_torchscript.py medsam2 --config configs/sam2.1_hiera_t512.yaml \
      --checkpoint checkpoints/MedSAM2_latest.pt --out models/medsam2-512

`--show-config` prints the configuration an export would use (config, input size, low-res size, whether it
is the published agent's setup) as JSON and exits; it needs no PyTorch.

The script checks its own output: the traced decoder is compared with the untraced wrapper for several point
counts, and the wrapper with the official prompt encoder + mask decoder on the same embedding.

STATUS: written from the public code of segment_anything (utils/onnx.py, modeling/*) and sam2
(sam2_image_predictor.py, modeling/sam/*); it has NOT been run in this repository (no weights, no PyTorch
here). IMIS-Net is not covered: its prompt handling needs its own decoder wrapper and its published
preprocessing (a white letterbox) is not one of the C++ resize modes (docs/sam-backend.md, "IMIS-Net").
"""

import argparse
import json
import os
import re
import sys

try:
    import torch
    import torch.nn as nn
except ImportError:  # --show-config works without PyTorch; an export says it needs it
    torch = None

    class nn:  # noqa: N801 - stands in for torch.nn so that the module definitions below load
        Module = object

# The SAM2 configs the published MedSAM-Agent inference uses (infer/run_batch_inference.sh): MedSAM2_latest.pt
# in the Hiera-tiny config at 1024 (256x256 low-res logits), SAM 2.1 base-plus at 1024.
PUBLISHED_CONFIGS = {
    "medsam2": "configs/sam2.1/sam2.1_hiera_t.yaml",
    "sam2": "configs/sam2.1/sam2.1_hiera_b+.yaml",
}
NOT_TRAINED_WITH = "not what the MedSAM-Agent was trained with (it ran MedSAM2 in sam2.1_hiera_t.yaml at 1024)"

SAM_MEAN = [123.675, 116.28, 103.53]  # ImageNet mean/std in 0..255 units (SAM, and SAM2's 0.485.. * 255)
SAM_STD = [58.395, 57.12, 57.375]


# ----------------------------------------------------------------------------------------------------------
# Prompt embedding shared by SAM and SAM2 (both prompt encoders have the same parts). Written as in
# segment_anything/utils/onnx.py (SamOnnxModel) so that it traces without data-dependent control flow.
# ----------------------------------------------------------------------------------------------------------
def embed_points(prompt_encoder, image_size, coords, labels):
    coords = coords + 0.5  # shift to the pixel centre, as PromptEncoder._embed_points does
    coords = coords / image_size
    emb = prompt_encoder.pe_layer._pe_encoding(coords)
    labels = labels.unsqueeze(-1).expand_as(emb)
    emb = emb * (labels != -1)
    emb = emb + prompt_encoder.not_a_point_embed.weight * (labels == -1)
    for i in range(prompt_encoder.num_point_embeddings):
        emb = emb + prompt_encoder.point_embeddings[i].weight * (labels == i)
    return emb


def embed_masks(prompt_encoder, mask_input, has_mask_input):
    dense = has_mask_input * prompt_encoder.mask_downscaling(mask_input)
    return dense + (1 - has_mask_input) * prompt_encoder.no_mask_embed.weight.reshape(1, -1, 1, 1)


# ----------------------------------------------------------------------------------------------------------
# SAM / MedSAM (segment_anything)
# ----------------------------------------------------------------------------------------------------------
class SamEncoder(nn.Module):
    def __init__(self, sam):
        super().__init__()
        self.image_encoder = sam.image_encoder

    def forward(self, image):
        return self.image_encoder(image)


class SamDecoder(nn.Module):
    def __init__(self, sam):
        super().__init__()
        self.prompt_encoder = sam.prompt_encoder
        self.mask_decoder = sam.mask_decoder
        self.image_size = sam.image_encoder.img_size

    def forward(self, image_embeddings, point_coords, point_labels, mask_input, has_mask_input):
        sparse = embed_points(self.prompt_encoder, self.image_size, point_coords, point_labels)
        dense = embed_masks(self.prompt_encoder, mask_input, has_mask_input)
        # predict_masks returns all 4 tokens' masks (single-mask token first) at 4x the embedding size.
        masks, iou = self.mask_decoder.predict_masks(
            image_embeddings=image_embeddings,
            image_pe=self.prompt_encoder.get_dense_pe(),
            sparse_prompt_embeddings=sparse,
            dense_prompt_embeddings=dense,
        )
        return masks, iou, masks


def load_sam(args):
    from segment_anything import sam_model_registry

    sam = sam_model_registry[args.model_type](checkpoint=args.checkpoint)
    return sam.eval()


# ----------------------------------------------------------------------------------------------------------
# SAM 2.1 / MedSAM2 (sam2)
# ----------------------------------------------------------------------------------------------------------
class Sam2Encoder(nn.Module):
    """SAM2ImagePredictor.set_image without the transforms: returns (image_embed, high_res_0, high_res_1)."""

    def __init__(self, model):
        super().__init__()
        self.model = model
        s = model.image_size
        # SAM2ImagePredictor hard-codes (256,256),(128,128),(64,64) for 1024; derive them for other sizes (512).
        self.feat_sizes = [(s // 4, s // 4), (s // 8, s // 8), (s // 16, s // 16)]

    def forward(self, image):
        backbone_out = self.model.forward_image(image)
        _, vision_feats, _, _ = self.model._prepare_backbone_features(backbone_out)
        if self.model.directly_add_no_mem_embed:
            vision_feats[-1] = vision_feats[-1] + self.model.no_mem_embed
        feats = [
            feat.permute(1, 2, 0).reshape(1, -1, h, w) for feat, (h, w) in zip(vision_feats, self.feat_sizes)
        ]
        return feats[2], feats[0], feats[1]


class Sam2Decoder(nn.Module):
    def __init__(self, model):
        super().__init__()
        self.prompt_encoder = model.sam_prompt_encoder
        self.mask_decoder = model.sam_mask_decoder
        self.image_size = model.image_size

    def forward(self, image_embed, high_res_0, high_res_1, point_coords, point_labels, mask_input, has_mask_input):
        sparse = embed_points(self.prompt_encoder, self.image_size, point_coords, point_labels)
        dense = embed_masks(self.prompt_encoder, mask_input, has_mask_input)
        masks, iou, _, _ = self.mask_decoder.predict_masks(
            image_embeddings=image_embed,
            image_pe=self.prompt_encoder.get_dense_pe(),
            sparse_prompt_embeddings=sparse,
            dense_prompt_embeddings=dense,
            repeat_image=False,
            high_res_features=[high_res_0, high_res_1],
        )
        # SAM2ImagePredictor clamps the low-resolution logits it hands back for reuse as mask input.
        return masks, iou, torch.clamp(masks, -32.0, 32.0)


def load_sam2(args):
    from sam2.build_sam import build_sam2

    return build_sam2(args.config, args.checkpoint, device="cpu").eval()


# ----------------------------------------------------------------------------------------------------------
# Export and checks
# ----------------------------------------------------------------------------------------------------------
def example_prompts(n, image_size, low_res, with_box):
    g = torch.Generator().manual_seed(n)
    coords = torch.rand(1, n, 2, generator=g) * (image_size - 1)
    labels = torch.randint(0, 2, (1, n), generator=g).float()
    if with_box:
        labels[0, 0], labels[0, 1] = 2.0, 3.0
    if not with_box or n > 2:
        labels[0, -1] = -1.0
        coords[0, -1] = 0.0
    mask_input = torch.randn(1, 1, low_res, low_res, generator=g)
    has_mask = torch.tensor([float(n % 2)])
    return coords, labels, mask_input, has_mask


def check_close(name, a, b, tol=1e-4):
    err = (a - b).abs().max().item()
    scale = max(1.0, b.abs().max().item())
    if err > tol * scale:
        sys.exit(f"check failed: {name}: max abs difference {err:g}")
    print(f"  ok: {name} (max abs difference {err:.2e})")


def official_decode(family, model, feats, coords, labels, mask_input, has_mask):
    """The same decode through the official modules (prompt encoder + mask decoder), for checking.

    The prompt encoders' own forward() append a padding point whenever boxes is None; our inputs already carry
    their padding point (the C++ side adds it per model.json), so _embed_points is called with pad=False."""
    pe = model.prompt_encoder if family == "sam" else model.sam_prompt_encoder
    md = model.mask_decoder if family == "sam" else model.sam_mask_decoder
    sparse = pe._embed_points(coords, labels, pad=False)
    if has_mask.item() > 0.5:
        dense = pe._embed_masks(mask_input)
    else:
        h, w = pe.image_embedding_size
        dense = pe.no_mask_embed.weight.reshape(1, -1, 1, 1).expand(1, -1, h, w)
    if family == "sam":
        return md.predict_masks(feats[0], pe.get_dense_pe(), sparse, dense)
    m, iou, _, _ = md.predict_masks(
        image_embeddings=feats[0], image_pe=pe.get_dense_pe(), sparse_prompt_embeddings=sparse,
        dense_prompt_embeddings=dense, repeat_image=False, high_res_features=[feats[1], feats[2]])
    return m, iou


def expected_input_size(config):
    """The input size a SAM2 config name implies (its yaml sets image_size; *512*.yaml configs use 512)."""
    return 512 if re.search(r"512", os.path.basename(config or "")) else 1024


def resolved_config(args):
    """What an export of these arguments uses; the export itself reads the sizes from the built model."""
    if args.kind not in ("sam2", "medsam2"):
        return {"kind": args.kind, "config": None, "input_size": 1024, "low_res_size": 256, "published": False}
    size = expected_input_size(args.config)
    published = args.kind == "medsam2" and args.config == PUBLISHED_CONFIGS["medsam2"]
    info = {"kind": args.kind, "config": args.config, "input_size": size, "low_res_size": size // 4,
            "published": published}
    if args.kind == "medsam2" and not published:
        info["note"] = NOT_TRAINED_WITH
    return info


def export(args):
    if torch is None:
        sys.exit("export_sam_torchscript.py: exporting needs PyTorch (and the official sam2/segment_anything code)")
    family = "sam2" if args.kind in ("sam2", "medsam2") else "sam"
    model = load_sam2(args) if family == "sam2" else load_sam(args)
    if family == "sam":
        encoder, decoder = SamEncoder(model).eval(), SamDecoder(model).eval()
        image_size = model.image_encoder.img_size
    else:
        encoder, decoder = Sam2Encoder(model).eval(), Sam2Decoder(model).eval()
        image_size = model.image_size
    low_res = image_size // 4
    os.makedirs(args.out, exist_ok=True)

    with torch.no_grad():
        image = torch.randn(1, 3, image_size, image_size)
        print(f"tracing the encoder at {image_size}x{image_size} (takes a while on a CPU)...")
        traced_encoder = torch.jit.trace(encoder, (image,), check_trace=False)
        feats = traced_encoder(image)
        feats = (feats,) if isinstance(feats, torch.Tensor) else tuple(feats)
        ref = encoder(image)
        ref = (ref,) if isinstance(ref, torch.Tensor) else tuple(ref)
        for i, (a, b) in enumerate(zip(feats, ref)):
            check_close(f"encoder output {i} {tuple(a.shape)}", a, b)

        print("tracing the decoder...")
        example = example_prompts(3, image_size, low_res, with_box=True)
        traced_decoder = torch.jit.trace(decoder, (*feats, *example), check_trace=False)
        # The trace must generalise over the number of points and the mask flag.
        for n, with_box in ((1, False), (2, True), (5, True), (6, False)):
            prompts = example_prompts(n, image_size, low_res, with_box)
            got = traced_decoder(*feats, *prompts)
            want = decoder(*feats, *prompts)
            for name, a, b in zip(("masks", "iou", "low_res"), got, want):
                check_close(f"traced decoder {name}, {n} points", a, b)
            off_m, off_iou = official_decode(family, model, feats, *prompts)
            check_close(f"wrapper vs official masks, {n} points", want[0], off_m)
            check_close(f"wrapper vs official IoU, {n} points", want[1], off_iou)
        masks = got[0]

    traced_encoder.save(os.path.join(args.out, "encoder.pt"))
    traced_decoder.save(os.path.join(args.out, "decoder.pt"))

    spec = {
        "format": "medsam-sam/1",
        "name": args.name or args.kind,
        "family": family,
        "description": f"exported by packaging/export_sam_torchscript.py from {os.path.basename(args.checkpoint)}"
        + (f" with {args.config}" if args.config else "")
        + (f"; input {image_size}: {NOT_TRAINED_WITH}" if args.kind == "medsam2" and image_size != 1024 else ""),
        "encoder": "encoder.pt",
        "decoder": "decoder.pt",
        "input_size": image_size,
        "pixel_mean": SAM_MEAN,
        "pixel_std": SAM_STD,
        "encoder_outputs": 1 if family == "sam" else 3,
        "mask_threshold": 0.0,
        "mask_outputs": int(masks.shape[1]),
        "single_mask_index": 0,
        "multimask_indices": list(range(1, int(masks.shape[1]))),
        "low_res_size": low_res,
    }
    if args.kind == "sam":
        # SamPredictor: longest side to 1024, pad bottom/right, padding point only without a box.
        spec.update(resize="longest_side_pad", point_padding="when_no_box")
    elif args.kind == "medsam":
        # MedSAM's inference script: stretch to 1024x1024, scale 0..255 to 0..1 (mean 0, std 255), no ImageNet
        # normalisation; boxes; single-mask output.
        spec.update(resize="stretch", point_padding="when_no_box", pixel_mean=[0.0, 0.0, 0.0],
                    pixel_std=[255.0, 255.0, 255.0])
    else:
        # SAM2Transforms: stretch to SxS, ToTensor (/255), ImageNet mean/std; the predictor passes the box as
        # points, so the prompt encoder always appends a padding point.
        spec.update(resize="stretch", point_padding="always")
        md = model.sam_mask_decoder
        if getattr(md, "dynamic_multimask_via_stability", False):
            spec["single_mask_stability"] = {"delta": float(md.dynamic_multimask_stability_delta),
                                             "threshold": float(md.dynamic_multimask_stability_thresh)}
    if args.window:
        centre, width = (float(v) for v in args.window.split(","))
        spec["intensity"] = {"mode": "window", "center": centre, "width": width}
    elif args.kind in ("medsam", "medsam2"):
        spec["intensity"] = {"mode": "percentile", "lower": 0.5, "upper": 99.5}
    else:
        spec["intensity"] = {"mode": args.intensity}

    with open(os.path.join(args.out, "model.json"), "w") as f:
        json.dump(spec, f, indent=2)
        f.write("\n")
    print(f"wrote {args.out}/encoder.pt, decoder.pt, model.json")


def main():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("kind", choices=["sam", "medsam", "sam2", "medsam2"])
    p.add_argument("--checkpoint", required=True, help="official .pth/.pt weights")
    p.add_argument("--model-type", default="vit_b", help="SAM registry key (vit_b, vit_l, vit_h); sam/medsam")
    p.add_argument("--config", help="sam2/medsam2 Hydra config (default: the published agent's, "
                   + ", ".join(f"{k}: {v}" for k, v in PUBLISHED_CONFIGS.items()) + ")")
    p.add_argument("--show-config", action="store_true",
                   help="print the configuration an export would use as JSON and exit (needs no PyTorch)")
    p.add_argument("--out", required=True, help="output directory (created)")
    p.add_argument("--name", help="model name recorded with trajectories (default: the kind)")
    p.add_argument("--window", help="CT window 'centre,width' in HU for the intensity normalisation")
    p.add_argument("--intensity", default="percentile", choices=["percentile", "minmax", "none"],
                   help="intensity mode for sam/sam2 when no --window is given (none = 8-bit photographs)")
    args = p.parse_args()
    if args.kind in PUBLISHED_CONFIGS and not args.config:
        args.config = PUBLISHED_CONFIGS[args.kind]
    if args.show_config:
        print(json.dumps(resolved_config(args), sort_keys=True))
        return
    if args.kind == "medsam2" and args.config != PUBLISHED_CONFIGS["medsam2"]:
        print(f"note: {args.config} is {NOT_TRAINED_WITH}", file=sys.stderr)
    export(args)


if __name__ == "__main__":
    main()
