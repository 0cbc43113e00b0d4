import { test } from 'node:test';
import assert from 'node:assert/strict';
import { isS256Challenge, s256Challenge, verifierMatches } from './pkce.js';

// RFC 7636, Appendix B.
const VERIFIER = 'dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk';
const CHALLENGE = 'E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM';

test('S256 matches RFC 7636 Appendix B', () => {
  assert.equal(s256Challenge(VERIFIER), CHALLENGE);
  assert.ok(isS256Challenge(CHALLENGE));
  assert.ok(verifierMatches(VERIFIER, CHALLENGE));
});

test('wrong, short, long or ill-formed verifiers and challenges are refused', () => {
  assert.equal(verifierMatches(VERIFIER.replace('d', 'e'), CHALLENGE), false);
  assert.equal(verifierMatches(VERIFIER.slice(0, 42), s256Challenge(VERIFIER.slice(0, 42))), false);
  const long = 'a'.repeat(129);
  assert.equal(verifierMatches(long, s256Challenge(long)), false);
  const bad = `${VERIFIER.slice(0, 42)}+`;
  assert.equal(verifierMatches(bad, s256Challenge(bad)), false);
  assert.equal(isS256Challenge(`${CHALLENGE}=`), false);
  assert.equal(isS256Challenge(CHALLENGE.slice(1)), false);
  assert.equal(isS256Challenge(VERIFIER.replace('-', '+')), false);
});
