#!/usr/bin/env bash
# System packages the tests use as real parts, from Debian: tshark (Wireshark's TIPC dissector
# reads every pcap the suite writes). Safe to run again; needs root or sudo for apt-get.
set -euo pipefail

want=()
command -v tshark >/dev/null 2>&1 || want+=(tshark)
if [[ ${#want[@]} -eq 0 ]]; then
  echo "system packages: all present (tshark $(tshark -v 2>/dev/null | head -1 | awk '{print $3}'))"
  exit 0
fi
sudo=()
[[ $(id -u) -eq 0 ]] || sudo=(sudo)
echo "system packages: installing ${want[*]}"
"${sudo[@]}" env DEBIAN_FRONTEND=noninteractive apt-get update -q
"${sudo[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends "${want[@]}"
