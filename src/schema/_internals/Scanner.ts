/** A cursor over one line of representation text; every failure names the line and column. */
export class Scanner {
  pos = 0;
  constructor(
    readonly text: string,
    readonly line: number,
  ) {}

  get atEnd(): boolean {
    return this.pos >= this.text.length;
  }

  get rest(): string {
    return this.text.slice(this.pos);
  }

  fail(what: string): never {
    throw new SyntaxError(`line ${this.line}, column ${this.pos + 1}: ${what} in ${JSON.stringify(this.text)}`);
  }

  tryConsume(literal: string): boolean {
    if (!this.text.startsWith(literal, this.pos)) return false;
    this.pos += literal.length;
    return true;
  }

  expect(literal: string): void {
    if (!this.tryConsume(literal)) this.fail(`expected ${JSON.stringify(literal)}`);
  }

  /** A name: SQL-quoted (`"a ""b"""`), or bare up to the first character in `stops`. */
  identifier(stops: string): string {
    if (this.text[this.pos] === '"') {
      let out = '';
      let i = this.pos + 1;
      for (;;) {
        const j = this.text.indexOf('"', i);
        if (j < 0) this.fail('unterminated quoted name');
        out += this.text.slice(i, j);
        if (this.text[j + 1] === '"') {
          out += '"';
          i = j + 2;
        } else {
          this.pos = j + 1;
          return out;
        }
      }
    }
    const start = this.pos;
    while (this.pos < this.text.length && !stops.includes(this.text[this.pos] ?? '')) this.pos++;
    if (this.pos === start) this.fail('expected a name');
    return this.text.slice(start, this.pos);
  }

  /** Text up to the first character of `stops` outside parentheses (types such as `decimal(10,2)`). */
  balanced(stops: string): string {
    const start = this.pos;
    let depth = 0;
    while (this.pos < this.text.length) {
      const c = this.text[this.pos] ?? '';
      if (depth === 0 && stops.includes(c)) break;
      if (c === '(') depth++;
      if (c === ')') depth--;
      this.pos++;
    }
    return this.text.slice(start, this.pos);
  }

  /** A printed value: a JSON string, or bare text up to `, ` or `]`. */
  value(): string {
    if (this.text[this.pos] === '"') {
      const m = /^"(?:[^"\\]|\\.)*"/.exec(this.rest);
      if (!m) this.fail('unterminated string value');
      this.pos += m[0].length;
      return m[0];
    }
    const start = this.pos;
    while (this.pos < this.text.length && !this.text.startsWith(', ', this.pos) && this.text[this.pos] !== ']') this.pos++;
    return this.text.slice(start, this.pos);
  }
}
