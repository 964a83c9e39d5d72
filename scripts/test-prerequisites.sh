#!/usr/bin/env bash
# Installs, from Debian's packages, the real programs some tests drive, when they are missing:
# Prometheus (PrometheusServerTest scrapes a running server) and Chromium with its driver
# (UiBrowserTest, see ../shared/DEPENDENCIES.md). Needs root (or sudo) only when something is missing.
set -euo pipefail
missing=()
command -v prometheus >/dev/null 2>&1 || missing+=(prometheus)
command -v chromium >/dev/null 2>&1 || missing+=(chromium)
command -v chromedriver >/dev/null 2>&1 || missing+=(chromium-driver)
if [ ${#missing[@]} -gt 0 ]; then
    sudo=""
    [ "$(id -u)" -eq 0 ] || sudo="sudo"
    $sudo apt-get update
    DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y "${missing[@]}"
fi
