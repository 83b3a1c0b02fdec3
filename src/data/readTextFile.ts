import crypto from 'node:crypto';
import fs from 'node:fs';
import { InputError } from './InputError.ts';
import { jsonErrorOffset, lineColumn } from './_internals/jsonErrorOffset.ts';

const decoder = new TextDecoder('utf-8', { fatal: true });

/** Reads a UTF-8 file; a missing file or invalid bytes become an InputError naming file and line. */
export function readTextFile(file: string): string {
  return decodeText(file, readBytes(file));
}

/** A text input read once, with the sha256 of the very bytes read (a pipe can be read only once). */
export interface TextInput {
  readonly text: string;
  readonly sha256: string;
}

/** Reads a UTF-8 file (or pipe, FIFO, /dev/stdin) once: its text and the sha256 of its bytes. */
export function readTextInput(file: string): TextInput {
  const bytes = readBytes(file);
  return { text: decodeText(file, bytes), sha256: crypto.createHash('sha256').update(bytes).digest('hex') };
}

/** A text input parsed: the value and the sha256 of the very bytes it was parsed from. */
export interface ParsedInput<T> {
  readonly value: T;
  readonly sha256: string;
}

/** Reads a file (or pipe) once and parses its text; the parser names the file in its errors. */
export function readParsedInput<T>(file: string, parse: (text: string, file: string) => T): ParsedInput<T> {
  const { text, sha256 } = readTextInput(file);
  return { value: parse(text, file), sha256 };
}

function readBytes(file: string): Buffer {
  let bytes: Buffer;
  try {
    bytes = fs.readFileSync(file);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    const why = code === 'ENOENT' ? 'file not found' : code === 'EISDIR' ? 'is a directory, expected a file' : (err as Error).message;
    throw new InputError(why, { file });
  }
  return bytes;
}

function decodeText(file: string, bytes: Buffer): string {
  try {
    return decoder.decode(bytes);
  } catch {
    throw invalidUtf8(file, bytes);
  }
}

function invalidUtf8(file: string, bytes: Buffer): InputError {
  let lineStart = 0;
  let line = 1;
  for (let i = 0; i <= bytes.length; i++) {
    if (i === bytes.length || bytes[i] === 0x0a) {
      const slice = bytes.subarray(lineStart, i);
      try {
        decoder.decode(slice);
      } catch {
        // Find the first offending byte in this line.
        let col = 0;
        for (let j = 1; j <= slice.length; j++) {
          try {
            decoder.decode(slice.subarray(0, j));
            col = j;
          } catch {
            if (j - col > 4) break;
          }
        }
        return new InputError(`invalid UTF-8 byte 0x${slice[col]?.toString(16).padStart(2, '0')} (file must be UTF-8)`, {
          file,
          line,
          column: col + 1,
        });
      }
      lineStart = i + 1;
      line++;
    }
  }
  return new InputError('invalid UTF-8 (file must be UTF-8)', { file });
}

/** Lines as Python's text mode reads them (universal newlines: \r\n, \r and \n all end a line). */
export function splitLines(text: string): string[] {
  const lines = text.split(/\r\n|\r|\n/);
  if (lines.length > 0 && lines[lines.length - 1] === '') lines.pop();
  return lines;
}

const PY_WHITESPACE = '\\t\\n\\x0b\\x0c\\r\\x1c-\\x1f \\x85\\xa0\\u1680\\u2000-\\u200a\\u2028\\u2029\\u202f\\u205f\\u3000';
const PY_STRIP = new RegExp(`^[${PY_WHITESPACE}]+|[${PY_WHITESPACE}]+$`, 'g');

/** Python's `str.strip()` (its whitespace set differs from JS `trim()`, e.g. on U+FEFF). */
export function pyStrip(s: string): string {
  return s.replace(PY_STRIP, '');
}

/** Parses JSON; a syntax error becomes an InputError with the line and column of the fault. */
export function parseJsonText(text: string, file: string, lineOffset = 0): unknown {
  try {
    return JSON.parse(text);
  } catch (err) {
    const reason = (err as Error).message.replace(/ in JSON at position \d+.*$/s, '').replace(/, ".*" is not valid JSON$/s, '');
    const offset = jsonErrorOffset(text);
    if (offset < 0) throw new InputError(`malformed JSON: ${reason}`, { file });
    const { line, column } = lineColumn(text, offset);
    throw new InputError(`malformed JSON: ${reason}`, { file, line: line + lineOffset, column });
  }
}
