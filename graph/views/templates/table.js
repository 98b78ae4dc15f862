/* Part 6: the same nodes and edges as tables (real <table>s with caption and column headers):
   sortable, filterable, reachable by keyboard; a name in a row selects that node in the network. */
var tablePanel = document.getElementById("sg-table"), tableToggle = document.getElementById("sg-table-toggle");
var tableFilter = document.getElementById("sg-table-filter"), tableCut = document.getElementById("sg-table-cut");
var MAX_ROWS = 1000, tableKind = "nodes";
function degreeOf(id) { return adjacency.get(id).filter(function (e) { return shown(otherEnd(e, id)); }).length; }
function nameButton(id) {
  var b = el("button", "row-name", byId.get(id).label);
  b.type = "button";
  b.addEventListener("click", function () { setTable(false); choose(id, { frame: true }); card.focus(); });
  return b;
}
var TABLES = {
  nodes: {
    el: document.getElementById("sg-node-table"),
    columns: [
      { head: T.name, key: function (n) { return n.label; }, cell: function (n) { return nameButton(n.i); } },
      { head: T.kind, key: function (n) { return typeOf(n); } },
      { head: T.ident, key: function (n) { return n.ident; } },
      { head: T.degree, num: true, key: function (n) { return degreeOf(n.i); }, show: function (v) { return fmt(v); } },
      { head: T.centrality, num: true, key: function (n) { return n.centrality === null ? -1 : n.centrality; },
        show: function (v) { return v < 0 ? "–" : fmt(v, 2); } },
      { head: T.group, key: function (n) { return n.group; } }
    ],
    rows: function () { return data.nodes.filter(function (n) { return shown(n.i); }); },
    text: function (n) { return [n.label, n.ident, typeOf(n), n.group].join(" "); },
    caption: function (k, all) { return say("caption_nodes", { n: fmt(k), N: fmt(all) }); },
    total: data.nodes.length, sort: 0, dir: 1
  },
  edges: {
    el: document.getElementById("sg-edge-table"),
    columns: [
      { head: T.from, key: function (e) { return byId.get(e.from).label; }, cell: function (e) { return nameButton(e.from); } },
      { head: T.relation, key: function (e) { return edgeWords(e, e.from); } },
      { head: T.to, key: function (e) { return byId.get(e.to).label; }, cell: function (e) { return nameButton(e.to); } }
    ],
    rows: function () { return data.edges.filter(function (e) { return shown(e.from) && shown(e.to); }); },
    text: function (e) { return [byId.get(e.from).label, edgeWords(e, e.from), byId.get(e.to).label].join(" "); },
    caption: function (k, all) { return say("caption_edges", { m: fmt(k), M: fmt(all) }); },
    total: data.edges.length, sort: 0, dir: 1
  }
};
/* Column headers are buttons: Enter or a click sorts, again reverses; aria-sort tells a screen reader. */
Object.keys(TABLES).forEach(function (name) {
  var t = TABLES[name], tr = t.el.querySelector("thead tr");
  t.columns.forEach(function (c, k) {
    var th = el("th"), b = el("button", "sort", c.head);
    th.scope = "col"; b.type = "button";
    if (c.num) th.className = "num";
    b.addEventListener("click", function () {
      t.dir = t.sort === k ? -t.dir : c.num ? -1 : 1; t.sort = k; refreshTable();
    });
    th.appendChild(b); tr.appendChild(th);
  });
});
function refreshTable() {
  if (tablePanel.hidden) return;
  var t = TABLES[tableKind], q = fold(tableFilter.value), col = t.columns[t.sort];
  var rows = t.rows().filter(function (r) { return !q || fold(t.text(r)).indexOf(q) >= 0; });
  var keyed = rows.map(function (r) { return { r: r, k: col.key(r) }; });
  keyed.sort(function (a, b) {
    var d = col.num ? a.k - b.k : String(a.k).localeCompare(String(b.k), LANG, { numeric: true });
    return t.dir * d || (a.r.i !== undefined ? a.r.i - b.r.i : a.r.id - b.r.id);
  });
  t.el.querySelector("caption").textContent = t.caption(rows.length, t.total);
  t.el.querySelectorAll("thead th").forEach(function (th, k) {
    th.setAttribute("aria-sort", k === t.sort ? (t.dir > 0 ? "ascending" : "descending") : "none");
  });
  var body = t.el.querySelector("tbody"), frag = document.createDocumentFragment();
  keyed.slice(0, MAX_ROWS).forEach(function (x) {
    var tr = el("tr");
    t.columns.forEach(function (c, k) {
      var v = c.key(x.r), cell = el(k === 0 ? "th" : "td", c.num ? "num" : null);
      if (k === 0) cell.scope = "row";
      if (c.cell) cell.appendChild(c.cell(x.r)); else cell.textContent = c.show ? c.show(v) : v;
      tr.appendChild(cell);
    });
    frag.appendChild(tr);
  });
  body.textContent = "";
  body.appendChild(frag);
  tableCut.hidden = rows.length <= MAX_ROWS;
  tableCut.textContent = say("rows_cut", { k: fmt(MAX_ROWS) });
  api.tableRows = keyed.length;
}
function setTableKind(kind) {
  tableKind = kind;
  Object.keys(TABLES).forEach(function (k) {
    TABLES[k].el.hidden = k !== kind;
    document.getElementById(k === "nodes" ? "sg-tab-nodes" : "sg-tab-edges").setAttribute("aria-pressed", String(k === kind));
  });
  refreshTable();
}
function setTable(open) {
  tablePanel.hidden = !open;
  tableToggle.setAttribute("aria-pressed", String(open));
  tableToggle.textContent = open ? T.network : T.table;
  if (open) { refreshTable(); tableFilter.focus(); }
}
document.getElementById("sg-tab-nodes").addEventListener("click", function () { setTableKind("nodes"); });
document.getElementById("sg-tab-edges").addEventListener("click", function () { setTableKind("edges"); });
tableFilter.addEventListener("input", refreshTable);
tableToggle.addEventListener("click", function () { setTable(tablePanel.hidden); });
