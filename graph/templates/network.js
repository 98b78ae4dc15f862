/* sozialgraph network view. Data arrives as JSON; every data string reaches the DOM via textContent. */
(function () {
  "use strict";
  var data = JSON.parse(document.getElementById("sg-data").textContent);
  var meta = data.meta;
  var api = { network: null, nodeCount: data.nodes.length, edgeCount: data.edges.length, ready: false };
  window.sozialgraph = api;

  var DIM_NODE = { background: "#eceff2", border: "#d3d8dd" };
  var DIM_EDGE = { color: "#e6e9ec", opacity: 1 };
  var EDGE = { color: "#7b8794", highlight: "#0b63c5", hover: "#0b63c5", opacity: 1 };
  /* Labels keep about LABEL_PX screen pixels whatever the zoom (see fitLabels). */
  var LABEL_PX = 18;
  var FONT = { color: "#111111", strokeWidth: 4, strokeColor: "#ffffff" };
  var DIM_FONT = { color: "#b5bcc3", strokeWidth: 0, strokeColor: "#ffffff" };

  function el(tag, cls, text) {
    var e = document.createElement(tag);
    if (cls) e.className = cls;
    if (text !== undefined && text !== null) e.textContent = String(text);
    return e;
  }
  function styleOf(kind) { return meta.styles[kind] || meta.neutral; }
  function typeOf(n) { return n.type || styleOf(n.kind).de; }
  function colorOf(s) {
    return { background: s.color, border: s.border,
             highlight: { background: s.color, border: "#111111" },
             hover: { background: s.color, border: "#111111" } };
  }
  function nodeTip(n) {
    var d = el("div", "sg-tip");
    d.appendChild(el("strong", null, n.label));
    d.appendChild(el("span", null, typeOf(n) + (n.ident ? " · " + n.ident : "")));
    return d;
  }
  function edgeTip(e) { return el("div", "sg-tip", e.title || e.label || ""); }

  var byId = new Map();
  data.nodes.forEach(function (n) { byId.set(n.i, n); });
  function visNode(n, dim) {
    var s = styleOf(n.kind);
    return { id: n.i, color: dim ? DIM_NODE : colorOf(s), font: dim ? DIM_FONT : FONT };
  }
  var nodes = new vis.DataSet(data.nodes.map(function (n) {
    var v = visNode(n, false);
    v.label = n.label; v.title = nodeTip(n); v.shape = styleOf(n.kind).shape; v.size = n.size;
    v.hidden = false;
    if (n.x !== null && n.y !== null) { v.x = n.x; v.y = n.y; }
    return v;
  }));
  var edges = new vis.DataSet(data.edges.map(function (e) {
    return { id: e.id, from: e.from, to: e.to, width: e.width, title: edgeTip(e), color: EDGE,
             dashes: e.dashed, label: "" };
  }));
  api.nodes = nodes; api.edges = edges;

  var options = {
    autoResize: true,
    nodes: { borderWidth: 2, borderWidthSelected: 4, font: { size: LABEL_PX }, scaling: { label: { enabled: false } } },
    edges: {
      arrows: { to: { enabled: meta.directed, scaleFactor: 0.6 } },
      smooth: meta.smooth ? { type: "continuous", roundness: 0.2 } : false,
      font: { size: 15, color: "#1d3b5a", strokeWidth: 4, strokeColor: "#ffffff", align: "middle" },
      selectionWidth: 1.5, hoverWidth: 1
    },
    interaction: { hover: true, tooltipDelay: 150, navigationButtons: false, keyboard: false,
                   hideEdgesOnDrag: data.edges.length > 3000 },
    layout: { improvedLayout: meta.improved, randomSeed: 7 },
    physics: meta.positions ? false : {
      enabled: true, solver: "barnesHut",
      barnesHut: { gravitationalConstant: -12000, centralGravity: 0.2, springLength: 190,
                   springConstant: 0.035, damping: 0.3, avoidOverlap: 0.3 },
      stabilization: { enabled: true, iterations: meta.iterations, updateInterval: 50, fit: true }
    }
  };

  var container = document.getElementById("sg-network");
  var network = new vis.Network(container, { nodes: new vis.DataSet(), edges: new vis.DataSet() }, options);
  api.network = network;

  /* On a projector the whole network is usually shown zoomed out: grow the label font as the
     view shrinks so names stay readable, within bounds so a huge network does not turn to text. */
  var labelSize = LABEL_PX, labelFrame = 0;
  function fitLabels() {
    labelFrame = 0;
    /* whole steps of 2 px: re-styling 1,500 nodes costs ~0.1 s, so do it rarely */
    var size = 2 * Math.round(Math.min(0.9 * LABEL_PX, Math.max(0.3 * LABEL_PX, LABEL_PX / 2 / network.getScale())));
    if (size === labelSize) return;
    labelSize = size;
    network.setOptions({ nodes: { font: { size: size } }, edges: { font: { size: Math.round(size * 0.85) } } });
  }
  network.on("zoom", function () { if (!labelFrame) labelFrame = requestAnimationFrame(fitLabels); });
  network.on("animationFinished", fitLabels);

  function markReady() {
    if (api.ready) return;
    api.ready = true;
    document.body.setAttribute("data-ready", "1");
  }
  if (meta.positions || data.nodes.length === 0) {
    network.once("afterDrawing", markReady);
  } else {
    network.once("stabilizationIterationsDone", function () {
      network.setOptions({ physics: false });
      network.fit();
      fitLabels();
      network.once("afterDrawing", markReady);
      network.redraw();
    });
  }
  network.setData({ nodes: nodes, edges: edges });
  if (meta.positions) { network.fit(); fitLabels(); }
  network.redraw();

  /* ---- counts, legend and kind filter ---- */
  var hiddenKinds = new Set();
  var stats = document.getElementById("sg-stats");
  function fmt(x) { return x.toLocaleString("de-DE"); }
  function updateStats() {
    var shown = data.nodes.filter(function (n) { return !hiddenKinds.has(n.kind); }).length;
    var text = fmt(data.nodes.length) + " Knoten · " + fmt(data.edges.length) + " Kanten";
    if (shown !== data.nodes.length) text = fmt(shown) + " von " + text + " sichtbar";
    stats.textContent = text;
    api.visibleNodeCount = shown;
  }
  function setKindVisible(kind, visible) {
    if (visible) hiddenKinds.delete(kind); else hiddenKinds.add(kind);
    nodes.update(data.nodes.filter(function (n) { return n.kind === kind; })
      .map(function (n) { return { id: n.i, hidden: !visible }; }));
    var box = document.querySelector('#sg-legend input[data-index="' + kindIndex.get(kind) + '"]');
    if (box) { box.checked = visible; box.closest("li").classList.toggle("off", !visible); }
    var sel = network.getSelectedNodes();
    if (!visible && sel.length && byId.get(sel[0]).kind === kind) reset();
    updateStats();
  }
  var kinds = new Map();
  data.nodes.forEach(function (n) { kinds.set(n.kind, (kinds.get(n.kind) || 0) + 1); });
  var kindIndex = new Map();
  var legend = document.getElementById("sg-legend");
  meta.kinds.filter(function (k) { return kinds.has(k); }).forEach(function (kind, idx) {
    var s = styleOf(kind);
    kindIndex.set(kind, idx);
    var li = el("li"), label = el("label"), box = el("input");
    box.type = "checkbox"; box.checked = true; box.setAttribute("data-index", String(idx));
    box.setAttribute("data-kind", kind);
    box.addEventListener("change", function () { setKindVisible(kind, box.checked); });
    var sw = el("span", "swatch " + s.shape);
    sw.style.background = s.color;
    var name = el("span", null, s.de);
    if (s.en && s.en !== s.de) label.title = s.en;
    label.appendChild(box); label.appendChild(sw); label.appendChild(name);
    label.appendChild(el("span", "count", fmt(kinds.get(kind))));
    li.appendChild(label); legend.appendChild(li);
  });
  updateStats();

  /* ---- selection: neighbourhood highlight and info panel ---- */
  var info = document.getElementById("sg-info-body");
  function field(dl, term, value, cls) {
    if (value === undefined || value === null || value === "") return;
    dl.appendChild(el("dt", null, term));
    dl.appendChild(el("dd", cls, value));
  }
  var card = document.getElementById("sg-info");
  function showInfo(id) {
    var n = byId.get(id);
    info.textContent = "";
    card.hidden = false;
    var dl = el("dl");
    field(dl, "Name", n.label, "name");
    field(dl, "Art", typeOf(n));
    field(dl, "Kennung", n.ident);
    field(dl, "Beschreibung", n.description);
    field(dl, "Quelle", n.source);
    if (n.community !== null) field(dl, "Gruppe", n.community);
    var links = edges.get({ filter: function (e) { return e.from === id || e.to === id; } });
    dl.appendChild(el("dt", null, "Verbindungen (" + links.length + ")"));
    var dd = el("dd"), ul = el("ul");
    links.slice(0, 30).forEach(function (e) {
      var other = e.from === id ? e.to : e.from, d = data.edges[e.id];
      var arrow = !meta.directed ? "–" : (e.from === id ? "→" : "←");
      var b = el("button", null, arrow + " " + (d.label ? d.label + ": " : "") + byId.get(other).label);
      b.type = "button";
      b.addEventListener("click", function () { choose(other, true); });
      var li = el("li"); li.appendChild(b); ul.appendChild(li);
    });
    dd.appendChild(ul);
    if (links.length > 30) dd.appendChild(el("div", null, "… und " + (links.length - 30) + " weitere"));
    dl.appendChild(dd);
    info.appendChild(dl);
  }
  function highlight(id) {
    var keep = new Set(network.getConnectedNodes(id)); keep.add(id);
    nodes.update(data.nodes.map(function (n) { return visNode(n, !keep.has(n.i)); }));
    edges.update(data.edges.map(function (e) {
      var on = e.from === id || e.to === id;
      return { id: e.id, color: on ? EDGE : DIM_EDGE, label: on && e.label ? e.label : "" };
    }));
  }
  function reset() {
    nodes.update(data.nodes.map(function (n) { return visNode(n, false); }));
    edges.update(data.edges.map(function (e) { return { id: e.id, color: EDGE, label: "" }; }));
    network.unselectAll();
    info.textContent = "";
    card.hidden = true;
  }
  document.getElementById("sg-info-close").addEventListener("click", reset);
  function choose(id, focus) {
    var n = byId.get(id);
    if (hiddenKinds.has(n.kind)) setKindVisible(n.kind, true);
    network.selectNodes([id]);
    highlight(id);
    showInfo(id);
    if (focus) network.focus(id, { scale: Math.max(network.getScale(), 1.0), animation: { duration: 400 } });
  }
  network.on("click", function (p) { if (p.nodes.length) choose(p.nodes[0], false); else reset(); });
  reset();

  /* ---- search ---- */
  var search = document.getElementById("sg-search"), status = document.getElementById("sg-search-status");
  var names = document.getElementById("sg-names"), valueToId = new Map(), counts = new Map();
  data.nodes.forEach(function (n) { counts.set(n.label, (counts.get(n.label) || 0) + 1); });
  data.nodes.slice().sort(function (a, b) { return a.label.localeCompare(b.label, "de"); }).forEach(function (n) {
    var value = counts.get(n.label) > 1 ? n.label + " [" + (n.ident || n.i) + "]" : n.label;
    valueToId.set(value.toLocaleLowerCase("de"), n.i);
    var o = el("option"); o.value = value; o.label = typeOf(n); names.appendChild(o);
  });
  function find(query) {
    var q = query.trim().toLocaleLowerCase("de");
    if (!q) return null;
    if (valueToId.has(q)) return valueToId.get(q);
    for (var [value, id] of valueToId) { if (value.indexOf(q) >= 0) return id; }
    return null;
  }
  function runSearch() {
    var id = find(search.value);
    status.textContent = id === null && search.value.trim() ? "Kein Treffer für „" + search.value.trim() + "“" : "";
    if (id !== null) choose(id, true);
  }
  search.addEventListener("change", runSearch);
  search.addEventListener("keydown", function (ev) { if (ev.key === "Enter") { ev.preventDefault(); runSearch(); } });
  document.getElementById("sg-reset").addEventListener("click", function () {
    Array.from(hiddenKinds).forEach(function (k) { setKindVisible(k, true); });
    search.value = ""; status.textContent = "";
    reset(); network.fit({ animation: { duration: 300 } });
  });
})();
