/*
 * AES-256-GCM for the sealed store's values with one key schedule per unlock.
 *
 * node:crypto builds a Cipheriv/Decipheriv object (and its EVP context and key schedule) for every
 * value; here one EVP_CIPHER_CTX per direction is made when the store unlocks and each call only sets
 * the IV, the associated data, runs update, sets or reads the tag and finalises. The cipher itself is
 * OpenSSL's: Debian's libcrypto.a, linked into this addon with its symbols hidden (binding.gyp), so
 * the same file works in Node and in Electron (BoringSSL, no EVP for addons). Nothing cryptographic
 * is written here.
 *
 * That private OpenSSL reads no configuration of the host (OPENSSL_CONF, openssl.cnf: a FIPS or
 * provider setting meant for the system's OpenSSL could make it load modules or refuse): it is
 * initialised without loading a configuration, and AES-256-GCM is fetched once from a library context
 * of its own, from the built-in default provider only.
 *
 * JS API (electron/core/crypto/native-aead.ts wraps it):
 *   create(key: Buffer(32)) -> context                   key schedule made once; the caller wipes its key
 *   seal(context, nonce(12), ad, plaintext) -> ciphertext ‖ tag(16)
 *   sealValue(context, version, nonce(12), ad, plaintext) -> version(1) ‖ nonce ‖ ciphertext ‖ tag(16)
 *                                                         the stored value in one buffer (no concatenation in JS)
 *   open(context, value, offset, ad) -> plaintext | null  value[offset..] = nonce(12) ‖ ciphertext ‖ tag(16);
 *                                                         null: it does not authenticate (any damage)
 *   openInto(context, value, offset, ad, out) -> length | -1   the same, written into out (no Buffer per value)
 *   openText(context, value, offset, ad) -> string | null  the plaintext decoded as UTF-8 (as Buffer.toString
 *                                                         does) straight from the context's own scratch memory,
 *                                                         which is cleansed before the call returns
 *   openTextAround(context, value, offset, head, n, tail) -> string | null   openText with the associated
 *                                                         data head ‖ [n as associatedData() encodes it] ‖ tail,
 *                                                         given to GCM in pieces (no buffer of it per value)
 *   openTextsAround(context, version, values[], head, numbers[], tail) -> string[] | index
 *                                                         a page of stored values opened in one call, value i
 *                                                         under head ‖ [numbers[i]] ‖ tail; the first that
 *                                                         does not open: its index, and no array
 *   sealTextAround(context, version, nonce(12), head, n, tail, text) -> version ‖ nonce ‖ ciphertext ‖ tag
 *                                                         sealValue of text's UTF-8 bytes (as Buffer.from(text)
 *                                                         writes them) under openTextAround's associated data:
 *                                                         the bytes are written into the context's scratch
 *                                                         memory and cleansed before it returns, and the
 *                                                         associated data goes to GCM in pieces
 *   destroy(context)                                     frees both EVP contexts (OpenSSL cleanses them);
 *                                                         every later call throws
 *
 * HMAC-SHA256 under one key for the life of an unlock (the store's blind indexes): OpenSSL's HMAC
 * (EVP_MAC) keyed once, so its inner and outer SHA-256 states are computed once; each call restarts
 * from them (EVP_MAC_init with no key), where node:crypto's createHmac builds an Hmac object and
 * hashes the key's pads again for every lookup.
 *   macCreate(key) -> context                            the key's pads absorbed once; the caller wipes its key
 *   mac(context, text, length) -> Buffer(length)         the first length (1…32) bytes of HMAC-SHA256(key,
 *                                                         UTF-8 of text, as Buffer.from(text) writes it)
 *   macDestroy(context)                                  frees the EVP_MAC context (OpenSSL cleanses the key
 *                                                         and both states); every later call throws
 *
 * The backup chunker's cut finder (docs/backup-repository.md "Chunking"; electron/core/backup/keyed-
 * chunker.ts wraps it, its JavaScript loop the reference): the Gear steps and the AES-128 PRF of each
 * position in one call, AES-128-ECB through the same private OpenSSL, into buffers on the stack (node:
 * crypto allocates an output per update, and the Gear loop in JavaScript costs as much as the AES).
 *   cutCreate(cutKey(16), gearA(Uint32Array 256), gearC(Uint32Array 256)) -> context   copies of all three
 *   cutFind(context, piece, from, count, cutBits, state(Uint32Array 2)) -> k | -1
 *       from the lanes (A, C) = state, steps over piece[from], piece[from+1]…, at most count bytes; k: the
 *       first step (0-based) after which the PRF says cut; -1: none, and state holds the lanes after all
 *   cutDestroy(context)                                  frees the PRF context (cleansed), wipes the tables
 *
 * The document container's version 2 chunks (docs/container.md "Body" and "The signed message";
 * electron/core/documents/container-crypto.ts wraps it, its node:crypto loop the reference): a
 * batch of chunks sealed in place and their leaves computed in one call, so a chunk costs no
 * Cipheriv object, no output Buffer and no copy (node:crypto has no in-place call).
 *   sealChunks(key(32), batch, count, first, endsLast, lastLength, leaves(32·count)) -> undefined
 *       chunk i (0 ≤ i < count) is at batch[65552·i…]: 65536 plaintext bytes (lastLength for the
 *       final one, 0…65536), overwritten by its ciphertext, its 16-byte tag written just after;
 *       iv = u88(first + i) ‖ flag, flag 1 only for the final chunk when endsLast; leaf i =
 *       SHA-256(iv ‖ ciphertext ‖ tag) into leaves[32·i…]. On failure (never with valid
 *       arguments) it throws with the batch cleansed.
 *   openChunks(key(32), batch, count, first, lastIndex, lastLength, leaves(32·count)) -> 0 | 2i+1 | 2i+2
 *       the reverse, as the batch was read from the file: chunk i at batch[65552·i…], 65552 bytes
 *       (lastLength, 16…65552, for the final one); leaf i computed over the sealed bytes, then the
 *       chunk opened in place (its plaintext where its ciphertext was). The iv's flag is 1 for chunk
 *       lastIndex (the file's last). 0: every chunk opened. 2i+1: chunk i does not authenticate
 *       (chunkTampered); 2i+2: chunk i is the file's last and opens only with flag 0 (truncated). On
 *       either the whole batch is cleansed: no unauthenticated plaintext is handed out or left.
 */
#include <node_api.h>
#include <openssl/evp.h>
#include <openssl/crypto.h>
#include <openssl/core_names.h>
#include <openssl/params.h>
#include <pthread.h>
#include <limits.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#define KEY_LENGTH 32
#define NONCE_LENGTH 12
#define TAG_LENGTH 16

typedef struct {
  EVP_CIPHER_CTX *seal;
  EVP_CIPHER_CTX *open;
  /* openText's plaintext: grown as needed, cleansed after every value and at destroy. */
  unsigned char *scratch;
  size_t scratch_size;
} aead_context;

/* The library context and the cipher fetched from it, made once per process and kept for its life. */
static OSSL_LIB_CTX *library;
static EVP_CIPHER *aes_256_gcm;
static EVP_CIPHER *aes_128_ecb;
static EVP_MD *sha_256;
static EVP_MAC *hmac;
static pthread_once_t cipher_once = PTHREAD_ONCE_INIT;

static void fetch_cipher(void) {
  if (OPENSSL_init_crypto(OPENSSL_INIT_NO_LOAD_CONFIG, NULL) != 1) return;
  library = OSSL_LIB_CTX_new();
  if (library == NULL) return;
  aes_256_gcm = EVP_CIPHER_fetch(library, "AES-256-GCM", "provider=default");
  aes_128_ecb = EVP_CIPHER_fetch(library, "AES-128-ECB", "provider=default");
  sha_256 = EVP_MD_fetch(library, "SHA2-256", "provider=default");
  hmac = EVP_MAC_fetch(library, "HMAC", "provider=default");
}

