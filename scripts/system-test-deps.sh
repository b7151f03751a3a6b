#!/usr/bin/env bash
# Debian packages the browser tests need: Chromium (driven by Playwright, never a downloaded browser)
# and CJK fonts so Chinese renders in screenshots; a Java runtime for the Spark SQL tests (pyspark local
# mode). Installs what is missing when run as root.
set -euo pipefail
need=()
for pkg in chromium fonts-noto-cjk default-jre-headless; do
  dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed" || need+=("$pkg")
done
if [ ${#need[@]} -eq 0 ]; then
  exit 0
fi
if [ "$(id -u)" -ne 0 ]; then
  if command -v sudo >/dev/null 2>&1; then SUDO=sudo; else
    echo "missing Debian packages: ${need[*]} (run: apt-get install ${need[*]})" >&2; exit 1
  fi
else
  SUDO=
fi
echo "installing Debian packages: ${need[*]}"
$SUDO apt-get update -qq
DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null
