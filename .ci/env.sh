# Sourced by .ci/run: one persistent target directory outside the clone, so
# repeated CI runs are incremental (HiGHS builds once per machine).
if [ -z "${CARGO_TARGET_DIR:-}" ]; then
  if [ -d /work ] && [ -w /work ]; then
    export CARGO_TARGET_DIR=/work/target-main
  else
    export CARGO_TARGET_DIR="$HOME/.cache/serviceplan/target"
  fi
fi
mkdir -p "$CARGO_TARGET_DIR"
