import crypto from 'node:crypto';
import fs from 'node:fs';

/** Streaming sha256 (hex) of a file: downloads can be hundreds of MB, so never read them whole. */
export async function hashFile(file: string): Promise<string> {
  const hash = crypto.createHash('sha256');
  for await (const chunk of fs.createReadStream(file, { highWaterMark: 1 << 20 })) hash.update(chunk as Buffer);
  return hash.digest('hex');
}
