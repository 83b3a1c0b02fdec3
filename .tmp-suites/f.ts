import pkg from 'node-sql-parser';
const { Parser } = pkg as any;
const p = new Parser();
for (const q of ["SELECT T1.name FROM singer AS T1 JOIN concert AS T2 ON T1.id = T2.sid WHERE T1.age BETWEEN 1 AND 5 AND (T1.country = 'a' OR T1.country = 'b') AND T1.x LIKE '%a%' AND T1.y NOT IN (SELECT y FROM z) GROUP BY T1.name HAVING count(*) > 1 ORDER BY T1.age DESC LIMIT 3", "SELECT count(DISTINCT a) FROM t WHERE name = \"France\" INTERSECT SELECT b FROM u", "SELECT a FROM t EXCEPT SELECT b FROM u"]) {
  const ast = p.astify(q, { database: 'sqlite' });
  console.log(JSON.stringify(ast).slice(0, 2500));
  console.log(p.sqlify(ast, { database: 'sqlite' }));
}