static const EVP_CIPHER *cipher(void) {
  pthread_once(&cipher_once, fetch_cipher);
  return aes_256_gcm;
}

static void free_contexts(aead_context *context) {
  /* EVP_CIPHER_CTX_free cleanses the cipher state (key schedule, GHASH key) before freeing it. */
  EVP_CIPHER_CTX_free(context->seal);
  EVP_CIPHER_CTX_free(context->open);
  context->seal = NULL;
  context->open = NULL;
  /* Cleansed after every use already; cleansed again as it is freed. */
  OPENSSL_clear_free(context->scratch, context->scratch_size);
  context->scratch = NULL;
  context->scratch_size = 0;
}

static void finalize_context(napi_env env, void *data, void *hint) {
  (void)env;
  (void)hint;
  aead_context *context = data;
  free_contexts(context);
  OPENSSL_cleanse(context, sizeof(*context));
  OPENSSL_free(context);
}

#define CHECK(env, call)                                                   \
  do {                                                                     \
    if ((call) != napi_ok) {                                               \
      napi_throw_error((env), "AIRLOCK_AEAD_NAPI", "N-API call failed");   \
      return NULL;                                                         \
    }                                                                      \
  } while (0)

static napi_value fail(napi_env env, const char *code, const char *message) {
  napi_throw_error(env, code, message);
  return NULL;
}

/* A Buffer or any TypedArray/DataView as bytes. */
static int bytes_of(napi_env env, napi_value value, unsigned char **data, size_t *length) {
  bool is_buffer = false;
  if (napi_is_buffer(env, value, &is_buffer) == napi_ok && is_buffer) {
    return napi_get_buffer_info(env, value, (void **)data, length) == napi_ok;
  }
  bool is_typed = false;
  if (napi_is_typedarray(env, value, &is_typed) == napi_ok && is_typed) {
    napi_typedarray_type type;
    size_t count;
    napi_value array_buffer;
    size_t offset;
    void *base;
    if (napi_get_typedarray_info(env, value, &type, &count, &base, &array_buffer, &offset) != napi_ok) return 0;
    if (type != napi_uint8_array) return 0;
    *data = base;
    *length = count;
    return 1;
  }
  return 0;
}

static aead_context *context_of(napi_env env, napi_value value) {
  void *data = NULL;
  if (napi_get_value_external(env, value, &data) != napi_ok || data == NULL) return NULL;
  return data;
}

/* The call's arguments, the first one a live or destroyed context; NULL (an exception pending) otherwise. */
static aead_context *arguments_of(napi_env env, napi_callback_info info, size_t expected, napi_value *argv) {
  size_t argc = expected;
  if (napi_get_cb_info(env, info, &argc, argv, NULL, NULL) != napi_ok || argc != expected) {
    fail(env, "AIRLOCK_AEAD_ARGUMENT", "wrong number of arguments");
    return NULL;
  }
  aead_context *context = context_of(env, argv[0]);
  if (context == NULL) fail(env, "AIRLOCK_AEAD_ARGUMENT", "not a field cipher context");
  return context;
}

static napi_value destroyed(napi_env env) { return fail(env, "AIRLOCK_AEAD_DESTROYED", "cipher key destroyed (store locked)"); }

/* An external owning `data`: freed by `finalize` when collected, or at once if N-API fails. */
static napi_value external_of(napi_env env, void *data, napi_finalize finalize) {
  napi_value external;
  if (napi_create_external(env, data, finalize, NULL, &external) != napi_ok) {
    finalize(env, data, NULL);
    return fail(env, "AIRLOCK_AEAD_NAPI", "N-API call failed");
  }
  return external;
}

static napi_value create(napi_env env, napi_callback_info info) {
  size_t argc = 1;
  napi_value argv[1];
  CHECK(env, napi_get_cb_info(env, info, &argc, argv, NULL, NULL));
  unsigned char *key;
  size_t key_length;
  if (argc != 1 || !bytes_of(env, argv[0], &key, &key_length) || key_length != KEY_LENGTH) {
    return fail(env, "AIRLOCK_AEAD_ARGUMENT", "AES-256 needs a 32-byte key");
  }
  if (cipher() == NULL) return fail(env, "AIRLOCK_AEAD_OPENSSL", "OpenSSL has no AES-256-GCM");
  aead_context *context = OPENSSL_zalloc(sizeof(*context));
  if (context == NULL) return fail(env, "AIRLOCK_AEAD_MEMORY", "out of memory");
  context->seal = EVP_CIPHER_CTX_new();
  context->open = EVP_CIPHER_CTX_new();
  /* The key schedule is made here, once; the IV is given per value (12 bytes is GCM's default length). */
  if (context->seal == NULL || context->open == NULL ||
      EVP_EncryptInit_ex(context->seal, cipher(), NULL, key, NULL) != 1 ||
      EVP_DecryptInit_ex(context->open, cipher(), NULL, key, NULL) != 1) {
    finalize_context(env, context, NULL);
    return fail(env, "AIRLOCK_AEAD_OPENSSL", "OpenSSL refused the AES-256-GCM key");
  }
  return external_of(env, context, finalize_context);
}

static napi_value destroy(napi_env env, napi_callback_info info) {
  napi_value argv[1];
  aead_context *context = arguments_of(env, info, 1, argv);
  if (context == NULL) return NULL;
  /* The struct itself stays until GC (the external still points at it); only its contexts go now. */
  free_contexts(context);
  return NULL;
}

/* One piece of the associated data: GCM takes it in several updates, the same as their concatenation. */
typedef struct {
  const unsigned char *data;
  size_t length;
} ad_piece;

/*
 * Encrypts plaintext under nonce into out: ciphertext ‖ tag (plaintext_length + TAG_LENGTH bytes), the
 * associated data being the concatenation of `pieces`; 0 on failure, out cleansed.
 */
static int seal_into(EVP_CIPHER_CTX *ctx, const unsigned char *nonce, const ad_piece *ad, int pieces, const unsigned char *plaintext, size_t plaintext_length, unsigned char *out) {
  int written = 0, final_written = 0;
  int ok = EVP_EncryptInit_ex(ctx, NULL, NULL, NULL, nonce) == 1;
  for (int piece = 0; ok && piece < pieces; piece++) {
    ok = ad[piece].length == 0 || EVP_EncryptUpdate(ctx, NULL, &written, ad[piece].data, (int)ad[piece].length) == 1;
  }
  ok = ok && EVP_EncryptUpdate(ctx, out, &written, plaintext, (int)plaintext_length) == 1 &&
       EVP_EncryptFinal_ex(ctx, out + written, &final_written) == 1 &&
       (size_t)(written + final_written) == plaintext_length &&
       EVP_CIPHER_CTX_ctrl(ctx, EVP_CTRL_GCM_GET_TAG, TAG_LENGTH, out + plaintext_length) == 1;
  if (!ok) OPENSSL_cleanse(out, plaintext_length + TAG_LENGTH);
  return ok;
}

/* The arguments both sealing calls share, from argv[first]: nonce, associated data, plaintext. */
static int seal_arguments_of(napi_env env, napi_value *argv, size_t first, unsigned char **nonce, unsigned char **ad, size_t *ad_length, unsigned char **plaintext, size_t *plaintext_length) {
  size_t nonce_length;
  if (!bytes_of(env, argv[first], nonce, &nonce_length) || nonce_length != NONCE_LENGTH ||
      !bytes_of(env, argv[first + 1], ad, ad_length) || !bytes_of(env, argv[first + 2], plaintext, plaintext_length) ||
      *ad_length > INT_MAX || *plaintext_length > INT_MAX - TAG_LENGTH - NONCE_LENGTH - 1) {
    fail(env, "AIRLOCK_AEAD_ARGUMENT", "seal needs a 12-byte nonce, associated data and plaintext as bytes");
    return 0;
  }
  return 1;
}

