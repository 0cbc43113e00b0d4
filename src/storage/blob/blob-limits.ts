/** Size limits of the Blob service (block blobs, service version 2019-12-12 and later). */
export const MiB = 1024 * 1024;
/** Put Blob: 5000 MiB. */
export const MAX_PUT_BLOB_BYTES = 5000 * MiB;
/** Put Block: 4000 MiB. */
export const MAX_BLOCK_BYTES = 4000 * MiB;
/** A Put Block List body naming 50,000 blocks of 64-byte ids fits comfortably in 16 MiB. */
export const blockListMaxBytes = 16 * MiB;
