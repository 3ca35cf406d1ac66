"""Embedded-model generation speed: images/s and s/image at batch 1 and 4, peak memory, and the overhead of
the generator wrapper over a bare pipeline call, as a ratio measured in the same run.

    .venv/bin/python bench/generate.py
"""

import resource
import time

import torch
from limner.orchestrator.config import GeneratorConfig
from limner.orchestrator.generator import DiffusersGenerator, GenerationJob


def main() -> None:
    gen = DiffusersGenerator(GeneratorConfig(candidates_per_image=1))
    pipe = gen.pipe
    pipe("warm up", num_inference_steps=2)
    for batch in (1, 4):
        caps = ["a red house below a yellow sun on green grass"] * batch
        seeds = list(range(batch))
        bare, wrapped = [], []
        for _ in range(2):
            s = time.perf_counter()
            pipe(caps, num_inference_steps=20, generator=[torch.Generator().manual_seed(x) for x in seeds],
                 height=64, width=64)
            bare.append(time.perf_counter() - s)
            s = time.perf_counter()
            gen.generate(GenerationJob(captions=caps, seeds=seeds, width=64, height=64, steps=20, guidance=4.0))
            wrapped.append(time.perf_counter() - s)
        b, w = min(bare), min(wrapped)
        print(f"batch {batch}: {w / batch:.2f} s/image, {batch / w:.2f} images/s; wrapper/bare = {w / b:.3f}")
    print(f"peak RSS {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} MB, "
          f"{torch.get_num_threads()} threads, CPU")


if __name__ == "__main__":
    main()
