import { InputError } from '../data/InputError.ts';

/**
 * How a schema is shown to a model. Each kind has a version (`keys@1`): bump it whenever the text a
 * kind produces changes, so cached completions and recorded runs never mix two formats.
 */
export type Representation =
  | { readonly kind: 'minimal' }
  | { readonly kind: 'types' }
  | { readonly kind: 'keys' }
  | { readonly kind: 'types+keys' }
  | { readonly kind: 'ddl' }
  /** DDL followed, per table, by its first `rows` rows (Rajkumar et al. 2022's prompt). */
  | { readonly kind: 'ddl+rows'; readonly rows: number }
  /** M-Schema-like (XiYan-SQL): one line per column with type, key and up to `values` distinct values. */
  | { readonly kind: 'mschema'; readonly values: number };

export type RepresentationKind = Representation['kind'];

export type RepresentationName =
  | 'minimal'
  | 'types'
  | 'keys'
  | 'types+keys'
  | 'ddl'
  | 'ddl+rows'
  | `ddl+rows(${number})`
  | 'mschema'
  | `mschema(${number})`;

export const representationVersions: Readonly<Record<RepresentationKind, number>> = {
  minimal: 1,
  types: 1,
  keys: 1,
  'types+keys': 1,
  ddl: 1,
  'ddl+rows': 1,
  mschema: 1,
};

/** Rows per table for `ddl+rows`, values per column for `mschema`, when the name gives no count. */
export const defaultSampleCount = 3;
const maxSampleCount = 100;

/** What a representation shows besides table and column names. */
export interface RepresentationTraits {
  readonly types: boolean;
  readonly keys: boolean;
  /** Sample rows per table (0: none). */
  readonly rows: number;
  /** Example values per column (0: none). */
  readonly values: number;
}

export function representationTraits(rep: Representation): RepresentationTraits {
  switch (rep.kind) {
    case 'minimal': return { types: false, keys: false, rows: 0, values: 0 };
    case 'types': return { types: true, keys: false, rows: 0, values: 0 };
    case 'keys': return { types: false, keys: true, rows: 0, values: 0 };
    case 'types+keys': return { types: true, keys: true, rows: 0, values: 0 };
    case 'ddl': return { types: true, keys: true, rows: 0, values: 0 };
    case 'ddl+rows': return { types: true, keys: true, rows: rep.rows, values: 0 };
    case 'mschema': return { types: true, keys: true, rows: 0, values: rep.values };
  }
}

/** `keys`, `ddl+rows(3)`, `mschema(2)`; `ddl+rows` and `mschema` alone mean 3. Bad names are InputErrors. */
export function parseRepresentation(name: string): Representation {
  const m = /^(minimal|types|keys|types\+keys|ddl|ddl\+rows|mschema)(?:\((\d{1,3})\))?$/.exec(name.trim());
  if (!m) throw new InputError(`unknown schema representation ${JSON.stringify(name)} (one of ${representationChoices})`);
  const kind = m[1] as RepresentationKind;
  const count = m[2] === undefined ? undefined : Number(m[2]);
  if (kind === 'ddl+rows' || kind === 'mschema') {
    const n = count ?? defaultSampleCount;
    if (n > maxSampleCount || (kind === 'ddl+rows' && n < 1)) {
      throw new InputError(`${kind} takes ${kind === 'ddl+rows' ? 1 : 0} to ${maxSampleCount} samples, not ${n}`);
    }
    return kind === 'ddl+rows' ? { kind, rows: n } : { kind, values: n };
  }
  if (count !== undefined) throw new InputError(`schema representation ${kind} takes no count`);
  return { kind };
}

export const representationChoices = 'minimal, types, keys, types+keys, ddl, ddl+rows(k), mschema(k)';

export function toRepresentation(rep: Representation | RepresentationName): Representation {
  return typeof rep === 'string' ? parseRepresentation(rep) : rep;
}

/** Canonical name: `keys`, `ddl+rows(3)`, `mschema(3)`. */
export function representationName(rep: Representation): RepresentationName {
  if (rep.kind === 'ddl+rows') return `ddl+rows(${rep.rows})`;
  if (rep.kind === 'mschema') return `mschema(${rep.values})`;
  return rep.kind;
}

/** Name and version, as runs and prompts record it: `keys@1`, `ddl+rows(3)@1`. */
export function representationId(rep: Representation | RepresentationName): string {
  const r = toRepresentation(rep);
  return `${representationName(r)}@${representationVersions[r.kind]}`;
}
