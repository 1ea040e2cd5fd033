// Secrets come from a file or standard input, never from argv (visible in `ps` and shell history).
import { readFileSync } from 'node:fs';
import { checkCaPem } from '../engine/api/source-input.ts';
import { InvalidSourceInputError } from '../engine/sources/source-errors.ts';

export interface SecretInput {
  tokenFile?: string;
  tokenStdin?: boolean;
}

async function readStdin(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

export async function readToken(input: SecretInput): Promise<string> {
  if (input.tokenFile && input.tokenStdin) {
    throw new InvalidSourceInputError('Both --token-file and --token-stdin were given.', 'Use one of them.');
  }
  let raw: string;
  if (input.tokenStdin) raw = await readStdin();
  else if (input.tokenFile) {
    try {
      raw = readFileSync(input.tokenFile, 'utf8');
    } catch (error) {
      throw new InvalidSourceInputError(
        `Could not read the token file ${input.tokenFile} (${(error as NodeJS.ErrnoException).code ?? 'error'}).`,
        'Check the path and that this user may read it.',
      );
    }
  } else {
    throw new InvalidSourceInputError(
      'No token given.',
      'Pass --token-file FILE (or --token-stdin); tokens are never accepted on the command line.',
    );
  }
  const token = raw.trim();
  if (!token)
    throw new InvalidSourceInputError('The token is empty.', 'Put the API token in the file, alone.');
  return token;
}

export function readCaFile(caFile: string | undefined): Record<string, string> {
  if (!caFile) return {};
  let pem: string;
  try {
    pem = readFileSync(caFile, 'utf8');
  } catch (error) {
    throw new InvalidSourceInputError(
      `Could not read the CA file ${caFile} (${(error as NodeJS.ErrnoException).code ?? 'error'}).`,
      'Pass a PEM file with the certificate authority (or chain) to trust.',
    );
  }
  if (/PRIVATE KEY-----/.test(pem)) {
    // The CA bundle is stored in the source's configuration, which is not sealed like credentials: a private
    // key in it would sit there in plain text. Refuse the file rather than strip the key silently.
    throw new InvalidSourceInputError(
      `${caFile} holds a private key, not only certificates; Vouch refuses it because the CA file is stored unencrypted in the source's settings.`,
      'Pass a PEM file with only the certificate authority (or chain): BEGIN CERTIFICATE blocks, no key.',
    );
  }
  if (!pem.includes('-----BEGIN CERTIFICATE-----')) {
    throw new InvalidSourceInputError(
      `${caFile} holds no PEM certificate.`,
      'Pass a PEM file (BEGIN CERTIFICATE).',
    );
  }
  // Same checks as the UI's path: every block must parse, and only the certificate blocks are kept.
  return { caFile, caPem: checkCaPem(pem) };
}

/** A GitHub App's private key from a PEM file (never argv); only the file name goes into errors. */
export function readPrivateKeyFile(file: string): string {
  let pem: string;
  try {
    pem = readFileSync(file, 'utf8');
  } catch (error) {
    throw new InvalidSourceInputError(
      `Could not read the private key file ${file} (${(error as NodeJS.ErrnoException).code ?? 'error'}).`,
      'Check the path and that this user may read it.',
    );
  }
  if (!/-----BEGIN (RSA )?PRIVATE KEY-----/.test(pem)) {
    throw new InvalidSourceInputError(
      `${file} holds no PEM private key.`,
      'Pass the .pem file GitHub downloads from the app settings ("Generate a private key").',
    );
  }
  return pem.trim();
}
