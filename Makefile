# One task runner: make install | install-browser | test | test-fast | test-llm | lint | format
#                 | eval | eval-councils | bench | load | bench-scale | bench-embedding
PYTHON ?= python3.11
VENV ?= .venv
BIN := $(VENV)/bin
# torch 2.13.0 is a CPU build kept on local disk; any other version pulls CUDA packages.
TORCH_WHEELS ?= /opt/wheels
FIND_LINKS := $(if $(wildcard $(TORCH_WHEELS)),--find-links $(TORCH_WHEELS))
CORPUS ?= ../shared/corpus
QUESTIONS ?= ../shared/eval/dev_questions.jsonl
EVAL_INDEX ?= var/eval-index
COUNCILS ?= ../shared/councils
COUNCILS_INDEX ?= var/councils-index
# what the scripts that tune a constant on half the councils read: both indexes, their questions
LEAVE_OUT_ARGS = --index $(COUNCILS_INDEX) --questions $(COUNCILS)/questions-minutes.jsonl \
	$(COUNCILS)/questions-plans.jsonl --index $(EVAL_INDEX) --questions $(QUESTIONS)

.PHONY: install install-ocr install-browser install-llm test test-fast test-llm lint format eval eval-councils fusion-weight \
	answer-threshold sentence-weights \
	bench \
	load bench-scale bench-ocr \
	bench-embedding

install:
	-@$(MAKE) --no-print-directory install-ocr || \
		echo "Tesseract not installed: scanned pages will not be read (make install-ocr as root)"
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install $(FIND_LINKS) torch==2.13.0
	$(BIN)/pip install $(FIND_LINKS) -e '.[dev,langchain]'
	npm ci --no-audit --no-fund  # axe-core, for the widget's accessibility test

# Debian's Chromium for the widget's browser tests (needs root; .ci/run does this)
# Tesseract for scanned pages (Debian packages; needs root). `make install` tries it and goes on
# without: scans are then reported with this hint instead of read.
install-ocr:
	command -v tesseract >/dev/null || \
		(apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq \
			tesseract-ocr tesseract-ocr-eng)

install-browser:
	command -v chromium >/dev/null || \
		(apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium)

test:
	$(BIN)/python -m pytest -m "not llm"

test-fast:
	$(BIN)/python -m pytest -m "not corpus and not llm"

# llama.cpp built for any x86-64 (a native build dies with an illegal instruction here);
# the first build takes about 7 minutes, later installs reuse pip's wheel cache.
install-llm:
	CMAKE_ARGS="-DGGML_NATIVE=OFF" $(BIN)/pip install -e '.[dev,llm]'

test-llm: install-llm
	$(BIN)/python -m pytest -m llm -s

lint:
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format:
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

# Quality: ours beside the LangChain tutorial pipeline and BM25 (reports in artifacts/eval/).
eval:
	$(BIN)/assistant ingest $(CORPUS) --index $(EVAL_INDEX)
	$(BIN)/assistant eval $(QUESTIONS) --index $(EVAL_INDEX) --out artifacts/eval

# The same on other councils' minutes and plans, reported by council (artifacts/eval-councils/).
eval-councils:
	$(BIN)/assistant ingest $(COUNCILS)/minutes $(COUNCILS)/plans --index $(COUNCILS_INDEX)
	$(BIN)/assistant eval $(COUNCILS)/questions-minutes.jsonl $(COUNCILS)/questions-plans.jsonl \
		--index $(COUNCILS_INDEX) --out artifacts/eval-councils

# The vector ranking's weight in the fusion, tuned on half the councils, checked on the rest.
fusion-weight:
	$(BIN)/python -m eval.fusion_weight $(LEAVE_OUT_ARGS)

# The answers' abstention threshold, tuned on half the councils, checked on the rest.
answer-threshold:
	$(BIN)/python -m eval.answer_threshold $(LEAVE_OUT_ARGS)

# The sentence score's weights (meaning, shared words, passage rank), tuned on half the councils.
sentence-weights:
	$(BIN)/python -m eval.sentence_weights $(LEAVE_OUT_ARGS)

# Speed and memory: ingest split by stage beside the tutorial pipeline, HTTP latency
# (artifacts/bench/).
bench:
	$(BIN)/python -m eval.bench --corpus $(CORPUS) --questions $(QUESTIONS) --out artifacts/bench

# POST /ask from 16 clients for 60 s after a warm-up, with the server's memory per window
# (artifacts/load/).
load:
	$(BIN)/assistant ingest $(CORPUS) --index $(EVAL_INDEX)
	$(BIN)/python -m eval.soak --index $(EVAL_INDEX) --questions $(QUESTIONS) --out artifacts/load

# Index growth at 1×, 10× and 100× the corpus's passages (longer: about 10 minutes).
bench-scale:
	$(BIN)/assistant ingest $(CORPUS) --index $(EVAL_INDEX)
	$(BIN)/python -m eval.bench_scale --index $(EVAL_INDEX) --questions $(QUESTIONS) \
		--out artifacts/bench-scale

# OCR: seconds per page, character accuracy and a 20-page scan's ingest (artifacts/bench-ocr/).
bench-ocr:
	$(BIN)/python -m eval.bench_ocr --out artifacts/bench-ocr

# PyTorch against ONNX Runtime (float and int8) for the embedding model: speed and quality.
bench-embedding:
	$(BIN)/assistant ingest $(CORPUS) --index $(EVAL_INDEX)
	$(BIN)/python -m eval.bench_embedding --index $(EVAL_INDEX) --questions $(QUESTIONS) \
		--out artifacts/bench-embedding