static napi_value seal(napi_env env, napi_callback_info info) {
  napi_value argv[4];
  aead_context *context = arguments_of(env, info, 4, argv);
  if (context == NULL) return NULL;
  if (context->seal == NULL) return destroyed(env);
  unsigned char *nonce, *ad, *plaintext;
  size_t ad_length, plaintext_length;
  if (!seal_arguments_of(env, argv, 1, &nonce, &ad, &ad_length, &plaintext, &plaintext_length)) return NULL;
  napi_value result;
  unsigned char *out;
  CHECK(env, napi_create_buffer(env, plaintext_length + TAG_LENGTH, (void **)&out, &result));
  ad_piece whole = {ad, ad_length};
  if (!seal_into(context->seal, nonce, &whole, 1, plaintext, plaintext_length, out)) return fail(env, "AIRLOCK_AEAD_OPENSSL", "AES-256-GCM encryption failed");
  return result;
}

/* The value as stored, version ‖ nonce ‖ ciphertext ‖ tag, in a new Buffer; NULL (an exception pending) on failure. */
static napi_value stored_value(napi_env env, EVP_CIPHER_CTX *ctx, uint32_t version, const unsigned char *nonce, const ad_piece *ad, int pieces, const unsigned char *plaintext, size_t plaintext_length) {
  napi_value result;
  unsigned char *out;
  CHECK(env, napi_create_buffer(env, 1 + NONCE_LENGTH + plaintext_length + TAG_LENGTH, (void **)&out, &result));
  out[0] = (unsigned char)version;
  memcpy(out + 1, nonce, NONCE_LENGTH);
  if (!seal_into(ctx, nonce, ad, pieces, plaintext, plaintext_length, out + 1 + NONCE_LENGTH)) return fail(env, "AIRLOCK_AEAD_OPENSSL", "AES-256-GCM encryption failed");
  return result;
}

/* sealValue(context, version, nonce, ad, plaintext) -> version ‖ nonce ‖ ciphertext ‖ tag, the value as stored. */
static napi_value seal_value(napi_env env, napi_callback_info info) {
  napi_value argv[5];
  aead_context *context = arguments_of(env, info, 5, argv);
  if (context == NULL) return NULL;
  if (context->seal == NULL) return destroyed(env);
  uint32_t version;
  unsigned char *nonce, *ad, *plaintext;
  size_t ad_length, plaintext_length;
  if (napi_get_value_uint32(env, argv[1], &version) != napi_ok || version > 0xff) return fail(env, "AIRLOCK_AEAD_ARGUMENT", "sealValue needs the format's version byte");
  if (!seal_arguments_of(env, argv, 2, &nonce, &ad, &ad_length, &plaintext, &plaintext_length)) return NULL;
  ad_piece whole = {ad, ad_length};
  return stored_value(env, context->seal, version, nonce, &whole, 1, plaintext, plaintext_length);
}

/*
 * Opens value[offset..] = nonce(12) ‖ ciphertext ‖ tag(16) into out (out_length bytes at least the
 * ciphertext's), the associated data being the concatenation of `pieces`. Returns 1 when it
 * authenticates; 0 otherwise, with out cleansed: unauthenticated plaintext is never handed out, nor
 * left in memory.
 */
static int open_value(EVP_CIPHER_CTX *ctx, const unsigned char *value, size_t length, const ad_piece *ad, int pieces, unsigned char *out) {
  const unsigned char *nonce = value;
  const unsigned char *ciphertext = value + NONCE_LENGTH;
  /* The tag is copied out of the caller's buffer: EVP_CTRL_GCM_SET_TAG takes a non-const pointer. */
  unsigned char tag[TAG_LENGTH];
  memcpy(tag, ciphertext + length, TAG_LENGTH);
  int written = 0, final_written = 0;
  int ok = EVP_DecryptInit_ex(ctx, NULL, NULL, NULL, nonce) == 1;
  for (int piece = 0; ok && piece < pieces; piece++) {
    ok = ad[piece].length == 0 || EVP_DecryptUpdate(ctx, NULL, &written, ad[piece].data, (int)ad[piece].length) == 1;
  }
  ok = ok && (length == 0 || EVP_DecryptUpdate(ctx, out, &written, ciphertext, (int)length) == 1) &&
       EVP_CIPHER_CTX_ctrl(ctx, EVP_CTRL_GCM_SET_TAG, TAG_LENGTH, tag) == 1 &&
       EVP_DecryptFinal_ex(ctx, out + (length == 0 ? 0 : written), &final_written) == 1 &&
       (size_t)((length == 0 ? 0 : written) + final_written) == length;
  if (!ok) OPENSSL_cleanse(out, length);
  return ok;
}

/* The arguments both opening calls share: context, value, offset, associated data. */
typedef struct {
  aead_context *context;
  EVP_CIPHER_CTX *ctx;
  unsigned char *value, *ad;
  size_t length, ad_length;
} open_arguments;

static int open_arguments_of(napi_env env, napi_callback_info info, size_t expected, napi_value *argv, open_arguments *arguments) {
  aead_context *context = arguments_of(env, info, expected, argv);
  if (context == NULL) return 0;
  if (context->open == NULL) return destroyed(env), 0;
  unsigned char *value;
  size_t value_length;
  uint32_t offset;
  if (!bytes_of(env, argv[1], &value, &value_length) || napi_get_value_uint32(env, argv[2], &offset) != napi_ok ||
      !bytes_of(env, argv[3], &arguments->ad, &arguments->ad_length) || arguments->ad_length > INT_MAX || value_length > INT_MAX) {
    return fail(env, "AIRLOCK_AEAD_ARGUMENT", "open needs the sealed value, the nonce's offset and associated data as bytes"), 0;
  }
  arguments->context = context;
  arguments->ctx = context->open;
  arguments->value = value + offset;
  /* A value too short to hold a nonce and a tag: SIZE_MAX, which the callers treat as not opening. */
  arguments->length = value_length < (size_t)offset + NONCE_LENGTH + TAG_LENGTH ? SIZE_MAX : value_length - offset - NONCE_LENGTH - TAG_LENGTH;
  return 1;
}

/* open(context, value, offset, ad) -> a new Buffer with the plaintext, or null. */
static napi_value open(napi_env env, napi_callback_info info) {
  napi_value argv[4];
  open_arguments arguments;
  if (!open_arguments_of(env, info, 4, argv, &arguments)) return NULL;
  napi_value null_value;
  CHECK(env, napi_get_null(env, &null_value));
  if (arguments.length == SIZE_MAX) return null_value;
  napi_value result;
  unsigned char *out;
  /* napi_create_buffer may refuse 0 bytes: 1 is asked for, and an empty view handed back. */
  CHECK(env, napi_create_buffer(env, arguments.length == 0 ? 1 : arguments.length, (void **)&out, &result));
  ad_piece ad = {arguments.ad, arguments.ad_length};
  if (!open_value(arguments.ctx, arguments.value, arguments.length, &ad, 1, out)) return null_value;
  if (arguments.length == 0) CHECK(env, napi_create_buffer(env, 0, NULL, &result));
  return result;
}

/*
 * openInto(context, value, offset, ad, out) -> the plaintext's length in out, or -1. No Buffer made per
 * value: the store reads into one scratch buffer and overwrites it after parsing.
 */
