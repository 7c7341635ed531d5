#!/bin/sh
# Prints an include directory holding Debian's OpenSSL headers (libssl-dev) and nothing else, for
# binding.gyp to put before Node's own include directory: that one carries a copy of the OpenSSL
# headers Node was built with, and the addon links Debian's libcrypto.a, so its headers must be
# Debian's. The headers live in two places (/usr/include/openssl and the multiarch folder for
# configuration.h and opensslconf.h), and gcc ignores -I of a system directory, so the directory made
# here holds links to both sets under one openssl/ folder.
set -eu
multiarch=$(gcc -print-multiarch)
out="$(pwd)/build/system-openssl-include"
if [ ! -f /usr/include/openssl/evp.h ] || [ ! -f "/usr/include/$multiarch/openssl/configuration.h" ]; then
  echo "Debian's OpenSSL headers are missing: install libssl-dev (npm run setup does)" >&2
  exit 1
fi
rm -rf "$out"
mkdir -p "$out/openssl"
for header in /usr/include/openssl/*.h "/usr/include/$multiarch/openssl/"*.h; do
  ln -sf "$header" "$out/openssl/"
done
printf '%s\n' "$out"
