// The HTML report's inline stylesheet and script. The script never builds markup (no innerHTML): it only
// reorders, hides and shows what the server escaped, so a payload in a model output stays text.

export const REPORT_CSS = `
:root{color-scheme:light dark;--bg:#f5f6f8;--panel:#fff;--text:#1f2328;--muted:#656d76;--border:#d9dee4;--grid:#eceff3;--track:#eef1f4;
--pass:#1a7f37;--pass-bg:#dcf5e3;--fail:#cf222e;--fail-bg:#ffe9e7;--err:#b35900;--err-bg:#fff1dc;--fair:#bf8700;--accent:#0969da;--code:#f6f8fa;
--s0:#4e79a7;--s1:#f28e2b;--s2:#59a14f;--s3:#b07aa1;--s4:#76b7b2;--s5:#e1ae1f;--s6:#ff9da7;--s7:#9c755f;--s8:#e15759;--s9:#8f8a86;
--shadow:0 1px 2px rgba(31,35,40,.06),0 1px 8px rgba(31,35,40,.04)}
@media (prefers-color-scheme:dark){:root{--bg:#0d1117;--panel:#161b22;--text:#e6edf3;--muted:#8d96a0;--border:#30363d;--grid:#222830;--track:#21262d;
--pass:#3fb950;--pass-bg:#12351e;--fail:#ff7b72;--fail-bg:#3d1618;--err:#f0883e;--err-bg:#3a2410;--fair:#d29922;--accent:#58a6ff;--code:#0d1117;
--s0:#6ea3dc;--s1:#ffa64d;--s2:#74c367;--s3:#d49ac8;--s4:#84d0c9;--s5:#f2cc60;--s6:#ffb3bc;--s7:#c49d82;--s8:#ff8182;--s9:#b5aea8;
--shadow:0 1px 2px rgba(0,0,0,.3)}}
*{box-sizing:border-box}
body{margin:0;background:var(--bg);color:var(--text);font:14px/1.5 system-ui,-apple-system,"Segoe UI",Roboto,"Helvetica Neue",Arial,sans-serif}
main{max-width:1180px;margin:0 auto;padding:28px 24px 48px}
.mono,code,pre{font-family:ui-monospace,SFMono-Regular,"SF Mono",Menlo,Consolas,"Liberation Mono",monospace;font-size:12.5px}
.muted{color:var(--muted)}
header.top{display:flex;flex-wrap:wrap;align-items:flex-end;justify-content:space-between;gap:12px;margin-bottom:18px}
h1{font-size:24px;margin:0;letter-spacing:-.01em}
h2{font-size:15px;margin:0 0 12px}
h4{font-size:12px;text-transform:uppercase;letter-spacing:.06em;color:var(--muted);margin:0 0 6px}
.sub{color:var(--muted);margin-top:4px}
.status{display:inline-block;padding:2px 10px;border-radius:999px;font-size:12px;font-weight:600;border:1px solid var(--border)}
.status.complete{color:var(--pass);border-color:var(--pass)}.status.stopped,.status.cancelled,.status.running{color:var(--err);border-color:var(--err)}
.kpis{display:grid;grid-template-columns:repeat(auto-fit,minmax(150px,1fr));gap:12px;margin-bottom:14px}
.kpi{background:var(--panel);border:1px solid var(--border);border-radius:10px;padding:12px 14px;box-shadow:var(--shadow)}
.kpi .label{font-size:12px;color:var(--muted)}.kpi .value{font-size:26px;font-weight:650;line-height:1.2;margin-top:2px}
.kpi .note{font-size:12px;color:var(--muted)}
.good{color:var(--pass)}.fair{color:var(--fair)}.poor{color:var(--fail)}
.chips{display:flex;flex-wrap:wrap;gap:6px;margin:0 0 18px;padding:0;list-style:none}
.chips li{background:var(--panel);border:1px solid var(--border);border-radius:999px;padding:2px 10px;font-size:12px}
.chips .k{color:var(--muted);margin-right:4px}
.panel{background:var(--panel);border:1px solid var(--border);border-radius:12px;padding:16px 18px;margin-bottom:16px;box-shadow:var(--shadow)}
.grid2{display:grid;grid-template-columns:repeat(auto-fit,minmax(420px,1fr));gap:16px;margin-bottom:16px}
.grid2 .panel{margin-bottom:0}
.chart{width:100%;height:auto;display:block}
.chart text{fill:var(--text);font-size:12px}.chart .tick,.chart .muted{fill:var(--muted)}.chart .axis{font-size:12.5px}.chart .tick{font-size:11.5px}
.chart .value{font-weight:600;font-size:11.5px}
.grid{stroke:var(--grid)}.axis-line{stroke:var(--border)}.track{fill:var(--track)}
.marker{stroke:var(--text);stroke-width:1.2;stroke-dasharray:3 2}.marker.p95{stroke:var(--fail)}
${Array.from({ length: 10 }, (_, i) => `.s${i}{fill:var(--s${i})}.sw.s${i}{background:var(--s${i})}`).join('')}
.legend{display:flex;flex-wrap:wrap;gap:4px 14px;list-style:none;margin:8px 0 0;padding:0;font-size:12px}
.sw{display:inline-block;width:10px;height:10px;border-radius:3px;margin-right:6px;vertical-align:-1px}
.minis{display:grid;grid-template-columns:repeat(auto-fill,minmax(250px,1fr));gap:12px}
.mini{margin:0;border:1px solid var(--border);border-radius:10px;padding:10px 12px}
.mini-title{font-size:13px;font-weight:600;white-space:nowrap;overflow:hidden;text-overflow:ellipsis}
.mini-sub{font-size:12px;color:var(--muted);white-space:nowrap;overflow:hidden;text-overflow:ellipsis}
.key{display:inline-block;width:14px;height:0;border-top:1.5px dashed var(--text);vertical-align:middle;margin:0 4px 0 10px}.key.p95{border-top-color:var(--fail)}
h2 .note{font-weight:400;float:right}
.mini-stats{font-size:12px;color:var(--muted);margin-bottom:4px}.mini-stats b{color:var(--text)}
.empty{color:var(--muted);font-size:12px}
table{width:100%;border-collapse:collapse}
th,td{text-align:left;padding:7px 10px;border-bottom:1px solid var(--border);vertical-align:top}
th{font-size:12px;color:var(--muted);font-weight:600;white-space:nowrap}
th button{all:unset;cursor:pointer}th button:focus-visible{outline:2px solid var(--accent)}
th[aria-sort=ascending] button::after{content:" ▲"}th[aria-sort=descending] button::after{content:" ▼"}
.num{text-align:right;font-variant-numeric:tabular-nums}
.summary td{white-space:nowrap}
.meter{width:90px;height:8px;vertical-align:middle;margin-right:8px}
.meter .fill.good{fill:var(--pass)}.meter .fill.fair{fill:var(--fair)}.meter .fill.poor{fill:var(--fail)}
.toolbar{display:flex;flex-wrap:wrap;gap:10px;align-items:center;margin-bottom:10px}
.toolbar input{flex:1 1 260px;min-width:200px;padding:7px 10px;border-radius:8px;border:1px solid var(--border);background:var(--bg);color:var(--text);font:inherit}
.seg{display:inline-flex;border:1px solid var(--border);border-radius:8px;overflow:hidden}
.seg button{font:inherit;font-size:12.5px;background:var(--panel);color:var(--text);border:0;border-right:1px solid var(--border);padding:6px 10px;cursor:pointer}
.seg button:last-child{border-right:0}.seg button[aria-pressed=true]{background:var(--accent);color:#fff}
.count{color:var(--muted);font-size:12.5px;display:flex;align-items:center;gap:12px}
.more{font:inherit;font-size:12.5px;padding:5px 12px;border-radius:8px;border:1px solid var(--border);background:var(--panel);color:var(--text);cursor:pointer}
tbody.case tr.row{cursor:pointer}tbody.case tr.row:hover td{background:var(--track)}
tbody.case tr.row:focus-visible{outline:2px solid var(--accent);outline-offset:-2px}
.chev{width:18px;color:var(--muted);padding-right:0}
tr.row[aria-expanded=true] .chev{transform:rotate(90deg)}
.badge{display:inline-block;padding:1px 8px;border-radius:999px;font-size:12px;font-weight:600}
.badge.passed{color:var(--pass);background:var(--pass-bg)}.badge.failed{color:var(--fail);background:var(--fail-bg)}.badge.error{color:var(--err);background:var(--err-bg)}
.bl{font-size:12px;font-weight:600}.bl.broken{color:var(--fail)}.bl.fixed{color:var(--pass)}.bl.unchanged,.bl.new{color:var(--muted)}
.desc{font-size:12px;max-width:360px}
.nowrap{white-space:nowrap}
h4 code{text-transform:none;letter-spacing:0;color:var(--text)}
tr.detail>td{background:var(--bg);padding:14px 16px}
.pair{display:grid;grid-template-columns:1fr 1fr;gap:14px;margin-bottom:12px}
@media (max-width:760px){.pair{grid-template-columns:1fr}}
pre{margin:0;padding:10px 12px;background:var(--code);border:1px solid var(--border);border-radius:8px;white-space:pre-wrap;word-break:break-word;max-height:340px;overflow:auto}
.diff pre{border-left:3px solid var(--fail)}.diff section:first-child pre{border-left-color:var(--pass)}
.asserts{list-style:none;margin:0;padding:0}.asserts .asserts{margin:6px 0 0 18px}
.asserts li{padding:4px 0}.asserts .reason{margin-left:22px;color:var(--muted);white-space:pre-wrap;word-break:break-word}
.asserts li.no>.reason{color:var(--text)}
.mark{display:inline-block;width:18px;font-weight:700}.mark.ok{color:var(--pass)}.mark.no{color:var(--fail)}
.asserts .score{float:right;color:var(--muted);font-variant-numeric:tabular-nums}
.error-box{border:1px solid var(--err);background:var(--err-bg);border-radius:8px;padding:8px 12px;margin-bottom:12px}.error-box p{margin:0}
.facts{color:var(--muted);margin:8px 0 0}
.note{color:var(--muted);font-size:12.5px}
footer{color:var(--muted);font-size:12px;margin-top:24px;text-align:center}
`;

