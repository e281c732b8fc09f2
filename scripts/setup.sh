#!/usr/bin/env bash
# Installs what a fresh Debian machine lacks to build serviceplan:
# cmake (highs-sys builds HiGHS from C++ source) and libclang (bindgen).
set -euo pipefail
need=()
command -v cmake >/dev/null 2>&1 || need+=(cmake)
# bindgen loads libclang.so or libclang-<version>.so; libclang-cpp.so (which
# comes with LLVM) is a different library and does not count.
have_libclang() {
  local f
  for f in /usr/lib/llvm-*/lib/libclang.so* /usr/lib/llvm-*/lib/libclang-[0-9]*.so* \
    /usr/lib/*-linux-gnu/libclang.so* /usr/lib/*-linux-gnu/libclang-[0-9]*.so*; do
    [ -e "$f" ] && return 0
  done
  return 1
}
libclang=no
have_libclang || libclang=yes
command -v c++ >/dev/null 2>&1 || need+=(g++)
if [ ${#need[@]} -gt 0 ] || [ $libclang = yes ]; then
  if [ "$(id -u)" != 0 ]; then
    [ $libclang = yes ] && need+=(libclang-dev)
    echo "setup: not root; run: sudo apt-get install -y ${need[*]}" >&2
    exit 1
  fi
  apt-get update -qq >/dev/null
  if [ $libclang = yes ]; then
    # The distribution's default LLVM (the version libclang-dev points at):
    # its runtime library alone is what bindgen loads.
    v=$(apt-cache depends libclang-dev 2>/dev/null | grep -oE 'libclang-[0-9]+-dev' | head -n1 | grep -oE '[0-9]+' || true)
    if [ -n "$v" ]; then need+=("libclang1-$v"); else need+=(libclang-dev); fi
  fi
  echo "setup: installing ${need[*]} (needed to build HiGHS)" >&2
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${need[@]}" >/dev/null
fi
