// README.txt of a bundle: how a person verifies it, with Vouch or with standard tools.
export function bundleReadme(createdAt: string, signerFingerprint: string): string {
  return `Vouch evidence bundle
=====================

Created ${createdAt}, signed by the Vouch installation whose key fingerprint is
  ${signerFingerprint}

Verify it
---------
  vouch verify THIS_FILE.zip --signer ${signerFingerprint}

This works offline on any machine with Vouch installed. It exits 0 and prints a
summary when everything is intact; otherwise it exits 5 and lists every problem.
Confirm the fingerprint with the person who created the bundle through another
channel (they can print it with \`vouch keys show\`).

What it contains
----------------
  manifest.json     every file's path, size and SHA-256; every artifact's provenance
                    and hash; the audit log segment's first and last hashes
  manifest.sig      Ed25519 signature over the exact bytes of manifest.json (base64)
  signer.pub        the signer's public key (PEM)
  audit-log.jsonl   Vouch's own audit entries during the collection period; each
                    entry's hash covers its content and the previous entry's hash
  artifacts/<id>-<kind>/
    rows.jsonl      the artifact's canonical content; its SHA-256 is the artifact hash
    provenance.json where, when, how and by which credentials the rows were collected
    <kind>.csv ...  the renderings (CSV, XLSX, PDF) made from those rows

Verify by hand (OpenSSL 3)
--------------------------
  1. Fingerprint: openssl pkey -pubin -in signer.pub -outform DER | tail -c 32 | sha256sum
     The first 32 hex characters, after "ed25519:", are the fingerprint.
  2. Signature:   base64 -d manifest.sig > manifest.sig.bin
                  openssl pkeyutl -verify -pubin -inkey signer.pub -rawin \\
                    -in manifest.json -sigfile manifest.sig.bin
  3. Files:       sha256sum each file and compare with "files" in manifest.json;
                  no file may be missing and no other file may be present.
  4. Artifacts:   sha256sum artifacts/*/rows.jsonl equals each artifact's "sha256".
`;
}
