import { describe, expect, it } from 'vitest';
import { resolveDataRoot } from '../../../src/data/dataRoot.ts';
import { spiderPaths } from '../../../src/data/spiderPaths.ts';
import { foreignKeyMap, foreignKeyMaps } from '../../../src/sql/parse/foreignKeyMaps.ts';
import type { SpiderTablesEntry } from '../../../src/sql/parse/SpiderTables.ts';
import { readTablesJson } from '../../../src/schema/readTablesJson.ts';

describe('foreignKeyMap (official build_foreign_key_map)', () => {
  it('maps each foreign-key column and its target to the lower-numbered column', () => {
    const entry: SpiderTablesEntry = {
      db_id: 'x',
      table_names_original: ['Stadium', 'Concert'],
      column_names_original: [
        [-1, '*'],
        [0, 'Stadium_ID'],
        [1, 'Concert_ID'],
        [1, 'Stadium_ID'],
      ],
      foreign_keys: [[3, 1]],
    };
    expect([...foreignKeyMap(entry)]).toEqual([
      ['__stadium.stadium_id__', '__stadium.stadium_id__'],
      ['__concert.stadium_id__', '__stadium.stadium_id__'],
    ]);
  });

  it('groups pairs the official way, which is not a union-find', () => {
    // (2,1) opens {1,2}; (4,3) opens {3,4}; (3,2) joins the first group holding 3 or 2,
    // i.e. {1,2,3}, leaving {3,4} as is. Groups are then applied in order, so the second
    // one overwrites c.x → c.x. A union-find would send all four columns to a.x.
    const entry: SpiderTablesEntry = {
      db_id: 'y',
      table_names_original: ['A', 'B', 'C', 'D'],
      column_names_original: [
        [-1, '*'],
        [0, 'x'],
        [1, 'x'],
        [2, 'x'],
        [3, 'x'],
      ],
      foreign_keys: [
        [2, 1],
        [4, 3],
        [3, 2],
      ],
    };
    expect(Object.fromEntries(foreignKeyMap(entry))).toEqual({
      '__a.x__': '__a.x__',
      '__b.x__': '__a.x__',
      '__c.x__': '__c.x__',
      '__d.x__': '__c.x__',
    });
  });

  it('builds one map per database of the real tables.json', () => {
    const paths = spiderPaths(resolveDataRoot({ env: process.env.T2SQL_DATA }).dir);
    const entries = readTablesJson(paths.tables);
    const maps = foreignKeyMaps(entries);
    expect(maps.size).toBe(entries.length);
    // concert_singer: foreign keys [[18, 1], [21, 8], [20, 15]].
    expect(Object.fromEntries(maps.get('concert_singer')!)).toEqual({
      '__stadium.stadium_id__': '__stadium.stadium_id__',
      '__concert.stadium_id__': '__stadium.stadium_id__',
      '__singer.singer_id__': '__singer.singer_id__',
      '__singer_in_concert.singer_id__': '__singer.singer_id__',
      '__concert.concert_id__': '__concert.concert_id__',
      '__singer_in_concert.concert_id__': '__concert.concert_id__',
    });
  });
});