static napi_value open_into(napi_env env, napi_callback_info info) {
  napi_value argv[5];
  open_arguments arguments;
  if (!open_arguments_of(env, info, 5, argv, &arguments)) return NULL;
  unsigned char *out;
  size_t out_length;
  if (!bytes_of(env, argv[4], &out, &out_length)) return fail(env, "AIRLOCK_AEAD_ARGUMENT", "openInto needs an output buffer");
  int32_t length = -1;
  if (arguments.length != SIZE_MAX) {
    if (arguments.length > out_length) return fail(env, "AIRLOCK_AEAD_ARGUMENT", "openInto's output buffer is too small");
    ad_piece ad = {arguments.ad, arguments.ad_length};
    if (open_value(arguments.ctx, arguments.value, arguments.length, &ad, 1, out)) length = (int32_t)arguments.length;
  }
  napi_value result;
  CHECK(env, napi_create_int32(env, length, &result));
  return result;
}

/*
 * The plaintext as a string (UTF-8, invalid sequences replaced as Buffer.toString does), or null. The
 * store parses every value it reads from exactly this string; made here, no Buffer, view or copy of
 * the plaintext is made in JavaScript, and the bytes it came from are cleansed before returning.
 */
/* The context's scratch memory, at least `length` bytes (grown in powers of two); 0, an exception pending, when out of memory. */
static int scratch_for(napi_env env, aead_context *context, size_t length) {
  if (context->scratch != NULL && context->scratch_size >= length) return 1;
  size_t size = 4096;
  while (size < length) size *= 2;
  OPENSSL_clear_free(context->scratch, context->scratch_size);
  context->scratch_size = 0;
  context->scratch = OPENSSL_malloc(size);
  if (context->scratch == NULL) return fail(env, "AIRLOCK_AEAD_MEMORY", "out of memory"), 0;
  context->scratch_size = size;
  return 1;
}

/*
 * Overwrites a value's plaintext in the scratch memory after its string is made: glibc's explicit_bzero
 * (a memset the compiler may not remove), vectorised, where OPENSSL_cleanse stores 8 bytes a loop and
 * took 7% of a page's opening. Key material and the scratch at free keep OPENSSL_cleanse.
 */
static void wipe_plaintext(unsigned char *bytes, size_t length) { explicit_bzero(bytes, length); }

static napi_value text_of(napi_env env, const open_arguments *arguments, const ad_piece *ad, int pieces) {
  napi_value result;
  CHECK(env, napi_get_null(env, &result));
  if (arguments->length == SIZE_MAX || arguments->length > INT_MAX) return result;
  aead_context *context = arguments->context;
  if (!scratch_for(env, context, arguments->length)) return NULL;
  if (!open_value(arguments->ctx, arguments->value, arguments->length, ad, pieces, context->scratch)) return result;
  napi_status status = napi_create_string_utf8(env, (const char *)context->scratch, arguments->length, &result);
  wipe_plaintext(context->scratch, arguments->length);
  CHECK(env, status);
  return result;
}

/* openText(context, value, offset, ad) -> string | null. */
static napi_value open_text(napi_env env, napi_callback_info info) {
  napi_value argv[4];
  open_arguments arguments;
  if (!open_arguments_of(env, info, 4, argv, &arguments)) return NULL;
  ad_piece ad = {arguments.ad, arguments.ad_length};
  return text_of(env, &arguments, &ad, 1);
}

/*
 * The associated data's middle part for `number` (argv_number, a safe integer): length(4, big-endian)
 * ‖ its decimal digits — the encoding of associatedData() for an integer part, as String(number)
 * writes it — into part (28 bytes); its length, or 0 with an exception pending.
 */
static size_t number_part(napi_env env, napi_value argv_number, unsigned char *part, size_t part_size) {
  double number;
  if (napi_get_value_double(env, argv_number, &number) != napi_ok || !(number >= -9007199254740991.0 && number <= 9007199254740991.0) ||
      number != (double)(long long)number) {
    return fail(env, "AIRLOCK_AEAD_ARGUMENT", "the associated data's number must be a safe integer"), 0;
  }
  /* The digits written backwards from the magnitude, as "%lld" writes them (snprintf took a tenth of a page's opening). */
  long long whole = (long long)number;
  unsigned long long magnitude = whole < 0 ? 0ULL - (unsigned long long)whole : (unsigned long long)whole;
  char reversed[24];
  int digits = 0;
  do {
    reversed[digits++] = (char)('0' + magnitude % 10);
    magnitude /= 10;
  } while (magnitude != 0);
  if (whole < 0) reversed[digits++] = '-';
  if ((size_t)digits >= part_size - 4) return fail(env, "AIRLOCK_AEAD_ARGUMENT", "could not write the associated data's number"), 0;
  for (int i = 0; i < digits; i++) part[4 + i] = (unsigned char)reversed[digits - 1 - i];
  part[0] = 0;
  part[1] = 0;
  part[2] = 0;
  part[3] = (unsigned char)digits;
  return 4 + (size_t)digits;
}

/*
 * openTextAround(context, value, offset, head, number, tail) -> string | null: openText with the
 * associated data head ‖ number_part(number) ‖ tail, given to GCM in pieces, so no buffer of it is
 * made per value. number: an integer of at most 2^53 - 1 in size.
 */
static napi_value open_text_around(napi_env env, napi_callback_info info) {
  napi_value argv[6];
  open_arguments arguments;
  if (!open_arguments_of(env, info, 6, argv, &arguments)) return NULL;
  unsigned char *tail;
  size_t tail_length;
  if (!bytes_of(env, argv[5], &tail, &tail_length) || tail_length > INT_MAX) return fail(env, "AIRLOCK_AEAD_ARGUMENT", "openTextAround needs a safe integer between two byte strings");
  unsigned char part[4 + 24];
  size_t part_length = number_part(env, argv[4], part, sizeof(part));
  if (part_length == 0) return NULL;
  ad_piece ad[3] = {{arguments.ad, arguments.ad_length}, {part, part_length}, {tail, tail_length}};
  return text_of(env, &arguments, ad, 3);
}

/*
 * openTextsAround(context, version, values, head, numbers, tail) -> string[] | index: a page of
 * stored values (values[i] = version(1) ‖ nonce(12) ‖ ciphertext ‖ tag(16)) opened in one call, value
 * i under head ‖ number_part(numbers[i]) ‖ tail, each decoded as openTextAround decodes it. The
 * per-value N-API call, argument checks and wrapper calls of openTextAround are paid once a page.
 * Fail closed: the first value that is not bytes, is too short, has another version byte or does not
 * authenticate stops the call, which returns its index (a number) instead of the array — the texts
 * made before it are dropped unreturned — and its plaintext bytes are cleansed like every other's.
 * numbers: safe integers (the caller checks; anything else throws).
 */