export const REPORT_JS = `
(() => {
  const table = document.getElementById('cases');
  if (!table) return;
  const bodies = Array.from(table.tBodies);
  const collator = new Intl.Collator('en', { numeric: true });
  const search = document.getElementById('filter');
  const shown = document.getElementById('shown');
  const more = document.getElementById('more');
  const matching = document.getElementById('matching');
  const text = new Map();
  // Only a page of rows is laid out at a time: a table of thousands of rows is slow to lay out.
  const PAGE = 200;
  let limit = PAGE;
  let filter = 'all';
  const haystack = (b) => {
    let t = text.get(b);
    if (t === undefined) { t = b.textContent.toLowerCase(); text.set(b, t); }
    return t;
  };
  const apply = () => {
    const q = search.value.trim().toLowerCase();
    let n = 0;
    for (const b of bodies) {
      const ok = (filter === 'all' || b.dataset.state === filter || b.dataset.baseline === filter || (filter === 'failing' && b.dataset.state !== 'passed')) && (!q || haystack(b).includes(q));
      if (ok) n++;
      b.hidden = !ok || n > limit;
    }
    shown.textContent = String(Math.min(n, limit));
    matching.textContent = String(n);
    more.hidden = n <= limit;
  };
  const reset = () => { limit = PAGE; apply(); };
  const compare = (key, type) => (a, b) => {
    const x = a.dataset[key] || '', y = b.dataset[key] || '';
    if (type !== 'num') return collator.compare(x, y);
    if (x === '' || y === '') return (x === '') - (y === '');
    return Number(x) - Number(y);
  };
  const sortBy = (th, dir) => {
    const by = compare(th.dataset.key, th.dataset.type);
    const order = compare('order', 'text');
    bodies.sort((a, b) => dir * by(a, b) || order(a, b));
    const moved = document.createDocumentFragment();
    for (const b of bodies) moved.appendChild(b);
    table.appendChild(moved);
    for (const h of table.tHead.querySelectorAll('th[data-key]')) h.setAttribute('aria-sort', h === th ? (dir > 0 ? 'ascending' : 'descending') : 'none');
    apply();
  };
  table.tHead.addEventListener('click', (e) => {
    const th = e.target.closest('th[data-key]');
    if (th) sortBy(th, th.getAttribute('aria-sort') === 'ascending' ? -1 : 1);
  });
  const toggle = (row) => {
    const d = row.nextElementSibling;
    d.hidden = !d.hidden;
    row.setAttribute('aria-expanded', String(!d.hidden));
  };
  table.addEventListener('click', (e) => {
    const row = e.target.closest('tr.row');
    if (row && !String(window.getSelection())) toggle(row);
  });
  table.addEventListener('keydown', (e) => {
    const row = e.target.closest('tr.row');
    if (row && (e.key === 'Enter' || e.key === ' ')) { e.preventDefault(); toggle(row); }
  });
  for (const button of document.querySelectorAll('[data-filter]')) {
    button.addEventListener('click', () => {
      filter = button.dataset.filter;
      for (const other of document.querySelectorAll('[data-filter]')) other.setAttribute('aria-pressed', String(other === button));
      reset();
    });
  }
  search.addEventListener('input', reset);
  more.addEventListener('click', () => { limit += PAGE; apply(); });
  sortBy(table.tHead.querySelector('th[data-key=status]'), 1);
})();
`;
