#!/usr/bin/env bash
# The Debian packages the harness and its tests use as real parts, checked and installed when missing.
#
# What is needed (`all`, the default: `npm test`, `npm run test:long`, `npm run test:kernel`, .ci/run): tshark (Wireshark's
# TIPC dissector reads every pcap the suite writes), Java (allure-commandline generates the Allure
# HTML report) and Chromium (a headless browser opens that report in a test); for the kernel IUT (a
# Linux TIPC node in a QEMU guest): QEMU, static busybox, kmod (modprobe/depmod), cpio, gcc with the
# static C library (the guest's binding helper), xz (the guest's vmlinux), iproute2 (its tipc tool
# goes into the guest) and linux/tipc.h; for building the guests' tipc.ko from Debian's net/tipc
# source (kernel profiles, --tipc-src, --tipc-patch): make, patch, binutils (strip) and the
# libraries of linux-kbuild's prebuilt tools (libelf1, libssl3); python3 (the small TIPC node of
# test/interop/python, written from docs/ alone, which a long test certifies); and an apt index, since `kernel
# setup` fetches the kernel's packages with apt-get download (the kernel's source and headers are
# not installed: it unpacks them into its cache). `report` is Java alone (`npm run conformance`).
#
# npm runs this before the commands it serves (package.json: pretest, pretest:kernel,
# preconformance). It probes each part (a command on PATH or in the sbin folders, or a file), and
# when something is missing runs `apt-get update` and `apt-get install` of exactly the missing
# packages: as root, or through passwordless sudo (`sudo -n`); it never asks for a password. When
# it cannot (not root and no passwordless sudo, no apt-get, apt-get failing), it prints the
# missing packages, why it could not install them and the command that would, and exits 1, so
# that `npm test` stops at once rather than failing the tests that need them ten minutes later;
# with --keep-going (npm run conformance, which runs without Java and then says so) it exits 0.
# With everything present it prints one line and exits 0, in milliseconds (no apt, no versions).
#
# Usage: scripts/install-system-deps.sh [--keep-going] [--versions] [all|report]
#   --versions    with everything present, print the main tools' versions (.ci/run's log)
# Environment:
#   TIPC_SYSTEM_DEPS=skip   check nothing, install nothing, exit 0 (the tests that need a missing
#                           part then fail, naming its package)
#   TIPC_SYSTEM_DEPS_ROOT   a folder the file probes and sbin folders are read under instead of
#                           / (a test points it at a scratch tree); commands come from PATH
# Safe to run again.
set -euo pipefail

keep_going=0
versions=0
group=all
for arg in "$@"; do
  case $arg in
    --keep-going) keep_going=1 ;;
    --versions) versions=1 ;;
    all | report) group=$arg ;;
    -h | --help)
      sed -n '2,/^set -euo/{/^set -euo/d;s/^# \{0,1\}//;p}' "${BASH_SOURCE[0]}"
      exit 0
      ;;
    *)
      echo "install-system-deps.sh: unknown argument '$arg' (--keep-going, --versions, all, report)" >&2
      exit 2
      ;;
  esac
done

if [[ ${TIPC_SYSTEM_DEPS:-} == skip ]]; then
  echo "system packages: not checked (TIPC_SYSTEM_DEPS=skip)"
  exit 0
fi

root=${TIPC_SYSTEM_DEPS_ROOT:-}
# modprobe, depmod and tipc live in sbin, which a user's PATH often lacks
PATH="$PATH:$root/usr/local/sbin:$root/usr/sbin:$root/sbin"
multiarch=x86_64-linux-gnu

has() { command -v "$1" >/dev/null 2>&1; }
has_lib() { [[ -e $root/usr/lib/$multiarch/$1 || -e $root/lib/$multiarch/$1 ]]; }

# present PKG: whether what the suite uses of PKG is here
present() {
  case $1 in
    tshark) has tshark ;;
    default-jre-headless) has java ;;
    chromium) [[ -x $root/usr/bin/chromium ]] ;; # the path the browser test launches
    qemu-system-x86) has qemu-system-x86_64 ;;
    # the dynamic busybox package has /bin/busybox too; ldd fails on a static executable
    busybox-static) [[ -x $root/bin/busybox ]] && ! ldd "$root/bin/busybox" >/dev/null 2>&1 ;;
    cpio) has cpio ;;
    kmod) has modprobe && has depmod ;;
    gcc) has gcc ;;
    libc6-dev) [[ -f $root/usr/lib/$multiarch/libc.a ]] ;;
    xz-utils) has xz ;;
    iproute2) has tipc ;;
    linux-libc-dev) [[ -f $root/usr/include/linux/tipc.h ]] ;;
    make) has make ;;
    patch) has patch ;;
    binutils) has strip ;;
    libelf1) has_lib libelf.so.1 ;;
    libssl3) has_lib libssl.so.3 ;;
    python3) has python3 ;;
    *) return 1 ;;
  esac
}

