import fc from 'fast-check';
import type { ParserSchema } from '../../../src/sql/parse/ParserSchema.ts';
import { tokenizeSpider } from '../../../src/sql/parse/tokenizeSpider.ts';
import type { ColUnit, CondUnit, CondValue, Connective, SelectItem, SpiderSql, ValUnit } from '../../../src/sql/parse/SpiderSql.ts';

/**
 * Random official parses over one schema, restricted to what the official parser reads back
 * unchanged from `printSpiderSql`: distinct tables per FROM, plain identifiers, and a column
 * used as a condition value only where the official value scanner stops after it (before AND,
 * a clause keyword or the end, never before OR).
 */

const RESERVED = new Set(
  'select from where group order limit intersect union except join on as not between in like is exists and or asc desc distinct none max min count sum avg by having'.split(' '),
);
const IDENT = /^[a-z_][a-z0-9_]*$/;

export interface SchemaTables {
  readonly tables: ReadonlyArray<{ readonly name: string; readonly columns: readonly string[] }>;
}

/** The tables and columns of a parser schema that the generator may use. */
export function usableTables(schema: ParserSchema): SchemaTables {
  const ok = (n: string) => {
    if (!IDENT.test(n) || RESERVED.has(n)) return false;
    const t = tokenizeSpider(n); // e.g. NLTK splits "cannot"
    return t.ok && t.tokens.length === 1 && t.tokens[0] === n;
  };
  return {
    tables: [...schema.tables]
      .filter(([t]) => ok(t) && t !== 'sqlite_sequence')
      .map(([name, cols]) => ({ name, columns: cols.filter(ok) }))
      .filter((t) => t.columns.length > 0),
  };
}

const colIdArb = (cols: readonly string[]) => fc.constantFrom(...cols);

function colUnitArb(cols: readonly string[], withAgg: boolean): fc.Arbitrary<ColUnit> {
  const plain = fc.tuple(fc.constant(0), colIdArb(cols), fc.boolean()).map(([a, c, d]) => [a, c, d] as ColUnit);
  if (!withAgg) return plain;
  return fc.oneof(
    plain,
    fc.constant([3, '__all__', false] as ColUnit),
    fc.tuple(fc.integer({ min: 1, max: 5 }), colIdArb(cols), fc.boolean()).map(([a, c, d]) => [a, c, d] as ColUnit),
  );
}

function valUnitArb(cols: readonly string[], withAgg: boolean): fc.Arbitrary<ValUnit> {
  const cu = colUnitArb(cols, withAgg);
  return fc.oneof(
    { weight: 3, arbitrary: cu.map((c) => [0, c, null] as ValUnit) },
    { weight: 1, arbitrary: fc.tuple(fc.integer({ min: 1, max: 4 }), cu, cu).map(([op, a, b]) => [op, a, b] as ValUnit) },
  );
}

const numberArb = fc.oneof(fc.integer({ min: -1000, max: 1000 }), fc.integer({ min: 1, max: 999 }).map((n) => n / 4));
const stringArb = fc.stringMatching(/^[A-Za-z][A-Za-z0-9 %]{0,8}$/).map((s) => `"${s}"`);

function condUnitArb(
  cols: readonly string[],
  sub: fc.Arbitrary<SpiderSql> | null,
  columnValueOk: boolean,
  withAgg: boolean,
): fc.Arbitrary<CondUnit> {
  const scalar: Array<fc.Arbitrary<CondValue>> = [numberArb, stringArb];
  if (columnValueOk) scalar.push(colUnitArb(cols, false).map(([, c]) => [0, c, false] as ColUnit));
  const value = fc.oneof(...scalar);
  const units: Array<fc.Arbitrary<CondUnit>> = [
    fc
      .tuple(valUnitArb(cols, withAgg), fc.constantFrom(2, 3, 4, 5, 6, 7), value)
      .map(([vu, op, v]) => [false, op, vu, v, null] as CondUnit),
    fc
      .tuple(fc.boolean(), valUnitArb(cols, withAgg), fc.constantFrom(8, 9), value)
      .map(([not, vu, op, v]) => [not, op, vu, v, null] as CondUnit),
    fc
      .tuple(fc.boolean(), valUnitArb(cols, withAgg), numberArb, numberArb)
      .map(([not, vu, a, b]) => [not, 1, vu, a, b] as CondUnit),
  ];
  if (sub) {
    units.push(
      fc
        .tuple(fc.boolean(), valUnitArb(cols, false), fc.constantFrom(2, 3, 8), sub)
        .map(([not, vu, op, q]) => [op === 8 && not, op, vu, q, null] as CondUnit),
    );
  }
  return fc.oneof(...units);
}

