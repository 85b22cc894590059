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
    [[ $(id -u) == 0 ]] || fail "Chromium is not installed: run 'apt-get install -y chromium' as root"
    log "installing Chromium from Debian's packages (a minute the first time)"
    (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null) \
      || fail "apt-get install chromium failed"
    bin=/usr/bin/chromium
  fi
  echo "$bin"
}

browser_up() { log "browser: $(chromium_bin) ($("$(chromium_bin)" --version 2>/dev/null | head -n 1))"; }
browser_down() { :; }
