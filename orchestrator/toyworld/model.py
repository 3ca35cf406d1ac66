"""Networks of the embedded toy-world model: the text encoder (packaged MiniLM), the UNet and the checker."""

from __future__ import annotations

from pathlib import Path

import torch
from limner.policies.packaged import minilm_dir
from torch import nn

from .world import BACKGROUNDS, COLORS, SHAPES

MAX_TOKENS = 77
TEXT_DIM = 384
WEIGHTS_DIR = Path(__file__).parent / "weights"


class TextEncoder:
    """Per-token embeddings of a caption (not the pooled sentence vector: it barely separates colours)."""

    def __init__(self, path: str | Path | None = None, device: str | torch.device = "cpu",
                 dtype: torch.dtype = torch.float32) -> None:
        from transformers import AutoModel, AutoTokenizer

        path = Path(path) if path else minilm_dir()
        self.tokenizer = AutoTokenizer.from_pretrained(str(path))
        self.model = AutoModel.from_pretrained(str(path), dtype=dtype).to(device).eval()
        self.model.requires_grad_(False)
        self.device = torch.device(device)

    def tokenize(self, texts: list[str]) -> tuple[torch.Tensor, torch.Tensor]:
        """Token ids padded to the longest text of the batch (at most ``MAX_TOKENS``) and the attention mask."""
        enc = self.tokenizer(texts, padding="longest", truncation=True, max_length=MAX_TOKENS, return_tensors="pt")
        return enc["input_ids"], enc["attention_mask"]

    @torch.no_grad()
    def encode_ids(self, ids: torch.Tensor, mask: torch.Tensor) -> tuple[torch.Tensor, torch.Tensor]:
        ids, mask = ids.to(self.device), mask.to(self.device)
        hidden = self.model(input_ids=ids, attention_mask=mask).last_hidden_state
        return hidden, mask

    def encode(self, texts: list[str]) -> tuple[torch.Tensor, torch.Tensor]:
        return self.encode_ids(*self.tokenize(texts))


# The miniature Stable Diffusion: a VAE that maps 64x64 renders to 8x8x16 latents, a UNet that denoises latents
# conditioned on MiniLM token embeddings, and a v-prediction cosine schedule. Sizes were chosen on this CPU
# (docs/toyworld.md): a UNet on 8x8 latents trains about 2.5x faster than one on 16x16; 8x8x4 latents lost the
# checker's facts in reconstruction (0.60 all-facts-right vs 0.94 on the renders), so 8x8 keeps 16 channels.
LATENT_CHANNELS = 16
LATENT_SIDE = 8


def make_vae():  # -> AutoencoderKL
    from diffusers import AutoencoderKL

    return AutoencoderKL(
        in_channels=3, out_channels=3, latent_channels=LATENT_CHANNELS, sample_size=64, layers_per_block=1,
        down_block_types=("DownEncoderBlock2D",) * 4, up_block_types=("UpDecoderBlock2D",) * 4,
        block_out_channels=(32, 64, 96, 128), norm_num_groups=16,
    )


def make_unet():  # -> UNet2DConditionModel
    from diffusers import UNet2DConditionModel

    return UNet2DConditionModel(
        sample_size=LATENT_SIDE, in_channels=LATENT_CHANNELS, out_channels=LATENT_CHANNELS, layers_per_block=1,
        block_out_channels=(64, 128, 256),
        down_block_types=("CrossAttnDownBlock2D",) * 3, up_block_types=("CrossAttnUpBlock2D",) * 3,
        cross_attention_dim=TEXT_DIM, attention_head_dim=32, norm_num_groups=32,
    )


def make_train_scheduler():
    from diffusers import DDPMScheduler

    return DDPMScheduler(num_train_timesteps=1000, beta_schedule="squaredcos_cap_v2", prediction_type="v_prediction")


def make_sample_scheduler():
    from diffusers import DPMSolverMultistepScheduler

    return DPMSolverMultistepScheduler(
        num_train_timesteps=1000, beta_schedule="squaredcos_cap_v2", prediction_type="v_prediction",
        algorithm_type="dpmsolver++", solver_order=2,
    )


class ToyChecker(nn.Module):
    """Reads a 64x64 toy-world image: per shape the count (0-3), colour and centre; and the background."""

    def __init__(self) -> None:
        super().__init__()

        def block(i: int, o: int) -> nn.Sequential:
            return nn.Sequential(nn.Conv2d(i, o, 3, padding=1), nn.BatchNorm2d(o), nn.ReLU(),
                                 nn.Conv2d(o, o, 3, padding=1), nn.BatchNorm2d(o), nn.ReLU(), nn.MaxPool2d(2))

        self.features = nn.Sequential(block(3, 32), block(32, 64), block(64, 96), block(96, 128))  # -> 4x4
        self.trunk = nn.Sequential(nn.Flatten(), nn.Linear(128 * 16, 512), nn.ReLU(), nn.Dropout(0.1))
        n = len(SHAPES)
        self.count = nn.Linear(512, n * 4)
        self.color = nn.Linear(512, n * len(COLORS))
        self.center = nn.Linear(512, n * 2)
        self.background = nn.Linear(512, len(BACKGROUNDS))

    def forward(self, x: torch.Tensor) -> dict[str, torch.Tensor]:
        """``x``: float images in [-1, 1], shape (B, 3, 64, 64)."""
        h = self.trunk(self.features(x))
        n = len(SHAPES)
        return {
            "count": self.count(h).view(-1, n, 4),
            "color": self.color(h).view(-1, n, len(COLORS)),
            "center": torch.sigmoid(self.center(h).view(-1, n, 2)),
            "background": self.background(h),
        }
