import { createHash } from 'node:crypto';

/**
 * xoshiro128** 1.0 (Blackman & Vigna 2018): 128-bit state, 32-bit output, period 2^128 − 1,
 * passes BigCrush. Chosen over mulberry32/sfc32 because it is a published reference generator
 * with reference outputs to test against, and it needs only 32-bit integer ops, which V8 runs
 * in registers (`Math.imul`, `>>> 0`): about 1–2 ns a draw, so a 10,000 × 1,034 bootstrap fits
 * well inside 50 ms.
 *
 * Seeding: SplitMix64 (Vigna), the seeder the xoshiro authors recommend, run on the 64-bit seed;
 * its first two outputs, each split low half then high half, are the four state words. Any safe
 * integer seed (negative too, taken mod 2^64) gives a distinct, never all-zero state.
 *
 * This is the project's one seeded generator: the bootstrap, few-shot sampling and retry
 * jitter all draw from it. The bootstrap's draws are replayed bit for bit by an external
 * check, so the seeding and the output sequence must never change.
 */
export class Xoshiro128 {
  private s0: number;
  private s1: number;
  private s2: number;
  private s3: number;

  private constructor(s0: number, s1: number, s2: number, s3: number) {
    if ((s0 | s1 | s2 | s3) === 0) throw new RangeError('xoshiro128**: the all-zero state is not allowed');
    this.s0 = s0 >>> 0;
    this.s1 = s1 >>> 0;
    this.s2 = s2 >>> 0;
    this.s3 = s3 >>> 0;
  }

  /** A generator from a seed (a safe integer), through SplitMix64. */
  static fromSeed(seed: number): Xoshiro128 {
    if (!Number.isSafeInteger(seed)) throw new RangeError(`seed must be a safe integer, got ${seed}`);
    const [a = 0n, b = 0n] = splitMix64(BigInt(seed), 2);
    const low = (w: bigint): number => Number(w & 0xffffffffn);
    return new Xoshiro128(low(a), Number(a >> 32n), low(b), Number(b >> 32n));
  }

  /**
   * A generator seeded from any text (e.g. `${seed}\0${question}`): the first 53 bits of the
   * text's sha256, through `fromSeed`. Equal texts give equal sequences.
   */
  static fromText(key: string): Xoshiro128 {
    const digest = createHash('sha256').update(key).digest();
    return Xoshiro128.fromSeed(digest.readUInt32LE(0) + (digest.readUInt32LE(4) & 0x1fffff) * 4294967296);
  }

  /** A generator from its raw state (for reference vectors). */
  static fromState(s0: number, s1: number, s2: number, s3: number): Xoshiro128 {
    return new Xoshiro128(s0, s1, s2, s3);
  }

  /** The four state words (for kernels that run the generator inline, then `restore`). */
  state(): [number, number, number, number] {
    return [this.s0, this.s1, this.s2, this.s3];
  }

  /** Continue from a state taken with `state()` and advanced elsewhere. */
  restore(s0: number, s1: number, s2: number, s3: number): void {
    this.s0 = s0 >>> 0;
    this.s1 = s1 >>> 0;
    this.s2 = s2 >>> 0;
    this.s3 = s3 >>> 0;
  }

  /** The next 32-bit output as an unsigned integer in [0, 2^32). */
  nextUint32(): number {
    const s0 = this.s0;
    const s1 = this.s1;
    const s2 = this.s2;
    const s3 = this.s3;
    const m = Math.imul(s1, 5);
    const result = Math.imul((m << 7) | (m >>> 25), 9) >>> 0;
    const t = s1 << 9;
    const n2 = s2 ^ s0;
    const n3 = s3 ^ s1;
    this.s1 = (s1 ^ n2) >>> 0;
    this.s0 = (s0 ^ n3) >>> 0;
    this.s2 = (n2 ^ t) >>> 0;
    this.s3 = ((n3 << 11) | (n3 >>> 21)) >>> 0;
    return result;
  }

  /** A double in [0, 1) with 53 random bits. */
  nextFloat(): number {
    const hi = this.nextUint32() >>> 5; // 27 bits
    const lo = this.nextUint32() >>> 6; // 26 bits
    return (hi * 67108864 + lo) / 9007199254740992;
  }

  /**
   * A uniform integer in [0, bound), unbiased. For bound ≤ 2^21 Lemire's multiply-and-reject
   * (x·bound is exact in a double, `>>> 0` takes its low 32 bits); larger bounds reject on a
   * 32-bit modulo. Callers in hot loops should prefer `indexSampler`, which hoists the checks.
   */
  below(bound: number): number {
    return indexSampler(this, bound)();
  }
}

/** Largest bound for which x·bound (x < 2^32) is exact in a double. */
const LEMIRE_MAX_BOUND = 0x200000;
const TWO_32 = 4294967296;

/**
 * A function drawing uniform integers in [0, bound) from `rng`, unbiased. The threshold is
 * computed once so the per-draw cost is one generator step, a multiply and a compare.
 */
export function indexSampler(rng: Xoshiro128, bound: number): () => number {
  if (!Number.isInteger(bound) || bound < 1 || bound > TWO_32) {
    throw new RangeError(`bound must be an integer in [1, 2^32], got ${bound}`);
  }
  if (bound <= LEMIRE_MAX_BOUND) {
    const threshold = TWO_32 % bound; // reject the low products that would bias small values
    return () => {
      for (;;) {
        const m = rng.nextUint32() * bound;
        const low = m >>> 0;
        if (low >= threshold) return (m - low) / TWO_32;
      }
    };
  }
  const limit = TWO_32 - (TWO_32 % bound);
  return () => {
    for (;;) {
      const x = rng.nextUint32();
      if (x < limit) return x % bound;
    }
  };
}

/** The first `count` outputs of SplitMix64 from `seed` (mod 2^64). */
export function splitMix64(seed: bigint, count: number): bigint[] {
  const mask = 0xffffffffffffffffn;
  let state = BigInt.asUintN(64, seed);
  const out: bigint[] = [];
  for (let i = 0; i < count; i++) {
    state = (state + 0x9e3779b97f4a7c15n) & mask;
    let z = state;
    z = ((z ^ (z >> 30n)) * 0xbf58476d1ce4e5b9n) & mask;
    z = ((z ^ (z >> 27n)) * 0x94d049bb133111ebn) & mask;
    out.push(z ^ (z >> 31n));
  }
  return out;
}
