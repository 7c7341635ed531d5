// The inputs of the key-state record vectors (generate.ts, key-state-vectors.test.ts).

/** Generation 2's master key in the vectors: 20 21 … 3f (generation 1's is the repository vectors' 00 … 1f). */
export const KEYSTATE_SECOND_KEY = Buffer.from(Array.from({ length: 32 }, (_, i) => 0x20 + i));

/**
 * The holders both records list: SHA-256 of the container vectors' `signer.pem` DER and two made-up
 * fingerprints (a record lists fingerprints; it need not hold the certificates).
 */
export const KEYSTATE_HOLDERS = ['0bcbbd55efb0121447ebd7ad3d2431f3123a5a4027f31ba0e8d10a331c8696a8', '1111111111111111111111111111111111111111111111111111111111111111', '2222222222222222222222222222222222222222222222222222222222222222'];
