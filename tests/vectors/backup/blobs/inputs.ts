// The inputs of the blob vectors (generate.ts, blob-codec.test.ts; docs/backup-repository.md "Vectors").

/** The chunk of the positive zstd vector: Vietnamese text, compressible (UTF-8, 24 000 bytes before the numbers). */
export const VECTOR_TEXT = Buffer.from(Array.from({ length: 400 }, (_, i) => `Kính gửi: Sở Ngoại vụ, công văn số ${i}.\n`).join(''), 'utf8');
