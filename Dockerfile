# The ark server image: `docker build -t heptio/ark:latest .` at the root of the repository.
# The build stage compiles from Debian packages only; the runtime stage holds the `ark`
# binary at /ark and the shared libraries it needs.

FROM debian:bookworm AS build
RUN apt-get update \
 && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends \
      build-essential cmake ninja-build pkg-config ca-certificates \
      libcurl4-openssl-dev libssl-dev zlib1g-dev nlohmann-json3-dev libyaml-cpp-dev \
      libcli11-dev libcpp-httplib-dev libdeflate-dev libisal-dev libexpat1-dev \
      libgtest-dev libgmock-dev \
 && rm -rf /var/lib/apt/lists/*
WORKDIR /src
COPY CMakeLists.txt ./
COPY cmake/ cmake/
COPY src/ src/
# tools/, tests/ and bench/ are left out: only the `ark` executable is built.
RUN cmake -S . -B build -G Ninja -DCMAKE_BUILD_TYPE=Release -DARK_BUILD_TESTS=OFF \
 && cmake --build build --target ark \
 && install -m 0755 build/ark /ark \
 && strip /ark

FROM debian:bookworm-slim
RUN apt-get update \
 && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends \
      ca-certificates libcurl4 libssl3 zlib1g libdeflate0 libisal2 libyaml-cpp0.7 libexpat1 \
 && rm -rf /var/lib/apt/lists/*
COPY --from=build /ark /ark
ENTRYPOINT ["/ark"]
CMD ["server"]