function conditionArb(
  cols: readonly string[],
  sub: fc.Arbitrary<SpiderSql> | null,
  maxUnits: number,
  withAgg: boolean,
  columnValues: boolean,
): fc.Arbitrary<Array<CondUnit | Connective>> {
  return fc
    .array(fc.constantFrom<Connective>('and', 'or'), { minLength: 0, maxLength: maxUnits - 1 })
    .chain((connectives) =>
      fc
        .tuple(
          ...[...connectives, null].map((next) => condUnitArb(cols, sub, columnValues && next !== 'or', withAgg)),
        )
        .map((units) => units.flatMap((u, i) => (i < connectives.length ? [u, connectives[i]!] : [u]))),
    );
}

export function spiderSqlArbitrary(schema: SchemaTables, maxDepth = 1): fc.Arbitrary<SpiderSql> {
  const byName = new Map(schema.tables.map((t) => [t.name, t.columns]));
  const names = schema.tables.map((t) => t.name);

  const query = (depth: number): fc.Arbitrary<SpiderSql> =>
    fc.shuffledSubarray(names, { minLength: 1, maxLength: Math.min(3, names.length) }).chain((tables) => {
      const cols = tables.flatMap((t) => byName.get(t)!.map((c) => `__${t}.${c}__`));
      const sub = depth > 0 ? query(depth - 1) : null;
      const on =
        tables.length > 1
          ? fc
              .array(fc.tuple(colIdArb(cols), colIdArb(cols)), { minLength: 0, maxLength: tables.length - 1 })
              .map((pairs) =>
                pairs.flatMap(([a, b], i): Array<CondUnit | Connective> => {
                  const unit: CondUnit = [false, 2, [0, [0, a, false], null], [0, b, false], null];
                  return i === 0 ? [unit] : ['and', unit];
                }),
              )
          : fc.constant([] as Array<CondUnit | Connective>);
      const select = fc.tuple(
        fc.boolean(),
        fc.array(
          fc.oneof(
            valUnitArb(cols, true).map((vu): SelectItem => [0, vu]),
            fc.tuple(fc.integer({ min: 1, max: 5 }), valUnitArb(cols, false)).map(([a, vu]): SelectItem => [a, vu]),
            fc.constant<SelectItem>([0, [0, [0, '__all__', false], null]]),
          ),
          { minLength: 1, maxLength: 3 },
        ),
      );
      const groupBy = fc.array(colUnitArb(cols, false), { maxLength: 2 });
      const orderBy = fc.oneof(
        fc.constant([] as SpiderSql['orderBy']),
        fc
          .tuple(fc.constantFrom('asc' as const, 'desc' as const), fc.array(valUnitArb(cols, true), { minLength: 1, maxLength: 2 }))
          .map(([d, keys]) => [d, keys] as SpiderSql['orderBy']),
      );
      const nested =
        sub === null
          ? fc.constant({ intersect: null, union: null, except: null })
          : fc.oneof(
              { weight: 3, arbitrary: fc.constant({ intersect: null, union: null, except: null }) },
              {
                weight: 1,
                arbitrary: fc
                  .tuple(fc.constantFrom('intersect', 'union', 'except'), sub)
                  .map(([op, q]) => ({ intersect: null, union: null, except: null, [op]: q })),
              },
            );
      return fc
        .record({
          select,
          on,
          where: fc.oneof(fc.constant([]), conditionArb(cols, sub, 3, false, true)),
          groupBy,
          orderBy,
          limit: fc.constantFrom(null, 1),
          nested,
        })
        .chain((r) =>
          (r.groupBy.length > 0 ? fc.oneof(fc.constant([]), conditionArb(cols, null, 2, true, false)) : fc.constant([])).map(
            (having): SpiderSql => ({
              select: r.select,
              from: { table_units: tables.map((t) => ['table_unit', `__${t}__`] as const), conds: r.on },
              where: r.where,
              groupBy: r.groupBy,
              having,
              orderBy: r.orderBy,
              limit: r.limit,
              intersect: r.nested.intersect,
              union: r.nested.union,
              except: r.nested.except,
            }),
          ),
        );
    });
  return query(maxDepth);
}
