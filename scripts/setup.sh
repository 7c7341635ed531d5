#!/usr/bin/env bash
# npm run setup: from a fresh clone on a Debian machine to everything the app and its tests need.
# Runs before node_modules exists: bash, dpkg-query, apt-get and node only.
#   as root:        installs the Debian packages that are missing (apt-get only then), then npm ci;
#   as anyone else: prints the one `sudo apt-get install …` line for what is missing and stops (exit 2).
# Safe to run again: nothing is installed twice, and npm ci is skipped while node_modules is the one
# it made from this package-lock.json with this Node (see "npm ci" below). Network: apt's mirrors and
# the npm registry only.
set -euo pipefail
cd "$(dirname "$0")/.."

# Every package, and why. The tests fail (never skip) without theirs.
PACKAGES=(
  chromium                 # the Chromium shell, the end-to-end tests (playwright-core drives Debian's browser)
  softhsm2                 # the PKCS#11 token of the tests and of the training workstation
  opensc                   # pkcs11-tool: keys and certificates made on that token
  libengine-pkcs11-openssl # openssl signing with a key on the token (test PKI, zone policies)
  openssl                  # the test and training PKI: CAs, certificates, CRLs
  iproute2                 # ip: network namespaces of the zone labs; the zone helper's links and routes
  nftables                 # nft: the zone helper's firewall
  iputils-ping             # ping: the zone tests check what is reachable
  age                      # the container bench's reference
  bsdutils                 # script(1): the pseudo-terminal of the CLI PIN prompt test
  util-linux               # setpriv (this script's own test as another user), mount (the disk-full test's tmpfs)
  libopenjp2-tools         # opj_compress: the scanned (JPEG 2000) PDF page of the viewer test
  python3                  # node-gyp, when a native module has no prebuilt binary; the zone tests' TCP listeners
  make                     # node-gyp: better-sqlite3 and pkcs11js built from source
  g++                      # node-gyp, as above
  libssl-dev               # #19 the field cipher's addon links Debian's libcrypto.a into itself (native/field-aead, docs/store.md)
  binutils                 # #19 nm/readelf: setup and the addon's test read its symbol table (no OpenSSL symbol from the host)
  ca-certificates          # npm ci reaches the registry over HTTPS
  nats-server              # #15 messaging: the real NATS JetStream server (and cluster) the tests start
  restic                   # #16 backups: the reference backup tool, side by side in the bench
  poppler-utils            # pdftoppm: the training inbox's picture document; #17 signatures: pdfsig checks the PDFs Airlock signs
  libnss3-tools            # #17 signatures: certutil, an NSS database trusting the test root for pdfsig
  openssh-server           # #16 backups: the SFTP backup server of the tests (sshd)
  openssh-client           # #16 backups: sftp/ssh-keygen beside that server
  exfatprogs               # #16 backups: mkfs.exfat, the removable-media target's test stick (an image on a loop device)
  exfat-fuse               # #16 backups: mounts that stick (the kernel here has no exFAT/vfat driver; FUSE does)
)

say() { printf '%s\n' "$@" >&2; }

# Node first: package.json's engines field is the one place the minimum is written.
if ! command -v node >/dev/null; then
  say "Chưa có Node.js. Hãy cài Node.js bản 20.19 trở lên rồi chạy lại: npm run setup" \
      "Node.js is not installed. Install Node.js 20.19 or later, then run: npm run setup"
  exit 2
fi
want=$(node -p 'require("./package.json").engines.node.replace(/^>=\s*/, "")')
# Exit 1 when this Node is older than $want, compared part by part (20.9 < 20.19).
if ! node -e '
  const [want, have] = [process.argv[1], process.versions.node].map((version) => version.split(".").map(Number));
  const first = want.findIndex((part, i) => (have[i] ?? 0) !== part);
  process.exit(first !== -1 && (have[first] ?? 0) < (want[first] ?? 0) ? 1 : 0);
' "$want"; then
  say "Node.js $(node --version) quá cũ: cần bản ${want} trở lên. Hãy cài bản mới hơn rồi chạy lại: npm run setup" \
      "Node.js $(node --version) is too old: ${want} or later is needed. Install a newer one, then run: npm run setup"
  exit 2
fi

if ! command -v dpkg-query >/dev/null || ! command -v apt-get >/dev/null; then
  say "Lệnh này cài gói cho Debian (dpkg, apt-get) và không tìm thấy chúng trên máy này. Cần các gói: ${PACKAGES[*]}" \
      "This setup installs Debian packages (dpkg, apt-get), which this machine does not have. Needed: ${PACKAGES[*]}"
  exit 2
fi

missing_packages() {
  local package
  for package in "${PACKAGES[@]}"; do
    [[ "$(dpkg-query -W -f='${db:Status-Abbrev}' "$package" 2>/dev/null)" == ii* ]] || printf '%s\n' "$package"
  done
}

mapfile -t missing < <(missing_packages)
if ((${#missing[@]} > 0)); then
  if [[ "$(id -u)" != 0 ]]; then
    say "Còn thiếu các gói Debian: ${missing[*]}" \
        "Hãy chạy lệnh sau (cần quyền quản trị), rồi chạy lại npm run setup:" \
        "Missing Debian packages: ${missing[*]}" \
        "Run this (it needs administrator rights), then run npm run setup again:" \
        "" \
        "  sudo apt-get install -y --no-install-recommends ${missing[*]}"
    exit 2
  fi
  echo "::: apt-get install ${missing[*]}"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
  mapfile -t still < <(missing_packages)
  if ((${#still[@]} > 0)); then
    say "apt-get không cài được: ${still[*]}" "apt-get did not install: ${still[*]}"
    exit 1
  fi
else
  echo "::: Debian packages: all ${#PACKAGES[@]} installed"
fi

# npm ci starts from an empty node_modules every time (minutes, with the native builds). It is
# skipped only when the stamp it leaves matches: the lock file's hash, Node's module ABI (the native
# modules are built for it) and the platform. The stamp is written after npm ci succeeded, inside
# node_modules, so a failed or removed install never looks done. `npm run setup -- --reinstall` forces it.
stamp_file=node_modules/.airlock-setup-stamp
stamp="$(sha256sum package-lock.json | cut -d' ' -f1) node-abi-$(node -p process.versions.modules) $(node -p 'process.platform + "-" + process.arch')"
if [[ "${1:-}" != --reinstall && -f "$stamp_file" && "$(cat "$stamp_file")" == "$stamp" ]]; then
  echo "::: node_modules: up to date with package-lock.json (npm ci skipped; --reinstall forces it)"
else
  echo "::: npm ci"
  npm ci --no-audit --no-fund
  mkdir -p node_modules # npm ci makes none for a project without dependencies
  printf '%s\n' "$stamp" >"$stamp_file"
fi

# The field cipher's addon (native/field-aead, docs/store.md "Sealed values") is built by npm ci's
# postinstall; a node_modules made before the addon existed is complete without it, so it is built
# here on its own then (seconds; node-gyp with this Node's headers, no download). An addon built
# before #19 linked the host's OpenSSL (undefined EVP_ symbols, unusable in Electron): built again.
addon=native/field-aead/build/Release/field_aead.node
if [[ -d native/field-aead ]] && { [[ ! -f "$addon" ]] || nm -D --undefined-only "$addon" | grep -q ' EVP_'; }; then
  echo "::: npm run build:native"
  npm run build:native
fi
