#!/bin/bash
# Submits a sharded batch: N array tasks (0-based, one part each), then the
# merge, which starts only when every task has succeeded.
#
#   N=8 RUN=$PWD/runs/run-1 deploy/slurm/submit.sh
set -euo pipefail
N=${N:-8}
export RUN=${RUN:-$PWD/runs/run-1}
here=$(dirname "$0")
mkdir -p "$RUN/parts"
array=$(sbatch --parsable --export=ALL --array=0-$((N - 1)) "$here/shard.sbatch")
array=${array%%;*} # drop a cluster name
merge=$(sbatch --parsable --export=ALL --dependency=afterok:"$array" "$here/merge.sbatch")
echo "shards: job $array (tasks 0-$((N - 1))), merge: job $merge -> $RUN/comparison"
