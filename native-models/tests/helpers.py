"""Test helpers: tiny random models and inputs, a ZeroScope-shaped diffusers folder and
official-layout camera checkpoints (their key layout written out here, independently of
directa_models), and ONNX export/run shortcuts."""

from __future__ import annotations

import functools
import json
from pathlib import Path

import onnxruntime as ort
import torch
from diffusers import AutoencoderKL, UNet3DConditionModel

from directa_models.contract import TensorSpec, graph_specs
from directa_models.onnx_export import export_graph
from directa_models.package import GUIDANCE_SHARED
from directa_models.unet import DirectAVideoUNet

FRAMES, LATENT, TOKENS, REGIONS = 8, 16, 24, 4  # the tiny configuration's shapes

# ZeroScope's block layout (4 blocks, 2 layers each) at narrow widths.
ZEROSCOPE_LIKE_UNET = {
    "down_block_types": ["CrossAttnDownBlock3D", "CrossAttnDownBlock3D", "CrossAttnDownBlock3D", "DownBlock3D"],
    "up_block_types": ["UpBlock3D", "CrossAttnUpBlock3D", "CrossAttnUpBlock3D", "CrossAttnUpBlock3D"],
    "block_out_channels": [16, 16, 32, 32],
    "layers_per_block": 2,
    "norm_num_groups": 8,
    "cross_attention_dim": 32,
    "attention_head_dim": 8,
}
TINY_VAE = {
    "down_block_types": ["DownEncoderBlock2D"] * 4,
    "up_block_types": ["UpDecoderBlock2D"] * 4,
    "block_out_channels": [8, 8, 16, 16],
    "layers_per_block": 1,
    "norm_num_groups": 4,
    "latent_channels": 4,
    "sample_size": 64,
}
CLIP_MERGES = ["c a", "ca t</w>", "d o", "do g</w>"]


def bytes_to_unicode() -> dict[int, str]:
    """CLIP's reversible byte -> printable character table."""
    printable = list(range(ord("!"), ord("~") + 1)) + list(range(ord("¡"), ord("¬") + 1))
    printable += list(range(ord("®"), ord("ÿ") + 1))
    chars = printable[:]
    extra = 0
    for byte in range(256):
        if byte not in printable:
            printable.append(byte)
            chars.append(256 + extra)
            extra += 1
    return dict(zip(printable, map(chr, chars)))


def clip_vocab() -> dict[str, int]:
    """A CLIP-style vocabulary: bytes, bytes + </w>, the merges' results, then the specials."""
    units = list(bytes_to_unicode().values())
    tokens = units + [u + "</w>" for u in units] + ["".join(m.split()) for m in CLIP_MERGES]
    tokens += ["<|startoftext|>", "<|endoftext|>"]
    return {token: index for index, token in enumerate(tokens)}


def official_camera_shapes(unet: UNet3DConditionModel) -> dict[str, tuple[int, ...]]:
    """Key -> shape of the official unet_cam_model.ckpt for this UNet, from the layout of
    the official Direct-a-Video code (fusers in the temporal transformers of the
    cross-attention blocks, single head of the block's head width, GEGLU ff with mult 2)."""
    d = unet.config.cross_attention_dim
    shapes: dict[str, tuple[int, ...]] = {}
    for branch, inputs in (("xy", 32), ("s", 16)):
        for index, (rows, cols) in zip((0, 2, 4), ((512, inputs), (512, 512), (d, 512))):
            shapes[f"position_net.linears_{branch}.{index}.weight"] = (rows, cols)
            shapes[f"position_net.linears_{branch}.{index}.bias"] = (rows,)
    blocks = [(f"down_blocks.{i}", b) for i, b in enumerate(unet.down_blocks)]
    blocks += [("mid_block", unet.mid_block)] + [(f"up_blocks.{i}", b) for i, b in enumerate(unet.up_blocks)]
    for prefix, block in blocks:
        for j, temporal in enumerate(getattr(block, "temp_attentions", [])):
            c = temporal.proj_in.out_features
            head = temporal.transformer_blocks[0].attn1.inner_dim // temporal.transformer_blocks[0].attn1.heads
            p = f"{prefix}.temp_attentions.{j}.transformer_blocks.0.fuser."
            shapes.update({
                p + "alpha_attn": (), p + "alpha_dense": (),
                p + "attn.to_q.weight": (head, c),
                p + "attn.to_k_temp_xy.weight": (head, d), p + "attn.to_k_temp_s.weight": (head, d),
                p + "attn.to_v_temp_xy.weight": (head, d), p + "attn.to_v_temp_s.weight": (head, d),
                p + "attn.to_out.0.weight": (c, head), p + "attn.to_out.0.bias": (c,),
                p + "ff.net.0.proj.weight": (4 * c, c), p + "ff.net.0.proj.bias": (4 * c,),
                p + "ff.net.2.weight": (c, 2 * c), p + "ff.net.2.bias": (c,),
                p + "norm.weight": (c,), p + "norm.bias": (c,),
            })
    return shapes


def official_camera_checkpoint(unet: UNet3DConditionModel, seed: int, alpha: float = 0.7) -> dict[str, torch.Tensor]:
    generator = torch.Generator().manual_seed(seed)
    state = {k: 0.05 * torch.randn(shape, generator=generator) for k, shape in official_camera_shapes(unet).items()}
    for key in state:
        if key.endswith(("alpha_attn", "alpha_dense")):
            state[key] = torch.tensor(alpha)
    return state


