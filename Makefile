# The two commands of the README: `make demo` and `make test`.
JOBS ?= $(shell nproc)
TEST_BUILD := build/test
RELEASE_BUILD := build/release

.PHONY: demo test setup build release bench clean

setup:
	@scripts/setup.sh

# Sanitized build (ASan + UBSan) and every test.
test: setup
	@cmake -S . -B $(TEST_BUILD) -G Ninja -DCMAKE_BUILD_TYPE=Debug -DARK_SANITIZE=ON >/dev/null
	@cmake --build $(TEST_BUILD) -j $(JOBS)
	@cd $(TEST_BUILD) && ctest --output-on-failure -j $(JOBS)

release: setup
	@cmake -S . -B $(RELEASE_BUILD) -G Ninja -DCMAKE_BUILD_TYPE=Release -DARK_BUILD_TESTS=OFF -DARK_BUILD_BENCH=ON >/dev/null
	@cmake --build $(RELEASE_BUILD) -j $(JOBS)

# The reference document's basic example on the embedded defaults.
demo: release
	@scripts/demo.sh $(RELEASE_BUILD)

bench: release
	@scripts/bench.sh $(RELEASE_BUILD)

clean:
	rm -rf build .demo