static napi_value open_texts_around(napi_env env, napi_callback_info info) {
  napi_value argv[6];
  aead_context *context = arguments_of(env, info, 6, argv);
  if (context == NULL) return NULL;
  if (context->open == NULL) return destroyed(env);
  uint32_t version, count = 0, numbers = 0;
  unsigned char *head, *tail;
  size_t head_length, tail_length;
  bool values_array = false, numbers_array = false;
  if (napi_get_value_uint32(env, argv[1], &version) != napi_ok || version > 0xff || napi_is_array(env, argv[2], &values_array) != napi_ok ||
      !values_array || napi_get_array_length(env, argv[2], &count) != napi_ok || !bytes_of(env, argv[3], &head, &head_length) ||
      napi_is_array(env, argv[4], &numbers_array) != napi_ok || !numbers_array || napi_get_array_length(env, argv[4], &numbers) != napi_ok ||
      numbers != count || !bytes_of(env, argv[5], &tail, &tail_length) || head_length > INT_MAX || tail_length > INT_MAX) {
    return fail(env, "AIRLOCK_AEAD_ARGUMENT", "openTextsAround needs the version byte, an array of values, two byte strings around an array of as many safe integers");
  }
  napi_value texts;
  CHECK(env, napi_create_array_with_length(env, count, &texts));
  for (uint32_t i = 0; i < count; i++) {
    napi_value element, number, text;
    CHECK(env, napi_get_element(env, argv[2], i, &element));
    CHECK(env, napi_get_element(env, argv[4], i, &number));
    unsigned char part[4 + 24];
    size_t part_length = number_part(env, number, part, sizeof(part));
    if (part_length == 0) return NULL;
    unsigned char *value;
    size_t value_length = 0, length = 0;
    int opened = bytes_of(env, element, &value, &value_length) && value_length <= INT_MAX &&
                 value_length >= 1 + NONCE_LENGTH + TAG_LENGTH && value[0] == version;
    if (opened) {
      length = value_length - 1 - NONCE_LENGTH - TAG_LENGTH;
      if (!scratch_for(env, context, length)) return NULL;
      ad_piece ad[3] = {{head, head_length}, {part, part_length}, {tail, tail_length}};
      opened = open_value(context->open, value + 1, length, ad, 3, context->scratch);
    }
    if (!opened) {
      napi_value index;
      CHECK(env, napi_create_uint32(env, i, &index));
      return index;
    }
    napi_status status = napi_create_string_utf8(env, (const char *)context->scratch, length, &text);
    wipe_plaintext(context->scratch, length);
    CHECK(env, status);
    CHECK(env, napi_set_element(env, texts, i, text));
  }
  return texts;
}

/*
 * Room for a string's UTF-8 in one pass: 3 bytes per UTF-16 unit (a pair, 4 bytes, is two units) and
 * the NUL napi_get_value_string_utf8 writes, plus one so that a text it had to cut short (never, with
 * this room) would show as filling it. Asking N-API for the exact length first would encode it twice.
 */
static int utf8_capacity_of(napi_env env, napi_value text, size_t *capacity) {
  size_t units;
  if (napi_get_value_string_utf16(env, text, NULL, 0, &units) != napi_ok || units > (SIZE_MAX - 2) / 3) return 0;
  *capacity = 3 * units + 2;
  return 1;
}

/*
 * sealTextAround(context, version, nonce, head, number, tail, text) -> version ‖ nonce ‖ ciphertext ‖
 * tag: the stored value of text's UTF-8 bytes under the associated data head ‖ number_part(number) ‖
 * tail (openTextAround's). N-API writes the UTF-8 (lone surrogates as U+FFFD, as Buffer.from does)
 * into the context's scratch memory, cleansed before returning: no Buffer of the plaintext is made.
 */
static napi_value seal_text_around(napi_env env, napi_callback_info info) {
  napi_value argv[7];
  aead_context *context = arguments_of(env, info, 7, argv);
  if (context == NULL) return NULL;
  if (context->seal == NULL) return destroyed(env);
  uint32_t version;
  unsigned char *nonce, *head, *tail;
  size_t nonce_length, head_length, tail_length, capacity;
  if (napi_get_value_uint32(env, argv[1], &version) != napi_ok || version > 0xff || !bytes_of(env, argv[2], &nonce, &nonce_length) ||
      nonce_length != NONCE_LENGTH || !bytes_of(env, argv[3], &head, &head_length) || !bytes_of(env, argv[5], &tail, &tail_length) ||
      head_length > INT_MAX || tail_length > INT_MAX || !utf8_capacity_of(env, argv[6], &capacity) ||
      capacity > INT_MAX - TAG_LENGTH - NONCE_LENGTH - 1) {
    return fail(env, "AIRLOCK_AEAD_ARGUMENT", "sealTextAround needs the version byte, a 12-byte nonce, two byte strings around a safe integer, and a text");
  }
  unsigned char part[4 + 24];
  size_t part_length = number_part(env, argv[4], part, sizeof(part));
  if (part_length == 0) return NULL;
  if (!scratch_for(env, context, capacity)) return NULL;
  size_t length = 0;
  napi_value result = NULL;
  if (napi_get_value_string_utf8(env, argv[6], (char *)context->scratch, capacity, &length) != napi_ok || length >= capacity - 1) {
    fail(env, "AIRLOCK_AEAD_NAPI", "N-API could not write the text as UTF-8");
  } else {
    ad_piece ad[3] = {{head, head_length}, {part, part_length}, {tail, tail_length}};
    result = stored_value(env, context->seal, version, nonce, ad, 3, context->scratch, length);
  }
  wipe_plaintext(context->scratch, length + 1);
  return result;
}

/* ---- HMAC-SHA256 under one key (the blind indexes) ---- */

typedef struct {
  EVP_MAC_CTX *mac;
} mac_context;

static void finalize_mac(napi_env env, void *data, void *hint) {
  (void)env;
  (void)hint;
  mac_context *context = data;
  /* EVP_MAC_CTX_free cleanses HMAC's key copy and its inner and outer digest states. */
  EVP_MAC_CTX_free(context->mac);
  OPENSSL_free(context);
}

static napi_value mac_create(napi_env env, napi_callback_info info) {
  size_t argc = 1;
  napi_value argv[1];
  CHECK(env, napi_get_cb_info(env, info, &argc, argv, NULL, NULL));
  unsigned char *key;
  size_t key_length;
  /* Any length HMAC takes (a key longer than SHA-256's block is hashed first); an empty one is not a key. */
  if (argc != 1 || !bytes_of(env, argv[0], &key, &key_length) || key_length == 0 || key_length > INT_MAX) {
    return fail(env, "AIRLOCK_AEAD_ARGUMENT", "macCreate needs a key of at least one byte");
  }
  cipher();
  if (hmac == NULL) return fail(env, "AIRLOCK_AEAD_OPENSSL", "OpenSSL has no HMAC");
  mac_context *context = OPENSSL_zalloc(sizeof(*context));
  if (context == NULL) return fail(env, "AIRLOCK_AEAD_MEMORY", "out of memory");
  char digest[] = "SHA2-256";
  OSSL_PARAM params[] = {OSSL_PARAM_construct_utf8_string(OSSL_MAC_PARAM_DIGEST, digest, 0), OSSL_PARAM_construct_end()};
  context->mac = EVP_MAC_CTX_new(hmac);
  if (context->mac == NULL || EVP_MAC_init(context->mac, key, key_length, params) != 1) {
    finalize_mac(env, context, NULL);
    return fail(env, "AIRLOCK_AEAD_OPENSSL", "OpenSSL refused the HMAC-SHA256 key");
  }
  return external_of(env, context, finalize_mac);
}

static mac_context *mac_arguments_of(napi_env env, napi_callback_info info, size_t expected, napi_value *argv) {
  size_t argc = expected;
  void *data = NULL;
  if (napi_get_cb_info(env, info, &argc, argv, NULL, NULL) != napi_ok || argc != expected || napi_get_value_external(env, argv[0], &data) != napi_ok || data == NULL) {
    return fail(env, "AIRLOCK_AEAD_ARGUMENT", "not a MAC context"), NULL;
  }
  return data;
}

