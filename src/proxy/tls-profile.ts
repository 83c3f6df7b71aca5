/**
 * Mozilla's "intermediate" server-side TLS profile: TLS 1.2 and 1.3 only, ECDHE key exchange with
 * AES-GCM or ChaCha20-Poly1305 (TLS 1.3 suites are fixed by OpenSSL), HSTS for two years.
 */
export const TLS_PROTOCOLS = ["TLSv1.2", "TLSv1.3"] as const;
export const TLS12_CIPHERS = [
  "ECDHE-ECDSA-AES128-GCM-SHA256",
  "ECDHE-RSA-AES128-GCM-SHA256",
  "ECDHE-ECDSA-AES256-GCM-SHA384",
  "ECDHE-RSA-AES256-GCM-SHA384",
  "ECDHE-ECDSA-CHACHA20-POLY1305",
  "ECDHE-RSA-CHACHA20-POLY1305",
].join(":");
export const TLS_CURVES = "X25519:prime256v1:secp384r1";
export const HSTS_VALUE = "max-age=63072000";
