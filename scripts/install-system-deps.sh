#!/usr/bin/env bash
# System packages the harness and its tests use as real parts, from Debian: tshark (Wireshark's
# TIPC dissector reads every pcap the suite writes) and Java (allure-commandline generates the
# Allure HTML report) and Chromium (a headless browser opens that report in a test), and for the
# kernel IUT (a Linux TIPC node in a QEMU guest): QEMU, static busybox, kmod (modprobe/depmod),
# cpio, gcc with the static C library (the guest's binding helper), xz (the guest's vmlinux) and
# iproute2 (its tipc tool goes into the guest); for building the guests' tipc.ko from Debian's
# net/tipc source (kernel profiles, --tipc-src, --tipc-patch): make, patch, binutils (strip) and the
# libraries of linux-kbuild's prebuilt tools (libelf1, libssl3). The kernel's source and headers
# themselves are not installed: `kernel setup` downloads and unpacks them into its cache.
# Safe to run again; needs root or sudo for apt-get.
set -euo pipefail

want=()
command -v tshark >/dev/null 2>&1 || want+=(tshark)
command -v java >/dev/null 2>&1 || want+=(default-jre-headless)
[[ -x /usr/bin/chromium ]] || want+=(chromium)
command -v qemu-system-x86_64 >/dev/null 2>&1 || want+=(qemu-system-x86)
[[ -x /bin/busybox ]] && ! ldd /bin/busybox >/dev/null 2>&1 || want+=(busybox-static)
command -v cpio >/dev/null 2>&1 || want+=(cpio)
{ command -v modprobe && command -v depmod; } >/dev/null 2>&1 || want+=(kmod)
command -v gcc >/dev/null 2>&1 || want+=(gcc)
[[ -f /usr/lib/x86_64-linux-gnu/libc.a ]] || want+=(libc6-dev)
command -v xz >/dev/null 2>&1 || want+=(xz-utils)
# iproute2's tipc tool is copied into the guest with its libraries; linux/tipc.h builds the helper
command -v tipc >/dev/null 2>&1 || want+=(iproute2)
[[ -f /usr/include/linux/tipc.h ]] || want+=(linux-libc-dev)
command -v make >/dev/null 2>&1 || want+=(make)
command -v patch >/dev/null 2>&1 || want+=(patch)
command -v strip >/dev/null 2>&1 || want+=(binutils)
ldconfig -p 2>/dev/null | grep -q 'libelf\.so\.1 ' || want+=(libelf1)
ldconfig -p 2>/dev/null | grep -q 'libssl\.so\.3 ' || want+=(libssl3)
# `tipc-conformance kernel setup` resolves and downloads the kernel package through the apt index
index_ok=1
apt-cache show linux-image-amd64 >/dev/null 2>&1 || index_ok=0
if [[ ${#want[@]} -eq 0 && $index_ok -eq 1 ]]; then
  echo "system packages: all present (tshark $(tshark -v 2>/dev/null | head -1 | awk '{print $3}'), $(java -version 2>&1 | head -1), $(/usr/bin/chromium --version 2>/dev/null), $(qemu-system-x86_64 --version 2>/dev/null | head -1))"
  exit 0
fi
sudo=()
[[ $(id -u) -eq 0 ]] || sudo=(sudo)
echo "system packages: installing ${want[*]:-nothing (refreshing the apt index for the kernel package)}"
"${sudo[@]}" env DEBIAN_FRONTEND=noninteractive apt-get update -q
if [[ ${#want[@]} -gt 0 ]]; then
  "${sudo[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends "${want[@]}"
fi