/* mac(context, text, length) -> the first length bytes of HMAC-SHA256(key, UTF-8 of text). */
static napi_value mac(napi_env env, napi_callback_info info) {
  napi_value argv[3];
  mac_context *context = mac_arguments_of(env, info, 3, argv);
  if (context == NULL) return NULL;
  if (context->mac == NULL) return fail(env, "AIRLOCK_AEAD_DESTROYED", "MAC key destroyed (store locked)");
  uint32_t wanted;
  size_t capacity;
  if (napi_get_value_uint32(env, argv[2], &wanted) != napi_ok || wanted == 0 || wanted > 32 || !utf8_capacity_of(env, argv[1], &capacity)) {
    return fail(env, "AIRLOCK_AEAD_ARGUMENT", "mac needs a text and a length of 1 to 32 bytes");
  }
  /* Lookup values are short: on the stack up to 1 KiB, else on the heap; cleansed either way. */
  unsigned char stack[1024];
  unsigned char *text = capacity <= sizeof(stack) ? stack : OPENSSL_malloc(capacity);
  if (text == NULL) return fail(env, "AIRLOCK_AEAD_MEMORY", "out of memory");
  size_t length = 0;
  unsigned char digest[32];
  size_t digest_length = 0;
  /* No key: HMAC restarts from the inner and outer states computed at macCreate. */
  int ok = napi_get_value_string_utf8(env, argv[1], (char *)text, capacity, &length) == napi_ok && length < capacity - 1 &&
           EVP_MAC_init(context->mac, NULL, 0, NULL) == 1 && EVP_MAC_update(context->mac, text, length) == 1 &&
           EVP_MAC_final(context->mac, digest, &digest_length, sizeof(digest)) == 1 && digest_length == sizeof(digest);
  OPENSSL_cleanse(text, length + 1);
  if (text != stack) OPENSSL_free(text);
  napi_value result = NULL;
  unsigned char *out;
  if (ok && napi_create_buffer_copy(env, wanted, digest, (void **)&out, &result) != napi_ok) ok = 0;
  OPENSSL_cleanse(digest, sizeof(digest));
  if (!ok) return fail(env, "AIRLOCK_AEAD_OPENSSL", "HMAC-SHA256 failed");
  return result;
}

static napi_value mac_destroy(napi_env env, napi_callback_info info) {
  napi_value argv[1];
  mac_context *context = mac_arguments_of(env, info, 1, argv);
  if (context == NULL) return NULL;
  EVP_MAC_CTX_free(context->mac);
  context->mac = NULL;
  return NULL;
}

/* ---- The chunker's cut finder ---- */

#define CUT_KEY_LENGTH 16
#define GEAR_ENTRIES 256
/* Positions per EVP call: the work past a cut (thrown away) stays small, the call's cost amortised. */
#define CUT_BATCH 256

typedef struct {
  EVP_CIPHER_CTX *prf;
  uint32_t gear_a[GEAR_ENTRIES];
  uint32_t gear_c[GEAR_ENTRIES];
} cut_context;

static void free_cut(cut_context *context) {
  EVP_CIPHER_CTX_free(context->prf);
  context->prf = NULL;
  OPENSSL_cleanse(context->gear_a, sizeof(context->gear_a));
  OPENSSL_cleanse(context->gear_c, sizeof(context->gear_c));
}

static void finalize_cut(napi_env env, void *data, void *hint) {
  (void)env;
  (void)hint;
  cut_context *context = data;
  free_cut(context);
  OPENSSL_cleanse(context, sizeof(*context));
  OPENSSL_free(context);
}

/* A Uint32Array of exactly `count` entries. */
static int words_of(napi_env env, napi_value value, uint32_t **data, size_t count) {
  bool is_typed = false;
  if (napi_is_typedarray(env, value, &is_typed) != napi_ok || !is_typed) return 0;
  napi_typedarray_type type;
  size_t length;
  napi_value array_buffer;
  size_t offset;
  void *base;
  if (napi_get_typedarray_info(env, value, &type, &length, &base, &array_buffer, &offset) != napi_ok) return 0;
  if (type != napi_uint32_array || length != count) return 0;
  *data = base;
  return 1;
}

static napi_value cut_create(napi_env env, napi_callback_info info) {
  size_t argc = 3;
  napi_value argv[3];
  CHECK(env, napi_get_cb_info(env, info, &argc, argv, NULL, NULL));
  unsigned char *key;
  size_t key_length;
  uint32_t *gear_a, *gear_c;
  if (argc != 3 || !bytes_of(env, argv[0], &key, &key_length) || key_length != CUT_KEY_LENGTH ||
      !words_of(env, argv[1], &gear_a, GEAR_ENTRIES) || !words_of(env, argv[2], &gear_c, GEAR_ENTRIES)) {
    return fail(env, "AIRLOCK_CUT_ARGUMENT", "cutCreate needs a 16-byte key and two Uint32Array(256) Gear tables");
  }
  if (cipher() == NULL || aes_128_ecb == NULL) return fail(env, "AIRLOCK_CUT_OPENSSL", "OpenSSL has no AES-128-ECB");
  cut_context *context = OPENSSL_zalloc(sizeof(*context));
  if (context == NULL) return fail(env, "AIRLOCK_CUT_MEMORY", "out of memory");
  memcpy(context->gear_a, gear_a, sizeof(context->gear_a));
  memcpy(context->gear_c, gear_c, sizeof(context->gear_c));
  context->prf = EVP_CIPHER_CTX_new();
  if (context->prf == NULL || EVP_EncryptInit_ex(context->prf, aes_128_ecb, NULL, key, NULL) != 1 ||
      EVP_CIPHER_CTX_set_padding(context->prf, 0) != 1) {
    finalize_cut(env, context, NULL);
    return fail(env, "AIRLOCK_CUT_OPENSSL", "OpenSSL refused the AES-128 key");
  }
  return external_of(env, context, finalize_cut);
}

static cut_context *cut_arguments_of(napi_env env, napi_callback_info info, size_t expected, napi_value *argv) {
  size_t argc = expected;
  if (napi_get_cb_info(env, info, &argc, argv, NULL, NULL) != napi_ok || argc != expected) {
    fail(env, "AIRLOCK_CUT_ARGUMENT", "wrong number of arguments");
    return NULL;
  }
  void *data = NULL;
  if (napi_get_value_external(env, argv[0], &data) != napi_ok || data == NULL) {
    fail(env, "AIRLOCK_CUT_ARGUMENT", "not a cut finder context");
    return NULL;
  }
  return data;
}

static napi_value cut_destroy(napi_env env, napi_callback_info info) {
  napi_value argv[1];
  cut_context *context = cut_arguments_of(env, info, 1, argv);
  if (context != NULL) free_cut(context);
  return NULL;
}

static inline void put_u32le(unsigned char *at, uint32_t value) {
  /* One 4-byte store of the little-endian value: four byte stores kept the Gear loop below about
     three times slower (gcc -O2 does not merge them there; measured, docs "Speed"). */
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_BIG_ENDIAN__
  at[0] = (unsigned char)value;
  at[1] = (unsigned char)(value >> 8);
  at[2] = (unsigned char)(value >> 16);
  at[3] = (unsigned char)(value >> 24);
#else
  memcpy(at, &value, sizeof(value)); /* a little-endian host: the value's own bytes */
#endif
}

