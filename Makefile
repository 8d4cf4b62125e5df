# gisac: the two commands of the README, and a few helpers.
#   make run    install what is missing, build, set up the database, run
#   make test   install what is missing, build, run every test (also under
#               ASan+UBSan with clang, and the fuzz corpora)
JOBS ?= $(shell nproc)

.PHONY: all deps build run test test-asan fuzz fuzz-campaign deb deb-test bench bench-match bench-serve bench-vis bench-portal bench-apk bench-nats format clean

all: build

deps:
	@./scripts/deps.sh

build/build.ninja:
	cmake -S . -B build -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo

build: deps build/build.ninja
	ninja -C build

run: build
	@./scripts/run.sh

build-asan/build.ninja:
	CC=clang cmake -S . -B build-asan -G Ninja -DCMAKE_BUILD_TYPE=Debug \
	  -DGISAC_SANITIZE=ON -DGISAC_FUZZ=ON

test-asan: deps build-asan/build.ninja
	ninja -C build-asan
	cd build-asan && ASAN_OPTIONS=detect_leaks=1 UBSAN_OPTIONS=print_stacktrace=1 \
	  ctest --output-on-failure -j $(JOBS)

test: build
	cd build && ctest --output-on-failure -j $(JOBS)
	$(MAKE) --no-print-directory test-asan

# Run every libFuzzer target for FUZZ_SECONDS (default 60) each, FUZZ_JOBS
# side by side (default 1); all findings are reported at the end, and the
# exit status is non-zero when there is any (docs/fuzzing.md).
# FUZZ_CPU_SECONDS: run each target again until it has had that much CPU.
# fuzz-campaign: the campaign of docs/fuzzing.md, 10 CPU-minutes per target.
FUZZ_SECONDS ?= 60
FUZZ_JOBS ?= 1
FUZZ_CPU_SECONDS ?=
fuzz: deps build-asan/build.ninja
	ninja -C build-asan
	FUZZ_SECONDS=$(FUZZ_SECONDS) FUZZ_JOBS=$(FUZZ_JOBS) FUZZ_CPU_SECONDS=$(FUZZ_CPU_SECONDS) \
	  ./scripts/fuzz.sh build-asan

fuzz-campaign:
	$(MAKE) --no-print-directory fuzz FUZZ_SECONDS=600 FUZZ_CPU_SECONDS=600

# The Debian package (docs/install.md): build-deb/gisac_VERSION_ARCH.deb,
# built by dpkg-buildpackage and checked by lintian (installs debhelper and
# lintian when missing). deb-test installs it into a temporary root and
# checks it (tests/pkg/test_deb.sh; no root needed, a few seconds, but the
# package build takes minutes, so it is not part of make test).
deb:
	@./scripts/deb.sh

deb-test: deb
	./tests/pkg/test_deb.sh

bench: build
	./build/bench_ioc
	GISAC_BENCH=1 ./build/test_base_jsonx | grep '^jsonx bench'
	./bench/import.sh

# wrk on loopback against gisac serve with 1M indicators; nginx as the static baseline
bench-serve: build
	@GISAC_BENCH_DEPS=1 ./scripts/deps.sh
	./bench/serve.sh

bench-match: build
	./bench/match.sh

# visibility per source on the import and feed paths (50k indicators)
bench-vis: build
	./bench/vis.sh

# the web portal's lists at the server: 1M indicators, 100k incidents, 1M sightings
bench-portal: build
	./bench/portal.sh

format:
	clang-format -i src/*/*.c src/*/*.h tests/*/*.c

clean:
	rm -rf build build-asan build-deb

bench-apk: build
	./bench/apk.sh

# the NATS ingest: workers' events/s on SQLite and PostgreSQL, publish-to-sighting
# latency, import into PostgreSQL beside SQLite (nats-server and PostgreSQL from deps.sh)
bench-nats: build
	./bench/nats.sh
