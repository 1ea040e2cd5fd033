// SHA-256 and size of a file, streamed.
import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';

export async function digestFile(filePath: string): Promise<{ sha256: string; size: number }> {
  const hash = createHash('sha256');
  let size = 0;
  for await (const chunk of createReadStream(filePath) as AsyncIterable<Buffer>) {
    hash.update(chunk);
    size += chunk.length;
  }
  return { sha256: hash.digest('hex'), size };
}
