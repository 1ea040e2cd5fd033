// A throwaway certificate authority for the loopback simulators. Clients under test must trust it
// explicitly (a custom CA bundle is a connector feature), so the simulators never need to disable
// TLS verification.
import { generateKeyPairSync, randomBytes } from 'node:crypto';
import forge from 'node-forge';

export interface TestCertificateMaterial {
  /** PEM of the self-signed CA; give this to the client as its trusted CA. */
  caPem: string;
  /** PEM of the server leaf for IP 127.0.0.1 and DNS localhost, signed by the CA. */
  certPem: string;
  keyPem: string;
}

const DAY_MS = 86_400_000;

let cached: TestCertificateMaterial | undefined;

/**
 * The CA and leaf are generated once per process: every simulator started by a test run shares them,
 * which keeps start-up in milliseconds once the first pair of RSA keys exists.
 */
export function testCertificates(): TestCertificateMaterial {
  cached ??= generateTestCertificates();
  return cached;
}

function rsaKeyPair(): { privateKey: forge.pki.rsa.PrivateKey; publicKey: forge.pki.rsa.PublicKey } {
  // Node's native keygen: pure-JS RSA 2048 in forge takes seconds.
  const { privateKey } = generateKeyPairSync('rsa', {
    modulusLength: 2048,
    privateKeyEncoding: { type: 'pkcs8', format: 'pem' },
    publicKeyEncoding: { type: 'spki', format: 'pem' },
  });
  const forgeKey = forge.pki.privateKeyFromPem(privateKey) as forge.pki.rsa.PrivateKey;
  return { privateKey: forgeKey, publicKey: forge.pki.setRsaPublicKey(forgeKey.n, forgeKey.e) };
}

function serialNumber(): string {
  // Leading 01 keeps the DER integer positive.
  return '01' + randomBytes(15).toString('hex');
}

function generateTestCertificates(): TestCertificateMaterial {
  const now = Date.now();
  const caKeys = rsaKeyPair();
  const ca = forge.pki.createCertificate();
  ca.publicKey = caKeys.publicKey;
  ca.serialNumber = serialNumber();
  ca.validity.notBefore = new Date(now - DAY_MS);
  ca.validity.notAfter = new Date(now + 365 * DAY_MS);
  const caName = [
    { name: 'commonName', value: 'Vouch Simulator Test CA' },
    { name: 'organizationName', value: 'Vouch tests' },
  ];
  ca.setSubject(caName);
  ca.setIssuer(caName);
  ca.setExtensions([
    { name: 'basicConstraints', cA: true, critical: true },
    { name: 'keyUsage', keyCertSign: true, cRLSign: true, critical: true },
    { name: 'subjectKeyIdentifier' },
  ]);
  ca.sign(caKeys.privateKey, forge.md.sha256.create());

  const leafKeys = rsaKeyPair();
  const leaf = forge.pki.createCertificate();
  leaf.publicKey = leafKeys.publicKey;
  leaf.serialNumber = serialNumber();
  leaf.validity.notBefore = new Date(now - DAY_MS);
  leaf.validity.notAfter = new Date(now + 90 * DAY_MS);
  leaf.setSubject([{ name: 'commonName', value: 'localhost' }]);
  leaf.setIssuer(caName);
  leaf.setExtensions([
    { name: 'basicConstraints', cA: false },
    { name: 'keyUsage', digitalSignature: true, keyEncipherment: true, critical: true },
    { name: 'extKeyUsage', serverAuth: true },
    {
      name: 'subjectAltName',
      altNames: [
        { type: 7, ip: '127.0.0.1' },
        { type: 2, value: 'localhost' },
      ],
    },
    { name: 'subjectKeyIdentifier' },
    { name: 'authorityKeyIdentifier', keyIdentifier: ca.generateSubjectKeyIdentifier().getBytes() },
  ]);
  leaf.sign(caKeys.privateKey, forge.md.sha256.create());

  return {
    caPem: forge.pki.certificateToPem(ca),
    certPem: forge.pki.certificateToPem(leaf),
    keyPem: forge.pki.privateKeyToPem(leafKeys.privateKey),
  };
}
