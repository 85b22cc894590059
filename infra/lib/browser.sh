# Sourced by infra/infra.sh, which sets ROOT_DIR, CACHE, LOGS, RUN, the ports and the helpers.
# shellcheck shell=bash
# ------------------------------------------------- browser (npm run test:web)
# Debian's Chromium, driven by playwright-core through executablePath: no browser download.
# Not a server: `up browser` installs it when missing (as root), `down browser` does nothing.
chromium_bin() {
  local bin
  bin=$(command -v chromium || true)
  [[ -z $bin && -x /usr/bin/chromium ]] && bin=/usr/bin/chromium
  if [[ -z $bin ]]; then
    debian_install Chromium chromium
    bin=/usr/bin/chromium
  fi
  echo "$bin"
}

browser_up() { log "browser: $(chromium_bin) ($("$(chromium_bin)" --version 2>/dev/null | head -n 1))"; }
browser_down() { :; }
