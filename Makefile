# overparam: top-level Makefile.  `make help` lists the targets.

PACKAGE  := overparam
VERSION  := $(shell sed -n 's/^Version: *//p' DESCRIPTION)
OCTAVE   ?= octave-cli
MKOCTFILE ?= mkoctfile
DIST     := $(PACKAGE)-$(VERSION)
TARBALL  := $(DIST).tar.gz
OCTFLAGS := --no-gui --norc --no-window-system --quiet

.PHONY: all build deps check test demo bench dist installcheck clean help

all: build

help:
	@echo "make            build the MEX files in src/"
	@echo "make deps       install octave and liboctave-dev (Debian) if missing"
	@echo "make check      build, then run every test; exit non-zero on failure"
	@echo "make demo       run the main demo headless and save its figure"
	@echo "make bench      run the benchmarks in tests/bench_*.m"
	@echo "make dist       write $(TARBALL)"
	@echo "make installcheck  pkg install the tarball in a throwaway HOME and test it"

deps:
	@if command -v $(MKOCTFILE) >/dev/null 2>&1 && command -v $(OCTAVE) >/dev/null 2>&1; then \
	  echo "deps: octave and mkoctfile found"; \
	elif command -v apt-get >/dev/null 2>&1 && [ "$$(id -u)" = 0 ]; then \
	  echo "deps: installing octave and liboctave-dev from Debian's archive"; \
	  apt-get update -qq && DEBIAN_FRONTEND=noninteractive \
	    apt-get install -y -qq octave liboctave-dev >/dev/null || { \
	    echo "deps: apt-get failed; install octave and liboctave-dev by hand" >&2; exit 1; }; \
	elif command -v apt-get >/dev/null 2>&1 && command -v sudo >/dev/null 2>&1; then \
	  sudo apt-get update -qq && sudo DEBIAN_FRONTEND=noninteractive \
	    apt-get install -y -qq octave liboctave-dev >/dev/null || { \
	    echo "deps: sudo apt-get failed; install octave and liboctave-dev by hand" >&2; exit 1; }; \
	else \
	  echo "deps: mkoctfile not found and cannot install it here;" \
	       "install Octave >= 7.1 with its development files (Debian: octave liboctave-dev)" >&2; \
	  exit 1; \
	fi

build: deps
	$(MAKE) -C src MKOCTFILE=$(MKOCTFILE)

check test: build
	$(OCTAVE) $(OCTFLAGS) tests/runall.m

demo: build
	$(OCTAVE) $(OCTFLAGS) --eval 'graphics_toolkit ("gnuplot"); addpath ("$(CURDIR)/inst", "$(CURDIR)/src"); outdir = "$(CURDIR)/build/demo"; run ("$(CURDIR)/demos/demo_overparam.m")'

bench: build
	$(OCTAVE) $(OCTFLAGS) tests/runbench.m

dist: $(TARBALL)

$(TARBALL): $(shell git ls-files 2>/dev/null)
	rm -rf build/$(DIST) && mkdir -p build/$(DIST)
	cp DESCRIPTION INDEX NEWS README.md build/$(DIST)/
	cp LICENSE build/$(DIST)/COPYING
	mkdir -p build/$(DIST)/src/core build/$(DIST)/inst/private build/$(DIST)/doc
	cp src/Makefile src/*.c build/$(DIST)/src/
	cp src/core/*.c src/core/*.h build/$(DIST)/src/core/
	cp inst/*.m build/$(DIST)/inst/
	-cp inst/private/*.m build/$(DIST)/inst/private/
	cp doc/*.md build/$(DIST)/doc/
	mkdir -p build/$(DIST)/doc/demos
	cp demos/*.m build/$(DIST)/doc/demos/
	tar -C build -czf $@ $(DIST)
	@echo "wrote $@"

installcheck: build dist
	$(OCTAVE) $(OCTFLAGS) tests/installcheck.m $(CURDIR)/$(TARBALL)

clean:
	$(MAKE) -C src clean
	rm -rf build $(PACKAGE)-*.tar.gz
