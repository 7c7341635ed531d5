# The field cipher's native path (docs/store.md "Sealed values"): AES-256-GCM through the EVP API of
# Debian's OpenSSL (libssl-dev), linked in statically with its symbols hidden, so the addon needs
# nothing from the runtime that loads it but N-API and libc: the same .node works under Node (which
# exports its own OpenSSL) and under Electron (BoringSSL inside, no EVP for addons).
{
  "targets": [
    {
      "target_name": "field_aead",
      "sources": ["field_aead.c"],
      "cflags": ["-O2", "-Wall", "-Wextra", "-Werror"],
      "defines": ["NAPI_VERSION=8"],
      # Debian's OpenSSL headers before Node's copy of the ones Node was built with ("+": prepended).
      "include_dirs+": ["<!(sh system-openssl-include.sh)"],
      "libraries": ["<!(sh -c 'echo /usr/lib/$(gcc -print-multiarch)/libcrypto.a')"],
      "ldflags": [
        # libcrypto.a's symbols become local to the addon: none is exported (it would clash with the
        # host's OpenSSL), and -Bsymbolic binds the addon's own references to its own copy, never
        # to an EVP_ function of the same name the host happens to export.
        "-Wl,--exclude-libs,ALL",
        "-Wl,-Bsymbolic",
        "-Wl,--gc-sections",
        # Bind every symbol at load: a missing one fails the load (the store falls back), never a call.
        "-Wl,-z,now",
        "-Wl,-z,relro"
      ]
    }
  ]
}