case $group in
  all) packages=(tshark default-jre-headless chromium qemu-system-x86 busybox-static cpio kmod gcc libc6-dev xz-utils iproute2 linux-libc-dev make patch binutils libelf1 libssl3 python3) ;;
  report) packages=(default-jre-headless) ;;
esac

missing_packages() {
  local p
  for p in "${packages[@]}"; do present "$p" || printf '%s\n' "$p"; done
}
# an apt index (any Packages list; apt-cache itself takes a second to answer)
index_present() { [[ $group != all ]] || compgen -G "$root/var/lib/apt/lists/*_Packages*" >/dev/null; }

mapfile -t want < <(missing_packages)
index_ok=1
index_present || index_ok=0

first_line() { local out; out=$("$@" 2>/dev/null) || true; printf '%s' "${out%%$'\n'*}"; }
java_version() { java -version 2>&1; }
all_present() {
  if [[ ${#packages[@]} -eq 1 ]]; then echo "system packages: ${packages[0]} present"; else echo "system packages: all ${#packages[@]} present"; fi
}

if [[ ${#want[@]} -eq 0 && $index_ok -eq 1 ]]; then
  if [[ $versions -eq 1 && $group == all ]]; then
    echo "system packages: all ${#packages[@]} present ($(first_line tshark -v); $(first_line java_version); $(first_line "$root/usr/bin/chromium" --version); $(first_line qemu-system-x86_64 --version))"
  else
    all_present
  fi
  exit 0
fi

# what is missing, in words
what="${want[*]}"
[[ $index_ok -eq 1 ]] || what="${what:+$what, and }an apt index (kernel setup fetches Debian's kernel with apt-get download)"
uid=$(id -u 2>/dev/null || echo "$EUID")
su='sudo '
[[ $uid -ne 0 ]] || su=''
install_cmd="${su}apt-get update"
[[ ${#want[@]} -eq 0 ]] || install_cmd+=" && ${su}apt-get install --no-install-recommends ${want[*]}"

# Why it cannot install, or empty when it can; sets asroot to the prefix that runs apt-get as root.
asroot=()
why=''
if ! has apt-get; then
  why='apt-get is not on PATH (not a Debian system?): install the equivalents by hand'
elif [[ $uid -ne 0 ]]; then
  if ! has sudo; then
    why="not root (uid $uid), and sudo is not installed"
  elif ! sudo -n true >/dev/null 2>&1; then
    why="not root (uid $uid), and sudo asks for a password (sudo -n true failed); this never prompts"
  else
    asroot=(sudo -n)
  fi
fi

apt_get() { "${asroot[@]}" env DEBIAN_FRONTEND=noninteractive apt-get "$@"; }

if [[ -z $why ]]; then
  echo "system packages: missing $what; installing with apt-get${asroot[*]:+ through ${asroot[*]}}"
  rc=0
  apt_get update -q || rc=$?
  if [[ $rc -ne 0 ]]; then
    why="apt-get update failed (exit $rc; no network, or a broken apt source? its output is above)"
  elif [[ ${#want[@]} -gt 0 ]]; then
    apt_get install -y -q --no-install-recommends "${want[@]}" || rc=$?
    [[ $rc -eq 0 ]] || why="apt-get install failed (exit $rc; its output is above)"
  fi
  if [[ -z $why ]]; then
    hash -r
    mapfile -t still < <(missing_packages)
    index_present || still+=('an apt index')
    if [[ ${#still[@]} -eq 0 ]]; then
      all_present
      exit 0
    fi
    why="apt-get succeeded, but these are still not found where the suite looks: ${still[*]}"
  fi
fi

{
  echo "system packages: missing $what"
  echo "  could not install: $why"
  echo "  install with: $install_cmd"
  if [[ $keep_going -eq 0 ]]; then
    event=${npm_lifecycle_event:-} # npm's name of the hook running this: pretest, ...
    script=${event#pre}
    if [[ -n $script && $script != "$event" ]]; then
      [[ $script == test ]] && run='npm test' || run="npm run $script"
      echo "  or run without them (what needs them fails, naming its package): TIPC_SYSTEM_DEPS=skip $run"
    else
      echo "  or skip this check: TIPC_SYSTEM_DEPS=skip"
    fi
  fi
} >&2
[[ $keep_going -eq 1 ]] && exit 0
exit 1
