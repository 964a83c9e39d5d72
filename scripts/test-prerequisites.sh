#!/usr/bin/env bash
# Installs, from Debian's packages, the real programs some tests drive, when they are missing:
# Prometheus (PrometheusServerTest scrapes a running server) and Chromium with its driver
# (UiBrowserTest, see ../shared/DEPENDENCIES.md). Needs root (or sudo) only when something is missing.
set -euo pipefail
missing=()
command -v prometheus >/dev/null 2>&1 || missing+=(prometheus)
command -v chromium >/dev/null 2>&1 || missing+=(chromium)
command -v chromedriver >/dev/null 2>&1 || missing+=(chromium-driver)
# AWS CLI v2 and boto3 for AwsCliTest and Boto3Test (called as /usr/bin/aws and /usr/bin/python3).
[ -x /usr/bin/aws ] || missing+=(awscli)
/usr/bin/python3 -c 'import boto3' >/dev/null 2>&1 || missing+=(python3-boto3)
command -v npm >/dev/null 2>&1 || missing+=(npm)
if [ ${#missing[@]} -gt 0 ]; then
    sudo=""
    [ "$(id -u)" -eq 0 ] || sudo="sudo"
    $sudo apt-get update
    DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y "${missing[@]}"
fi
# The npm packages of clients/ (the JavaScript SDK for JsSdkTest, dynalite): npm ci, only when
# package-lock.json is newer than the last install.
clients="$(cd "$(dirname "$0")/.." && pwd)/clients"
if ! [ "$clients/node_modules/.installed-lock" -nt "$clients/package-lock.json" ]; then
    (cd "$clients" && npm ci --no-audit --no-fund && touch node_modules/.installed-lock)
fi
