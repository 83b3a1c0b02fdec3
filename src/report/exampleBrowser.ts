import type { DevExample } from './devExamples.ts';
import type { SystemExamples } from './buildReport.ts';

/**
 * One self-contained HTML file (no server, no external URL): every example of every system,
 * filterable by system, database and verdict, and a paired view of two systems (where one is
 * right and the other wrong). The filters live in the URL fragment
 * (`#system=A&db=D&verdict=V&b=B&pair=a-only`), so a filtered view can be linked or opened
 * headless.
 */
export function exampleBrowser(title: string, dev: readonly DevExample[], systems: readonly SystemExamples[]): string {
  const payload = {
    examples: dev.map((e) => [e.dbId, e.question, e.gold, e.hardness ?? '']),
    systems: systems.map((s) => ({ name: s.name, pred: s.predictions, reason: s.reasons, category: s.categories.map((c) => c ?? '') })),
  };
  const json = JSON.stringify(payload).replace(/</g, '\\u003c').replace(/\u2028/g, '\\u2028').replace(/\u2029/g, '\\u2029');
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>${escapeHtml(title)}</title>
<style>
body { font: 13px/1.4 system-ui, sans-serif; margin: 1em; }
label { margin-right: 1em; }
table { border-collapse: collapse; width: 100%; margin-top: 0.8em; }
th, td { border: 1px solid #ccc; padding: 3px 5px; vertical-align: top; text-align: left; }
th { background: #f3f3f3; position: sticky; top: 0; }
td.sql { font-family: ui-monospace, monospace; font-size: 12px; max-width: 32em; word-break: break-word; }
tr.correct td.v { background: #e3f4e3; }
tr.wrong td.v { background: #f8e1e1; }
#count { font-weight: bold; margin-left: 1em; }
</style>
</head>
<body>
<h1>${escapeHtml(title)}</h1>
<div>
<label>system <select id="system"></select></label>
<label>database <select id="db"><option value="">all</option></select></label>
<label>verdict <select id="verdict"><option value="">all</option><option value="correct">correct</option><option value="wrong">wrong</option></select></label>
<label>compare with <select id="b"><option value="">—</option></select></label>
<label>paired view <select id="pair"><option value="">all</option><option value="a-only">only the first right</option><option value="b-only">only the second right</option><option value="disagree">they disagree</option></select></label>
<span id="count" data-rows="0"></span>
</div>
<table><thead id="head"></thead><tbody id="rows"></tbody></table>
<script id="data" type="application/json">${json}</script>
<script>
(function () {
  var DATA = JSON.parse(document.getElementById('data').textContent);
  var $ = function (id) { return document.getElementById(id); };
  var bySystem = {};
  DATA.systems.forEach(function (s, i) { bySystem[s.name] = i; });
  function option(sel, value, text) { var o = document.createElement('option'); o.value = value; o.textContent = text; sel.appendChild(o); }
  DATA.systems.forEach(function (s) { option($('system'), s.name, s.name); option($('b'), s.name, s.name); });
  Array.from(new Set(DATA.examples.map(function (e) { return e[0]; }))).sort().forEach(function (d) { option($('db'), d, d); });
  var reasons = {}, cats = {};
  DATA.systems.forEach(function (s) { s.reason.forEach(function (r) { reasons[r] = 1; }); s.category.forEach(function (c) { if (c) cats[c] = 1; }); });
  Object.keys(reasons).sort().forEach(function (r) { option($('verdict'), 'reason:' + r, 'reason: ' + r); });
  Object.keys(cats).sort().forEach(function (c) { option($('verdict'), 'category:' + c, 'error: ' + c); });
  var FIELDS = ['system', 'db', 'verdict', 'b', 'pair'];
  function readHash() {
    var params = new URLSearchParams(location.hash.slice(1));
    FIELDS.forEach(function (f) { var v = params.get(f); if (v !== null && Array.from($(f).options).some(function (o) { return o.value === v; })) $(f).value = v; });
  }
  function writeHash() {
    var params = new URLSearchParams();
    FIELDS.forEach(function (f) { if ($(f).value) params.set(f, $(f).value); });
    history.replaceState(null, '', '#' + params.toString());
  }
  function cell(tr, text, cls) { var td = document.createElement('td'); td.textContent = text; if (cls) td.className = cls; tr.appendChild(td); }
  function render() {
    var a = DATA.systems[bySystem[$('system').value]];
    var b = $('b').value ? DATA.systems[bySystem[$('b').value]] : null;
    var db = $('db').value, verdict = $('verdict').value, pair = $('pair').value;
    var head = ['#', 'database', 'hardness', 'question', 'gold', 'prediction', 'verdict', 'reason', 'error category'];
    if (b) head = head.concat(['prediction (' + b.name + ')', 'verdict (' + b.name + ')']);
    $('head').innerHTML = '';
    var htr = document.createElement('tr');
    head.forEach(function (h) { var th = document.createElement('th'); th.textContent = h; htr.appendChild(th); });
    $('head').appendChild(htr);
    var body = document.createDocumentFragment(), count = 0;
    for (var i = 0; i < DATA.examples.length; i++) {
      var e = DATA.examples[i], okA = a.reason[i] === 'match', okB = b ? b.reason[i] === 'match' : null;
      if (db && e[0] !== db) continue;
      if (verdict === 'correct' && !okA) continue;
      if (verdict === 'wrong' && okA) continue;
      if (verdict.indexOf('reason:') === 0 && a.reason[i] !== verdict.slice(7)) continue;
      if (verdict.indexOf('category:') === 0 && a.category[i] !== verdict.slice(9)) continue;
      if (b && pair === 'a-only' && !(okA && !okB)) continue;
      if (b && pair === 'b-only' && !(!okA && okB)) continue;
      if (b && pair === 'disagree' && okA === okB) continue;
      var tr = document.createElement('tr');
      tr.className = okA ? 'correct' : 'wrong';
      cell(tr, String(i)); cell(tr, e[0]); cell(tr, e[3]); cell(tr, e[1]); cell(tr, e[2], 'sql'); cell(tr, a.pred[i], 'sql');
      cell(tr, okA ? 'correct' : 'wrong', 'v'); cell(tr, a.reason[i]); cell(tr, a.category[i]);
      if (b) { cell(tr, b.pred[i], 'sql'); cell(tr, okB ? 'correct' : 'wrong'); }
      body.appendChild(tr);
      count++;
    }
    $('rows').innerHTML = '';
    $('rows').appendChild(body);
    $('count').textContent = count + ' rows';
    $('count').setAttribute('data-rows', String(count));
  }
  FIELDS.forEach(function (f) { $(f).addEventListener('change', function () { writeHash(); render(); }); });
  window.addEventListener('hashchange', function () { readHash(); render(); });
  readHash();
  render();
})();
</script>
</body>
</html>
`;
}

function escapeHtml(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}
