GO      ?= go
BIN     ?= firedrill
VERSION ?= $(shell git describe --tags --always --dirty 2>/dev/null || echo dev)
LDFLAGS := -X main.version=$(VERSION)
FUZZTIME ?= 10s
# The race detector needs cgo, which Go turns off on a machine with no C
# compiler; there the tests still run, without -race, and say so.
RACE ?= $(shell [ "$$($(GO) env CGO_ENABLED)" = 1 ] && echo -race)

.PHONY: all build run test lint bench perf fuzz screenshots clean

all: build

build:
	$(GO) build -ldflags "$(LDFLAGS)" -o $(BIN) ./cmd/firedrill

run: build
	$(abspath $(BIN))

lint:
	@out=$$(gofmt -l . | grep -v '^testdata/'); if [ -n "$$out" ]; then echo "gofmt needed:"; echo "$$out"; exit 1; fi
	$(GO) vet ./...

test: lint
	@[ -n "$(RACE)" ] || echo "note: no C compiler (cgo off), so the tests run without the race detector"
	$(GO) test $(RACE) -timeout 30m ./...
	@# The race detector makes 200 generated scenarios too slow, so under it
	@# these two judge a smoke sample; here they judge the full 200. And
	@# allocations can only be counted without it.
	$(GO) test -timeout 10m -run '^(TestShortcutTable|TestNothingMovesBeforeOnset|TestReadersAllocateNothingPerLine)$$' ./game/heuristic ./game/sim ./game/pack

bench:
	$(GO) test -run '^$$' -bench . -benchmem ./...

# make perf: generate a big incident pack (PERF_LINES lines, deterministic;
# internal/bigpack) in a temporary folder and measure firedrill on it beside
# lnav and fzf when they are installed (apt-get install lnav fzf). See the
# README, "Performance", for what it prints. PERF_DIR keeps the pack.
# PERF_SCALE=100000,1000000,3000000 measures each size in turn and prints
# how the figures grow.
PERF_LINES ?= 1000000
PERF_RUNS  ?= 3
PERF_DIR   ?=
perf: build
	$(GO) run ./internal/tools/perf -bin $(abspath $(BIN)) -lines $(PERF_LINES) -runs $(PERF_RUNS) $(if $(PERF_DIR),-dir $(PERF_DIR)) $(if $(PERF_SCALE),-scale $(PERF_SCALE))

# Each fuzz target runs for FUZZTIME; go test -fuzz takes one target at a time.
fuzz:
	@for t in $$(grep -rhoE '^func (Fuzz[A-Za-z0-9_]+)' --include='*_test.go' . | sed 's/^func //' | sort -u); do \
		pkg=$$(grep -rlE "^func $$t\(" --include='*_test.go' . | head -1 | xargs dirname); \
		echo "== $$t ($$pkg)"; \
		$(GO) test -run '^$$' -fuzz "^$$t$$" -fuzztime $(FUZZTIME) $$pkg || exit 1; \
	done

# The README's screenshots, docs/screenshots/*.svg, from the real screens:
# TestScreenshots (ui/app) plays the embedded starter scenario at 120x40 with
# a fixed clock and writes each screen's ANSI text, then freeze draws it.
# The first run fetches freeze through the Go module proxy, so it needs the
# network once; `make test` runs the same test without writing anything.
FREEZE ?= $(GO) run github.com/charmbracelet/freeze@v0.2.2
FREEZE_FLAGS ?= --background '\#0d1117' --font.ligatures=false --line-height 1.35
screenshots:
	@tmp=$$(mktemp -d) && trap 'rm -rf "$$tmp"' EXIT && \
	$(GO) test ./ui/app -run '^TestScreenshots$$' -count=1 -screenshots "$$tmp" && \
	mkdir -p docs/screenshots && rm -f docs/screenshots/*.svg && \
	for f in "$$tmp"/*.ansi; do \
		out=docs/screenshots/$$(basename "$$f" .ansi).svg; \
		$(FREEZE) "$$f" -o "$$out" $(FREEZE_FLAGS) >/dev/null || exit 1; \
		echo "$$out"; \
	done

clean:
	rm -f $(BIN)
	$(GO) clean -testcache
