#!/usr/bin/env bash
# Installs the Debian packages whose programs the test suites run, only those missing, so that
# `npm test` passes on a fresh machine. Run as root or with sudo available.
set -euo pipefail

need=()
want() { command -v "$1" >/dev/null 2>&1 || need+=("$2"); }
want promtool prometheus
want prometheus-alertmanager prometheus-alertmanager
want chromium chromium
want openssl openssl
# Some images already carry kubectl from another package; Debian's kubernetes-client would clash.
want kubectl kubernetes-client

[ ${#need[@]} -eq 0 ] && exit 0
sudo=()
[ "$(id -u)" -eq 0 ] || sudo=(sudo)
export DEBIAN_FRONTEND=noninteractive
"${sudo[@]}" apt-get update -qq
"${sudo[@]}" apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null
