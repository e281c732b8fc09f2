# Shared by .ci/run and scripts/: one persistent target directory outside the
# clone, so repeated runs are incremental (HiGHS and polars build once).
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-/work/target}"
