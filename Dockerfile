# serviceplan in a container, for sharded batches on Kubernetes or Slurm
# (deploy/). Two stages: a Rust builder with what HiGHS needs to compile
# (cmake, a C++ compiler, libclang for the bindings), and a small Debian
# runtime with the binary and the shipped scenarios in /app/scenarios.
#
#   docker build -t serviceplan .
#   docker run --rm -v "$PWD/out:/out" serviceplan batch scenarios/gavle.toml --out /out/grid

# ---- builder ----------------------------------------------------------------
# Edition 2024 and let-chains: a current stable Rust.
FROM rust:1-bookworm AS builder
RUN apt-get update \
 && apt-get install -y --no-install-recommends cmake clang libclang-dev \
 && rm -rf /var/lib/apt/lists/*
WORKDIR /src
COPY . .
# No debug info in the image's binary (the release profile keeps it for
# profiling), and stripped.
ENV CARGO_PROFILE_RELEASE_DEBUG=0
RUN cargo build --release --locked --bin serviceplan \
 && strip target/release/serviceplan \
 && cp target/release/serviceplan /usr/local/bin/serviceplan

# ---- runtime ----------------------------------------------------------------
FROM debian:bookworm-slim
# HiGHS is C++: the binary links libstdc++ and libgcc_s.
RUN apt-get update \
 && apt-get install -y --no-install-recommends libstdc++6 libgcc-s1 \
 && rm -rf /var/lib/apt/lists/* \
 && useradd --create-home --uid 1000 serviceplan
COPY --from=builder /usr/local/bin/serviceplan /usr/local/bin/serviceplan
# The shipped scenarios (the `extends` chains resolve within the folder).
COPY scenarios/ /app/scenarios/
WORKDIR /app
USER serviceplan
ENTRYPOINT ["serviceplan"]
CMD ["--help"]
