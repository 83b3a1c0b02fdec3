import { parseSpiderSql } from '/work/main/src/sql/parse/parseSpiderSql.ts';
import { printSpiderSql } from '/work/main/src/sql/parse/printSpiderSql.ts';
import { loadParserSchema } from '/work/main/src/sql/parse/loadParserSchema.ts';
import pkg from 'node-sql-parser';
const s = loadParserSchema('/work/shared/spider/database/concert_singer/concert_singer.sqlite');
for (const q of ["SELECT T2.name , count(*) FROM concert AS T1 JOIN stadium AS T2 ON T1.stadium_id = T2.stadium_id WHERE T1.Year > 2013 AND T2.Name LIKE '%Park%' GROUP BY T1.stadium_id ORDER BY count(*) DESC LIMIT 3", "select name from singer where country = 'France' or age between 20 and 30.5"]) {
  const r = parseSpiderSql(q, s);
  console.log(JSON.stringify(r.ok && r.sql.where), r.ok && printSpiderSql(r.sql));
}
const { Parser } = pkg as any;
const p = new Parser();
const ast = p.astify("SELECT T2.name , count(*) FROM concert AS T1 JOIN stadium AS T2 ON T1.stadium_id = T2.stadium_id WHERE T1.Year > 2013 and a between 1 and 2 ORDER BY count(*) DESC LIMIT 3", { database: 'sqlite' });
console.log(JSON.stringify(ast).slice(0, 3000));
console.log(p.sqlify(ast, { database: 'sqlite' }));
