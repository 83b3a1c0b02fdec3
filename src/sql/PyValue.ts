/**
 * A cell of a query result, typed the way Python's sqlite3 module types it, because the
 * official evaluator compares Python objects: INTEGER → int (bigint here, so 1 and 1.0
 * stay distinguishable for `str()`), REAL → float (number), TEXT → str, BLOB → bytes, NULL → None.
 */
export type PyValue = null | bigint | number | string | Uint8Array;

/** One result row, in select-list order. */
export type Row = readonly PyValue[];
