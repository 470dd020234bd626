# citymade — two commands: `make run` (set up and serve) and `make test` (set up and test).
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed-stamp
HOST   ?= 127.0.0.1
PORT   ?= 8000

.PHONY: run test install messages lint typecheck bench clean

$(STAMP): pyproject.toml requirements.lock
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -c requirements.lock -e '.[dev]'
	@touch $@

# the scoring engine compiled with mypyc (≈ 1.5× faster); returns at once while it matches the
# sources, which the engine itself checks before using it (citymade/scoring/native.py)
install: $(STAMP)
	@$(BIN)/python scripts/build_native.py

messages: install
	@$(BIN)/python -c "from citymade.i18n import compile_catalogs; compile_catalogs()"

run: messages
	$(BIN)/citymade migrate
	$(BIN)/citymade demo
	@echo "citymade is starting at http://$(HOST):$(PORT)/ — log in with a user printed above."
	$(BIN)/citymade serve --host $(HOST) --port $(PORT)

test: messages
	@bash scripts/test.sh

lint: install
	$(BIN)/ruff check .
	$(BIN)/mypy citymade/framework citymade/scoring citymade/indicators citymade/register citymade/reports citymade/portfolio

clean:
	rm -rf $(VENV) .pytest_cache .mypy_cache .ruff_cache build citymade/scoring/_mypyc citymade/scoring/_mypyc.new citymade/scoring/_mypyc.old
