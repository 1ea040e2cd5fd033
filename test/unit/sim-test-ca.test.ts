import { X509Certificate, createPrivateKey } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { testCertificates } from '../../sim/shared/test-ca.ts';

describe('simulator test CA', () => {
  it('issues a CA and a loopback server certificate signed by it, once per process', () => {
    const material = testCertificates();
    expect(testCertificates()).toBe(material);
    const ca = new X509Certificate(material.caPem);
    const leaf = new X509Certificate(material.certPem);
    expect(ca.ca).toBe(true);
    expect(leaf.ca).toBe(false);
    expect(leaf.checkIssued(ca)).toBe(true);
    expect(leaf.verify(ca.publicKey)).toBe(true);
    expect(leaf.checkIP('127.0.0.1')).toBe('127.0.0.1');
    expect(leaf.checkHost('localhost')).toBe('localhost');
    expect(leaf.checkPrivateKey(createPrivateKey(material.keyPem))).toBe(true);
  });
});
