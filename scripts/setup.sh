#!/usr/bin/env bash
# Installs what a fresh Debian machine lacks to build serviceplan:
# cmake (highs-sys builds HiGHS from C++ source) and libclang (bindgen).
set -euo pipefail
need=()
command -v cmake >/dev/null 2>&1 || need+=(cmake)
if ! ls /usr/lib/llvm-*/lib/libclang*.so* >/dev/null 2>&1 && ! ls /usr/lib/x86_64-linux-gnu/libclang*.so* >/dev/null 2>&1; then
  need+=(libclang1-14)
fi
command -v c++ >/dev/null 2>&1 || need+=(g++)
if [ ${#need[@]} -gt 0 ]; then
  echo "setup: installing ${need[*]} (needed to build HiGHS)" >&2
  if [ "$(id -u)" != 0 ]; then
    echo "setup: not root; run: sudo apt-get install -y ${need[*]}" >&2
    exit 1
  fi
  apt-get update -qq >/dev/null
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${need[@]}" >/dev/null
fi
