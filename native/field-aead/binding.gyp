# The field cipher's native path (docs/store.md "Sealed values"): AES-256-GCM through the EVP API of
# the OpenSSL that Node itself links and exports, so nothing here links a second OpenSSL.
{
  "targets": [
    {
      "target_name": "field_aead",
      "sources": ["field_aead.c"],
      "cflags": ["-O2", "-Wall", "-Wextra", "-Werror"],
      "defines": ["NAPI_VERSION=8"],
      # Bind every symbol at load: in a runtime that does not export OpenSSL's EVP functions (Electron,
      # BoringSSL inside) loading fails at once and the store falls back to node:crypto, instead of
      # aborting the process at the first call to a missing function.
      "ldflags": ["-Wl,-z,now"]
    }
  ]
}
