# The two commands: `make run` and `make test`. Each installs what is
# missing (scripts/setup.sh), builds in Release, and does its job.
BUILD ?= build
JOBS ?= $(shell nproc)

.PHONY: all setup data configure build run test clean

all: build

setup:
	@scripts/setup.sh

# The data sets (MNIST into data/mnist, scikit-learn's tables into data/sklearn).
data:
	@scripts/fetch_data.sh

configure: setup
	@if [ ! -f $(BUILD)/CMakeCache.txt ]; then \
	  mkdir -p $(BUILD) && \
	  cmake -S . -B $(BUILD) -DCMAKE_BUILD_TYPE=Release > $(BUILD)/configure.log 2>&1 \
	    || { cat $(BUILD)/configure.log; exit 1; }; \
	fi

build: configure
	@cmake --build $(BUILD) -j $(JOBS)

run: build
	./$(BUILD)/neurite train

test: build
	@cd $(BUILD) && ctest --output-on-failure -j $(JOBS)

clean:
	rm -rf $(BUILD) $(BUILD).configure.log