static napi_value cut_find(napi_env env, napi_callback_info info) {
  napi_value argv[6];
  cut_context *context = cut_arguments_of(env, info, 6, argv);
  if (context == NULL) return NULL;
  if (context->prf == NULL) return fail(env, "AIRLOCK_CUT_DESTROYED", "cut key destroyed");
  unsigned char *piece;
  size_t piece_length;
  uint32_t from, count, cut_bits, *state;
  if (!bytes_of(env, argv[1], &piece, &piece_length) || napi_get_value_uint32(env, argv[2], &from) != napi_ok ||
      napi_get_value_uint32(env, argv[3], &count) != napi_ok || napi_get_value_uint32(env, argv[4], &cut_bits) != napi_ok ||
      !words_of(env, argv[5], &state, 2) || cut_bits < 1 || cut_bits > 32 || from > piece_length || count > piece_length - from) {
    return fail(env, "AIRLOCK_CUT_ARGUMENT", "cutFind needs a piece, a range inside it, 1-32 cut bits and a Uint32Array(2) state");
  }
  /* The first cut_bits bits of the output, byte 0 first, most significant bit first, as a big-endian word. */
  const uint32_t mask = cut_bits == 32 ? 0xffffffffu : ~(0xffffffffu >> cut_bits);
  unsigned char in[CUT_BATCH * 16], out[CUT_BATCH * 16 + 16];
  memset(in, 0, sizeof(in));
  uint32_t a = state[0], c = state[1];
  const unsigned char *bytes = piece + from;
  int32_t found = -1;
  for (uint32_t done = 0; done < count && found < 0;) {
    uint32_t batch = count - done < CUT_BATCH ? count - done : CUT_BATCH;
    for (uint32_t k = 0; k < batch; k++) {
      unsigned char byte = bytes[done + k];
      a = (a << 1) + context->gear_a[byte];
      c = (c << 1) + context->gear_c[byte];
      put_u32le(in + 16 * k, a);
      put_u32le(in + 16 * k + 4, c);
    }
    int written = 0;
    if (EVP_EncryptUpdate(context->prf, out, &written, in, (int)(16 * batch)) != 1 || written != (int)(16 * batch)) {
      OPENSSL_cleanse(in, sizeof(in));
      OPENSSL_cleanse(out, sizeof(out));
      return fail(env, "AIRLOCK_CUT_OPENSSL", "AES-128-ECB failed");
    }
    for (uint32_t k = 0; k < batch; k++) {
      const unsigned char *o = out + 16 * k;
      uint32_t first = ((uint32_t)o[0] << 24) | ((uint32_t)o[1] << 16) | ((uint32_t)o[2] << 8) | (uint32_t)o[3];
      if ((first & mask) == 0) {
        found = (int32_t)(done + k);
        break;
      }
    }
    done += batch;
  }
  /* The lanes are a function of the last 32 bytes of the file, the PRF outputs of its cut decisions. */
  OPENSSL_cleanse(in, sizeof(in));
  OPENSSL_cleanse(out, sizeof(out));
  if (found < 0) {
    state[0] = a;
    state[1] = c;
  }
  napi_value result;
  CHECK(env, napi_create_int32(env, found, &result));
  return result;
}

/* ---- The container's version 2 chunks ---- */

#define CHUNK_LENGTH 65536
#define SEALED_CHUNK_LENGTH (CHUNK_LENGTH + TAG_LENGTH)
/* The writer numbers at most 2^48 chunks (docs/container.md "Body"); u88 leaves room for more. */
#define MAX_CHUNK_INDEX 281474976710655.0

/* iv = u88(index) ‖ flag. */
static void chunk_iv(unsigned char *iv, uint64_t index, int last) {
  memset(iv, 0, 5);
  for (int byte = 0; byte < 6; byte++) iv[10 - byte] = (unsigned char)(index >> (8 * byte));
  iv[11] = (unsigned char)last;
}

/* Seals chunk `length` bytes at `chunk` in place under `iv`, its tag after it, and hashes iv ‖ sealed into `leaf`. */
static int seal_chunk_in_place(EVP_CIPHER_CTX *ctx, EVP_MD_CTX *md, const unsigned char *iv, unsigned char *chunk, size_t length, unsigned char *leaf) {
  int written = 0, final_written = 0;
  unsigned int leaf_length = 0;
  /* OpenSSL's GCM allows the output to be the input exactly (in place). */
  return EVP_EncryptInit_ex(ctx, NULL, NULL, NULL, iv) == 1 &&
         (length == 0 || EVP_EncryptUpdate(ctx, chunk, &written, chunk, (int)length) == 1) &&
         EVP_EncryptFinal_ex(ctx, chunk + written, &final_written) == 1 && (size_t)(written + final_written) == length &&
         EVP_CIPHER_CTX_ctrl(ctx, EVP_CTRL_GCM_GET_TAG, TAG_LENGTH, chunk + length) == 1 &&
         EVP_DigestInit_ex(md, sha_256, NULL) == 1 && EVP_DigestUpdate(md, iv, NONCE_LENGTH) == 1 &&
         EVP_DigestUpdate(md, chunk, length + TAG_LENGTH) == 1 && EVP_DigestFinal_ex(md, leaf, &leaf_length) == 1 && leaf_length == 32;
}

/* The arguments sealChunks and openChunks share; argv[4] (endsLast or lastIndex) is the caller's. */
typedef struct {
  unsigned char *key, *batch, *leaves;
  size_t batch_length;
  uint32_t count, last_length;
  uint64_t first;
} chunk_batch;

/* key(32), batch, count (1…4096), first (an integer, first + count − 1 ≤ 2^48 − 1), argv[5] lastLength, leaves (32·count). */
static int chunk_batch_of(napi_env env, napi_callback_info info, napi_value *argv, chunk_batch *batch) {
  size_t argc = 7, key_length, leaves_length;
  double first;
  if (napi_get_cb_info(env, info, &argc, argv, NULL, NULL) != napi_ok || argc != 7 || !bytes_of(env, argv[0], &batch->key, &key_length) ||
      key_length != KEY_LENGTH || !bytes_of(env, argv[1], &batch->batch, &batch->batch_length) || napi_get_value_uint32(env, argv[2], &batch->count) != napi_ok ||
      napi_get_value_double(env, argv[3], &first) != napi_ok || napi_get_value_uint32(env, argv[5], &batch->last_length) != napi_ok ||
      !bytes_of(env, argv[6], &batch->leaves, &leaves_length) || batch->count < 1 || batch->count > 4096 ||
      !(first >= 0 && first + batch->count - 1 <= MAX_CHUNK_INDEX) || first != (double)(uint64_t)first || leaves_length < 32 * (size_t)batch->count) {
    return fail(env, "AIRLOCK_CHUNKS_ARGUMENT", "a chunk batch needs a 32-byte key, the batch, 1 to 4096 chunks from an index below 2^48, and room for their leaves"), 0;
  }
  batch->first = (uint64_t)first;
  return 1;
}

/* The batch's bytes: all chunks but the final one SEALED_CHUNK_LENGTH, the final one `final_length`. */
static size_t batch_bytes(const chunk_batch *batch, size_t final_length) { return (size_t)(batch->count - 1) * SEALED_CHUNK_LENGTH + final_length; }

static napi_value seal_chunks(napi_env env, napi_callback_info info) {
  napi_value argv[7];
  chunk_batch batch;
  bool ends_last;
  if (!chunk_batch_of(env, info, argv, &batch)) return NULL;
  if (napi_get_value_bool(env, argv[4], &ends_last) != napi_ok || batch.last_length > CHUNK_LENGTH || batch.batch_length < batch_bytes(&batch, batch.last_length + TAG_LENGTH)) {
    return fail(env, "AIRLOCK_CHUNKS_ARGUMENT", "sealChunks needs endsLast, and a batch long enough for its chunks and tags");
  }
  if (cipher() == NULL || sha_256 == NULL) return fail(env, "AIRLOCK_CHUNKS_OPENSSL", "OpenSSL has no AES-256-GCM or SHA-256");
  EVP_CIPHER_CTX *ctx = EVP_CIPHER_CTX_new();
  EVP_MD_CTX *md = EVP_MD_CTX_new();
  int ok = ctx != NULL && md != NULL && EVP_EncryptInit_ex(ctx, cipher(), NULL, batch.key, NULL) == 1;
  uint64_t index = batch.first;
  unsigned char iv[NONCE_LENGTH];
  for (uint32_t i = 0; ok && i < batch.count; i++, index++) {
    int final = i == batch.count - 1;
    chunk_iv(iv, index, final && ends_last);
    ok = seal_chunk_in_place(ctx, md, iv, batch.batch + (size_t)i * SEALED_CHUNK_LENGTH, final ? batch.last_length : CHUNK_LENGTH, batch.leaves + 32 * (size_t)i);
  }
  /* EVP_CIPHER_CTX_free cleanses the key schedule; the plaintext is never left half sealed. */
  EVP_CIPHER_CTX_free(ctx);
  EVP_MD_CTX_free(md);
  if (!ok) {
    OPENSSL_cleanse(batch.batch, batch.batch_length);
    return fail(env, "AIRLOCK_CHUNKS_OPENSSL", "AES-256-GCM or SHA-256 failed");
  }
  return NULL;
}

