#!/usr/bin/env bash
# Debian's chromium for the HTML report's browser tests (playwright-core drives it; it downloads no
# browser of its own), and a CJK font so that its screenshots show the pages' Chinese. Nothing is done
# where they are installed already; as root, or through sudo.
set -euo pipefail
if [ -x /usr/bin/chromium ] && fc-list 2>/dev/null | grep -qi -e wqy -e noto.*cjk; then exit 0; fi
as_root=""
if [ "$(id -u)" != 0 ]; then as_root="sudo"; fi
export DEBIAN_FRONTEND=noninteractive
$as_root apt-get install -y --no-install-recommends chromium fonts-wqy-microhei >/dev/null 2>&1 ||
  { $as_root apt-get update >/dev/null && $as_root apt-get install -y --no-install-recommends chromium fonts-wqy-microhei >/dev/null; }
/usr/bin/chromium --version