def write_fake_zeroscope(folder: Path, seed: int = 0) -> UNet3DConditionModel:
    """Save a random ZeroScope-shaped pipeline folder with save_pretrained; returns its UNet."""
    from transformers import CLIPTextConfig, CLIPTextModel

    torch.manual_seed(seed)
    unet = UNet3DConditionModel(**ZEROSCOPE_LIKE_UNET).eval()
    unet.save_pretrained(folder / "unet")
    AutoencoderKL(**TINY_VAE).save_pretrained(folder / "vae")
    vocab = clip_vocab()
    text_config = CLIPTextConfig(vocab_size=len(vocab), hidden_size=32, intermediate_size=64, num_hidden_layers=2,
                                 num_attention_heads=4, max_position_embeddings=77, projection_dim=32,
                                 bos_token_id=vocab["<|startoftext|>"], eos_token_id=vocab["<|endoftext|>"],
                                 pad_token_id=vocab["<|endoftext|>"])
    CLIPTextModel(text_config).save_pretrained(folder / "text_encoder")
    tokenizer = folder / "tokenizer"
    tokenizer.mkdir(parents=True)
    (tokenizer / "vocab.json").write_text(json.dumps(vocab), encoding="utf-8")
    (tokenizer / "merges.txt").write_text("#version: 0.2\n" + "\n".join(CLIP_MERGES) + "\n", encoding="utf-8")
    (tokenizer / "tokenizer_config.json").write_text(json.dumps({
        "tokenizer_class": "CLIPTokenizer", "model_max_length": 77, "bos_token": "<|startoftext|>",
        "eos_token": "<|endoftext|>", "unk_token": "<|endoftext|>", "pad_token": "!",
    }), encoding="utf-8")
    return unet


def direct_a_video(base: UNet3DConditionModel, camera_state: dict[str, torch.Tensor] | None = None) -> DirectAVideoUNet:
    """A DirectAVideoUNet with the base's weights and, if given, camera weights."""
    model = DirectAVideoUNet(UNet3DConditionModel.from_config(base.config)).eval()
    model.load_base_state_dict(base.state_dict())
    if camera_state is not None:
        model.load_camera_state_dict(camera_state)
    return model


def trained_camera_state(model: DirectAVideoUNet, seed: int = 1, alpha: float = 0.8) -> dict[str, torch.Tensor]:
    """Camera weights as after training: random values and non-zero gates."""
    generator = torch.Generator().manual_seed(seed)
    state = {}
    for key, value in model.camera_state_dict().items():
        if key.endswith(("alpha_attn", "alpha_dense")):
            state[key] = torch.tensor(alpha)
        else:
            state[key] = 0.1 * torch.randn(value.shape, generator=generator)
    return state


Inputs = dict[str, torch.Tensor]


def make_inputs(batch: int = 2, camera: bool = False, boxes: bool = False, seed: int = 0) -> Inputs:
    """UNet inputs by the contract's names; camera/boxes switch the two controls on."""
    generator = torch.Generator().manual_seed(seed)
    inputs = {
        "sample": torch.randn(batch, 4, FRAMES, LATENT, LATENT, generator=generator),
        "timestep": torch.linspace(950.0, 400.0, batch),
        "encoder_hidden_states": torch.randn(batch, TOKENS, 32, generator=generator),
        "camera": torch.tensor([[0.6, -0.4, 1.6]] * batch),
        "camera_gate": torch.full((batch,), 1.0 if camera else 0.0),
        "region_masks": torch.zeros(batch, REGIONS, FRAMES, LATENT, LATENT),
        "region_tokens": torch.zeros(batch, REGIONS, TOKENS),
        "region_gain": torch.zeros(batch, REGIONS, FRAMES),
        "suppress_tokens": torch.zeros(batch, TOKENS),
    }
    if boxes:
        for frame in range(FRAMES):  # object 0 moves right, object 1 stays, region 2 is background
            inputs["region_masks"][:, 0, frame, 2:8, frame : frame + 6] = 1.0
        inputs["region_masks"][:, 1, :, 9:15, 8:14] = 1.0
        inputs["region_masks"][:, 2] = 1.0 - inputs["region_masks"][:, :2].amax(dim=1)
        inputs["region_tokens"][:, 0, 2] = 1.0
        inputs["region_tokens"][:, 1, 5] = 1.0
        inputs["region_tokens"][:, 2, 8:10] = 1.0
        area = inputs["region_masks"][:, :3].mean(dim=(-1, -2))
        inputs["region_gain"][:, :3] = 25.0 * (1.0 - area)
        inputs["suppress_tokens"][:, 1:11] = 1.0
    return inputs


def unet_specs() -> tuple[list[TensorSpec], list[TensorSpec]]:
    """The contract's UNet inputs and output for the tiny configuration's shapes."""
    manifest = {"text": {"maxTokens": TOKENS, "dim": 32}, "maxRegions": REGIONS, "frames": FRAMES,
                "latent": {"channels": 4, "height": LATENT, "width": LATENT}, "height": 8 * LATENT,
                "width": 8 * LATENT}
    return graph_specs(manifest)["unet"]


def export_unet(model: DirectAVideoUNet, path: Path) -> Path:
    inputs, outputs = unet_specs()
    example = make_inputs(batch=1, camera=True, boxes=True)
    export_graph(model, [example[spec.name] for spec in inputs], path, inputs, outputs,
                 shared_batch_inputs=GUIDANCE_SHARED["unet"])
    return path


@functools.lru_cache(maxsize=8)
def _session(path: str, mtime_ns: int) -> ort.InferenceSession:
    options = ort.SessionOptions()
    options.intra_op_num_threads = 1
    return ort.InferenceSession(path, options, providers=["CPUExecutionProvider"])


def run_onnx(path: Path, inputs: Inputs) -> torch.Tensor:
    """First output of the graph at ``path`` (sessions are cached per file version)."""
    session = _session(str(path), path.stat().st_mtime_ns)
    return torch.from_numpy(session.run(None, {k: v.numpy() for k, v in inputs.items()})[0])
