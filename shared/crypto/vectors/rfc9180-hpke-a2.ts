/**
 * Source: RFC 9180 (HPKE), Appendix A.2 "DHKEM(X25519, HKDF-SHA256), HKDF-SHA256, ChaCha20Poly1305",
 * A.2.1 Base Setup Information and A.2.1.1 Encryptions (sequence numbers 0 and 1). Hex, copied from
 * the RFC. Note: the appendix prints skRm as DeriveKeyPair's output before X25519 clamping.
 */
export const RFC9180_A2_BASE = {
  mode: 0,
  kemId: 0x0020,
  kdfId: 0x0001,
  aeadId: 0x0003,
  info: '4f6465206f6e2061204772656369616e2055726e',
  ikmE: '909a9b35d3dc4713a5e72a4da274b55d3d3821a37e5d099e74a647db583a904b',
  pkEm: '1afa08d3dec047a643885163f1180476fa7ddb54c6a8029ea33f95796bf2ac4a',
  skEm: 'f4ec9b33b792c372c1d2c2063507b684ef925b8c75a42dbcbf57d63ccd381600',
  ikmR: '1ac01f181fdf9f352797655161c58b75c656a6cc2716dcb66372da835542e1df',
  pkRm: '4310ee97d88cc1f088a5576c77ab0cf5c3ac797f3d95139c6c84b5429c59662a',
  skRm: '8057991eef8f1f1af18f4a9491d16a1ce333f695d4db8e38da75975c4478e0fb',
  enc: '1afa08d3dec047a643885163f1180476fa7ddb54c6a8029ea33f95796bf2ac4a',
  encryptions: [
    {
      sequence: 0,
      pt: '4265617574792069732074727574682c20747275746820626561757479',
      aad: '436f756e742d30',
      ct: '1c5250d8034ec2b784ba2cfd69dbdb8af406cfe3ff938e131f0def8c8b60b4db21993c62ce81883d2dd1b51a28',
    },
    {
      sequence: 1,
      pt: '4265617574792069732074727574682c20747275746820626561757479',
      aad: '436f756e742d31',
      ct: '6b53c051e4199c518de79594e1c4ab18b96f081549d45ce015be002090bb119e85285337cc95ba5f59992dc98c',
    },
  ],
} as const;
