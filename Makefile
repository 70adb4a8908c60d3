# The README's commands: `make demo`, `make test` and `make test-cluster`.
JOBS ?= $(shell nproc)
TEST_BUILD := build/test
RELEASE_BUILD := build/release

.PHONY: demo test test-cluster test-build setup build release bench clean

# The scenarios `make test-cluster` runs on real kube-apiservers: every whole-cluster scenario
# (tests/cluster), the reference document's basic and snapshot examples, schedules and expiry,
# and the CLI's contract with kubectl (completion, -o round trips, restore flags, backup lookup).
CLUSTER_TESTS ?= ^(Cluster[A-Za-z]*|BasicExampleTest|LifecycleTest|AwsSnapshotExpiryTest|ZoneLabels/AwsSnapshotExampleTest|CompletionTest|OutputRoundTripTest|RestoreFlagsTest|BackupLookupTest|CrdAfterStartTest|OperatorViewTest)\.

setup:
	@scripts/setup.sh

# Sanitized build (ASan + UBSan) and every test.
test: test-build
	@cd $(TEST_BUILD) && ctest --output-on-failure -j $(JOBS)

# The same scenarios on real clusters: the ones named by ARK_E2E_KUBECONFIG (and
# ARK_E2E_KUBECONFIG2, the restore target), else clusters started with
# ../shared/tools/real-k8s (or $$REAL_K8S_DIR) and stopped after.
test-cluster: test-build
	@cd $(TEST_BUILD) && ARK_E2E_CLUSTER=real ctest --output-on-failure --no-tests=error -j $(JOBS) -R '$(CLUSTER_TESTS)'

test-build: setup
	@cmake -S . -B $(TEST_BUILD) -G Ninja -DCMAKE_BUILD_TYPE=Debug -DARK_SANITIZE=ON >/dev/null
	@cmake --build $(TEST_BUILD) -j $(JOBS)

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
