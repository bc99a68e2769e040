# The two commands: `make run` and `make test`. Each installs what is
# missing (scripts/setup.sh), builds in Release, and does its job.
BUILD ?= build
JOBS ?= $(shell nproc)

.PHONY: all setup test-setup python-setup playground-setup deb-setup data configure build run python playground serve check sanitize fuzz test install deb clean

all: build

setup:
	@scripts/setup.sh

# What the tests need beyond the build (clang and libFuzzer for `make fuzz`).
test-setup:
	@scripts/setup.sh test

# pybind11, NumPy, scikit-learn, pandas and pytest for the Python module.
python-setup:
	@scripts/setup.sh python

# Emscripten, for the playground's WebAssembly build.
playground-setup:
	@scripts/setup.sh playground

# What `make deb` needs (dpkg-shlibdeps, file).
deb-setup:
	@scripts/setup.sh deb

# The data sets (MNIST into data/mnist, scikit-learn's tables into data/sklearn).
data:
	@scripts/fetch_data.sh

configure: setup
	@if [ ! -f $(BUILD)/CMakeCache.txt ]; then \
	  mkdir -p $(BUILD) && \
	  cmake -S . -B $(BUILD) -DCMAKE_BUILD_TYPE=Release > $(BUILD)/configure.log 2>&1 \
	    || { cat $(BUILD)/configure.log; rm -f $(BUILD)/CMakeCache.txt; exit 1; }; \
	fi

build: configure
	@cmake --build $(BUILD) -j $(JOBS)

run: build
	./$(BUILD)/neurite train

# The Python module in $(BUILD)/python/neurite: `PYTHONPATH=$(BUILD)/python
# /usr/bin/python3` imports it (docs/python.md; pip installs it too). The
# configure step runs again so that a build made before pybind11 was
# installed finds it now.
python: python-setup configure
	@cmake $(BUILD) > /dev/null
	@cmake --build $(BUILD) -j $(JOBS) --target neurite_python

# The playground: the engine compiled to WebAssembly (in build-wasm) and the
# page, assembled into $(BUILD)/playground.
playground: playground-setup build
	@BUILD=$(BUILD) scripts/build_playground.sh

# Serves the playground at http://127.0.0.1:8080/ (PORT=0 picks a free port).
PORT ?= 8080
serve: playground
	./$(BUILD)/neurite serve --port $(PORT)

# The suite on the Release build (a few seconds once built), with the
# playground, which its browser test loads.
check: test-setup build python playground
	@cd $(BUILD) && ctest --output-on-failure -j $(JOBS)

# The same suite built with AddressSanitizer + UndefinedBehaviorSanitizer in
# build-asan; any sanitizer report fails the test that triggered it.
sanitize: test-setup
	@if [ ! -f build-asan/CMakeCache.txt ]; then \
	  mkdir -p build-asan && \
	  cmake -S . -B build-asan -DCMAKE_BUILD_TYPE=Release -DNEURITE_SANITIZE=ON > build-asan/configure.log 2>&1 \
	    || { cat build-asan/configure.log; rm -f build-asan/CMakeCache.txt; exit 1; }; \
	fi
	@cmake --build build-asan -j $(JOBS)
	@cd build-asan && ctest --output-on-failure -j $(JOBS)

# Each libFuzzer target for FUZZ_SECONDS (default 60) in build-fuzz.
fuzz: test-setup
	@scripts/fuzz.sh

# Everything: the Release suite, the suite under the sanitizers, and the fuzzers.
test: check sanitize fuzz

# Installs the headers, the libraries, the command, the CMake package and the
# pkg-config file under PREFIX (DESTDIR is honoured too).
PREFIX ?= /usr/local
install: build
	@cmake --install $(BUILD) --prefix $(PREFIX)

# The Debian package build-deb/neurite_VERSION_amd64.deb, built for any x86-64
# processor (no -march=native; oneDNN still picks its kernels at run time),
# to be installed with `apt-get install ./build-deb/neurite_*.deb`.
deb: deb-setup
	@if [ ! -f build-deb/CMakeCache.txt ]; then \
	  mkdir -p build-deb && \
	  cmake -S . -B build-deb -DCMAKE_BUILD_TYPE=Release -DCMAKE_INSTALL_PREFIX=/usr -DNEURITE_NATIVE=OFF \
	    -DNEURITE_BUILD_TESTS=OFF -DNEURITE_BUILD_EXAMPLES=OFF > build-deb/configure.log 2>&1 \
	    || { cat build-deb/configure.log; rm -f build-deb/CMakeCache.txt; exit 1; }; \
	fi
	@cmake --build build-deb -j $(JOBS)
	@cd build-deb && cpack -G DEB > cpack.log 2>&1 || { cat cpack.log; exit 1; }
	@ls build-deb/neurite_*_amd64.deb

clean:
	rm -rf $(BUILD) build-asan build-fuzz build-wasm build-deb