/* Opens `length` sealed bytes at `in` (ciphertext ‖ tag) under `iv` into `out` (in place when out == in). */
static int open_chunk(EVP_CIPHER_CTX *ctx, const unsigned char *iv, const unsigned char *in, size_t length, unsigned char *out) {
  unsigned char tag[TAG_LENGTH];
  memcpy(tag, in + length - TAG_LENGTH, TAG_LENGTH);
  int written = 0, final_written = 0;
  size_t body = length - TAG_LENGTH;
  return EVP_DecryptInit_ex(ctx, NULL, NULL, NULL, iv) == 1 && (body == 0 || EVP_DecryptUpdate(ctx, out, &written, in, (int)body) == 1) &&
         EVP_CIPHER_CTX_ctrl(ctx, EVP_CTRL_GCM_SET_TAG, TAG_LENGTH, tag) == 1 && EVP_DecryptFinal_ex(ctx, out + written, &final_written) == 1 &&
         (size_t)(written + final_written) == body;
}

static napi_value open_chunks(napi_env env, napi_callback_info info) {
  napi_value argv[7];
  chunk_batch batch;
  double last_index;
  if (!chunk_batch_of(env, info, argv, &batch)) return NULL;
  if (napi_get_value_double(env, argv[4], &last_index) != napi_ok || !(last_index >= (double)(batch.first + batch.count - 1) && last_index <= MAX_CHUNK_INDEX) ||
      last_index != (double)(uint64_t)last_index || batch.last_length < TAG_LENGTH || batch.last_length > SEALED_CHUNK_LENGTH ||
      batch.batch_length < batch_bytes(&batch, batch.last_length)) {
    return fail(env, "AIRLOCK_CHUNKS_ARGUMENT", "openChunks needs the file's last index (not before the batch's end), and a batch as long as its chunks");
  }
  if (cipher() == NULL || sha_256 == NULL) return fail(env, "AIRLOCK_CHUNKS_OPENSSL", "OpenSSL has no AES-256-GCM or SHA-256");
  EVP_CIPHER_CTX *ctx = EVP_CIPHER_CTX_new();
  EVP_MD_CTX *md = EVP_MD_CTX_new();
  int32_t outcome = ctx != NULL && md != NULL && EVP_DecryptInit_ex(ctx, cipher(), NULL, batch.key, NULL) == 1 ? 0 : -1;
  uint64_t index = batch.first;
  unsigned char iv[NONCE_LENGTH];
  unsigned char *kept = NULL;
  size_t kept_length = 0;
  for (uint32_t i = 0; outcome == 0 && i < batch.count; i++, index++) {
    unsigned char *chunk = batch.batch + (size_t)i * SEALED_CHUNK_LENGTH;
    size_t length = i == batch.count - 1 ? batch.last_length : SEALED_CHUNK_LENGTH;
    int last = (double)index == last_index;
    unsigned int leaf_length = 0;
    chunk_iv(iv, index, last);
    if (EVP_DigestInit_ex(md, sha_256, NULL) != 1 || EVP_DigestUpdate(md, iv, NONCE_LENGTH) != 1 || EVP_DigestUpdate(md, chunk, length) != 1 ||
        EVP_DigestFinal_ex(md, batch.leaves + 32 * (size_t)i, &leaf_length) != 1 || leaf_length != 32) {
      outcome = -1;
      break;
    }
    if (!last) {
      if (!open_chunk(ctx, iv, chunk, length, chunk)) outcome = 2 * (int32_t)i + 1;
      continue;
    }
    /* The file's last chunk is opened from a copy: if flag 1 fails, flag 0 is tried on the same bytes
       (a file cut at a chunk boundary: truncated, not tampered). */
    kept = OPENSSL_malloc(length);
    if (kept == NULL) {
      outcome = -1;
      break;
    }
    kept_length = length;
    memcpy(kept, chunk, length);
    if (open_chunk(ctx, iv, kept, length, chunk)) continue;
    chunk_iv(iv, index, 0);
    outcome = open_chunk(ctx, iv, kept, length, chunk) ? 2 * (int32_t)i + 2 : 2 * (int32_t)i + 1;
  }
  OPENSSL_clear_free(kept, kept_length);
  EVP_CIPHER_CTX_free(ctx);
  EVP_MD_CTX_free(md);
  if (outcome != 0) OPENSSL_cleanse(batch.batch, batch_bytes(&batch, batch.last_length));
  if (outcome < 0) return fail(env, "AIRLOCK_CHUNKS_OPENSSL", "AES-256-GCM or SHA-256 failed");
  napi_value result;
  CHECK(env, napi_create_int32(env, outcome, &result));
  return result;
}

static napi_value init(napi_env env, napi_value exports) {
  napi_property_descriptor properties[] = {
      {"create", NULL, create, NULL, NULL, NULL, napi_enumerable, NULL},
      {"seal", NULL, seal, NULL, NULL, NULL, napi_enumerable, NULL},
      {"open", NULL, open, NULL, NULL, NULL, napi_enumerable, NULL},
      {"openInto", NULL, open_into, NULL, NULL, NULL, napi_enumerable, NULL},
      {"sealValue", NULL, seal_value, NULL, NULL, NULL, napi_enumerable, NULL},
      {"openText", NULL, open_text, NULL, NULL, NULL, napi_enumerable, NULL},
      {"openTextAround", NULL, open_text_around, NULL, NULL, NULL, napi_enumerable, NULL},
      {"openTextsAround", NULL, open_texts_around, NULL, NULL, NULL, napi_enumerable, NULL},
      {"sealTextAround", NULL, seal_text_around, NULL, NULL, NULL, napi_enumerable, NULL},
      {"macCreate", NULL, mac_create, NULL, NULL, NULL, napi_enumerable, NULL},
      {"mac", NULL, mac, NULL, NULL, NULL, napi_enumerable, NULL},
      {"macDestroy", NULL, mac_destroy, NULL, NULL, NULL, napi_enumerable, NULL},
      {"destroy", NULL, destroy, NULL, NULL, NULL, napi_enumerable, NULL},
      {"cutCreate", NULL, cut_create, NULL, NULL, NULL, napi_enumerable, NULL},
      {"cutFind", NULL, cut_find, NULL, NULL, NULL, napi_enumerable, NULL},
      {"cutDestroy", NULL, cut_destroy, NULL, NULL, NULL, napi_enumerable, NULL},
      {"sealChunks", NULL, seal_chunks, NULL, NULL, NULL, napi_enumerable, NULL},
      {"openChunks", NULL, open_chunks, NULL, NULL, NULL, napi_enumerable, NULL},
  };
  CHECK(env, napi_define_properties(env, exports, sizeof(properties) / sizeof(properties[0]), properties));
  return exports;
}

NAPI_MODULE_INIT() { return init(env, exports); }
