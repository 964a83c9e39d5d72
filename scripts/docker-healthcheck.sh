#!/usr/bin/env bash
# The image's HEALTHCHECK: exits 0 when GET /health/ready on the server's own port answers 200.
# The JRE image has no curl or wget, and a second JVM per check would cost a second and ~40 MiB,
# so this asks with bash's /dev/tcp: one HTTP/1.1 request, the status line read back.
port="${TRIBUTARY_PORT:-4567}"
exec 3<>"/dev/tcp/127.0.0.1/${port}" || exit 1
printf 'GET /health/ready HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n' >&3
IFS=' ' read -r -t 5 protocol status rest <&3 || exit 1
exec 3<&-
[[ "${status}" == "200" ]]
