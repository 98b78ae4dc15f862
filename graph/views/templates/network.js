/* sozialgraph network view. Data arrives as JSON; every data string reaches the DOM via textContent. */
(function () {
  "use strict";
  var started = performance.now();
  var data = JSON.parse(document.getElementById("sg-data").textContent);
  var meta = data.meta;
  var api = { network: null, nodeCount: data.nodes.length, edgeCount: data.edges.length, ready: false };
  window.sozialgraph = api;

  var DIM_NODE = { background: "#eceff2", border: "#d3d8dd" };
  var DIM_EDGE = { color: "#e6e9ec", opacity: 1 };
  /* many edges: lighter lines, so that the nodes stay in front */
  var EDGE = { color: "#7b8794", highlight: "#0b63c5", hover: "#0b63c5",
               opacity: data.edges.length > 2000 ? 0.35 : data.edges.length > 600 ? 0.6 : 1 };
  /* Node labels at the overview: TOP_PX screen pixels for the most important node, LOW_PX for
     the least; never drawn larger than CAP_PX, however far one zooms in. */
  var TOP_PX = 22, LOW_PX = 14, CAP_PX = 24, EDGE_PX = 15;
  /* A label is shown at the first of these zoom factors (relative to the overview) at which it
     does not cover a label shown before it; the important ones come first. */
  var LEVELS = [1, 1.5, 2.25, 3.4, 5, 7.6, 11.4, 17];
  var LINE_CHARS = 24, MAX_LINES = 2;
  var FONT = { color: "#111111", strokeWidth: 4, strokeColor: "#ffffff", face: "arial" };
  var DIM_FONT = { color: "#b5bcc3", strokeWidth: 0, strokeColor: "#ffffff", face: "arial" };

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
  /* The canvas label: at most MAX_LINES lines of about LINE_CHARS characters, "…" when cut.
     The full name stays in the tooltip, the search and the info card. */
  function shortLabel(text) {
    var words = String(text).replace(/\s+/g, " ").trim().split(" "), lines = [], line = "";
    for (var i = 0; i < words.length; i++) {
      var w = words[i];
      while (w.length > LINE_CHARS) {  /* a word longer than a line is split */
        if (line) { lines.push(line); line = ""; }
        lines.push(w.slice(0, LINE_CHARS - 1) + "-"); w = w.slice(LINE_CHARS - 1);
      }
      if (!line) line = w;
      else if (line.length + 1 + w.length <= LINE_CHARS) line += " " + w;
      else { lines.push(line); line = w; }
    }
    if (line) lines.push(line);
    if (lines.length > MAX_LINES) {
      lines = lines.slice(0, MAX_LINES);
      var last = lines[MAX_LINES - 1];
      lines[MAX_LINES - 1] = (last.length >= LINE_CHARS ? last.slice(0, LINE_CHARS - 1) : last).replace(/[\s,;:.-]+$/, "") + "…";
    }
    return lines.join("\n");
  }

  var byId = new Map();
  data.nodes.forEach(function (n) { byId.set(n.i, n); });
  var sizes = data.nodes.map(function (n) { return n.size; });
  var minSize = Math.min.apply(null, sizes.concat([Infinity])), maxSize = Math.max.apply(null, sizes.concat([-Infinity]));
  /* importance in [0, 1] (node size grows with it) and the most important first */
  function weightOf(n) { return maxSize > minSize ? (n.size - minSize) / (maxSize - minSize) : 0.5; }
  var ranked = data.nodes.slice().sort(function (a, b) { return b.size - a.size || a.i - b.i; });
  /* per node: canvas font size and the on-screen size below which its label is not drawn */
  /* per node: canvas font size at the overview, the zoom (relative to the overview) from which its
     label shows, and whether it sits above the node */
  var fontSize = new Map(), level = new Map(), above = new Map(), neighbours = null;
  var overview = 1, zoom = 1;  /* overview scale; current scale, in steps of 10 % */
  data.nodes.forEach(function (n) { fontSize.set(n.i, 14); level.set(n.i, 0); above.set(n.i, false); });
  function lineCount(n) { return shortLabel(n.label).split("\n").length; }
  /* vis-network 9 does not cap label sizes when zooming in (scaling.label.maxVisible only fades),
     so the page does it: no label grows beyond CAP_PX on screen, and labels switch on by zoom. */
  function labelState(n) {
    var f = Math.min(fontSize.get(n.i), CAP_PX / zoom);
    var on = (neighbours && neighbours.has(n.i)) || zoom >= overview * level.get(n.i) * 0.999;
    return { size: f, on: on, vadjust: above.get(n.i) ? -(2 * n.size + 6 + lineCount(n) * f * 1.2) : 0 };
  }
  function visNode(n) {
    var dim = !!neighbours && !neighbours.has(n.i);
    var s = styleOf(n.kind), f = dim ? DIM_FONT : FONT, l = labelState(n);
    return { id: n.i, color: dim ? DIM_NODE : colorOf(s),
             font: { color: f.color, strokeWidth: f.strokeWidth, strokeColor: f.strokeColor, face: f.face,
                     size: l.size, vadjust: l.vadjust },
             /* vis draws a label when font size x scale >= drawThreshold - 1 */
             scaling: { label: { enabled: false, drawThreshold: l.on ? 0 : 1e9 } } };
  }
  var applied = new Map();
  function restyle(all) {
    var changes = [];
    data.nodes.forEach(function (n) {
      var l = labelState(n), key = (!!neighbours && !neighbours.has(n.i)) + "|" + l.on + "|" + l.size.toFixed(3);
      if (all || applied.get(n.i) !== key) { applied.set(n.i, key); changes.push(visNode(n)); }
    });
    if (changes.length) nodes.update(changes);
  }
  var nodes = new vis.DataSet(data.nodes.map(function (n) {
    var v = visNode(n);
    v.label = shortLabel(n.label); v.name = n.label; v.title = nodeTip(n);
    v.shape = styleOf(n.kind).shape; v.size = n.size; v.hidden = false;
    v.mass = 1 + 3 * weightOf(n);  /* important nodes push the others further away: room for their labels */
    if (n.x !== null && n.y !== null) { v.x = n.x; v.y = n.y; }
    else if (n.isolated) { v.x = 0; v.y = 0; v.physics = false; }  /* placed in a row afterwards */
    return v;
  }));
  var edges = new vis.DataSet(data.edges.map(function (e) {
    return { id: e.id, from: e.from, to: e.to, width: e.width, title: edgeTip(e), color: EDGE,
             dashes: e.dashed, label: "" };
  }));
  api.nodes = nodes; api.edges = edges;

  var phys = meta.physics;
  var options = {
    autoResize: true,
    nodes: { borderWidth: 2, borderWidthSelected: 4, font: { size: 14 },
             scaling: { label: { enabled: false, drawThreshold: 0 } } },
    edges: {
      arrows: { to: { enabled: meta.directed, scaleFactor: 0.6 } },
      smooth: meta.smooth ? { type: "continuous", roundness: 0.2 } : false,
      font: { size: EDGE_PX, color: "#1d3b5a", strokeWidth: 4, strokeColor: "#ffffff", align: "middle" },
      selectionWidth: 1.5, hoverWidth: 1
    },
    interaction: { hover: true, tooltipDelay: 150, navigationButtons: false, keyboard: false,
                   hideEdgesOnDrag: data.edges.length > 3000 },
    layout: { improvedLayout: phys.improved, randomSeed: 7 },
    physics: meta.positions ? false : {
      enabled: true, solver: "forceAtlas2Based",
      forceAtlas2Based: { gravitationalConstant: -120, centralGravity: 0.012, springLength: phys.spring,
                          springConstant: 0.06, damping: 0.5, avoidOverlap: 0.6 },
      minVelocity: 1,
      stabilization: { enabled: true, iterations: phys.iterations, updateInterval: 50, fit: false }
    }
  };

  var container = document.getElementById("sg-network");
  var network = new vis.Network(container, { nodes: new vis.DataSet(), edges: new vis.DataSet() }, options);
  api.network = network;

  /* ---- labels: which ones the overview shows, and which appear only when zoomed in ---- */
  var measure = document.createElement("canvas").getContext("2d");
  measure.font = "100px arial";
  var textWidth = new Map();  /* width of the widest label line at 100 px */
  data.nodes.forEach(function (n) {
    textWidth.set(n.i, Math.max.apply(null, shortLabel(n.label).split("\n").map(function (l) {
      return measure.measureText(l).width; })));
  });
  /* A label's screen box at a zoom, below its node (side 0) or above it (side 1). */
  function labelBox(n, p, scale, side) {
    var f = fontSize.get(n.i), px = Math.min(f * scale, CAP_PX), lines = shortLabel(n.label).split("\n").length;
    var w = textWidth.get(n.i) * px / 100 + 6, h = lines * px * 1.2;
    var top = side ? (p.y - n.size - 3) * scale - lines * px * 1.2 : (p.y + n.size + 3) * scale;
    return { l: p.x * scale - w / 2, r: p.x * scale + w / 2, t: top, b: top + h };
  }
  function apart(a, b) { return a.r <= b.l || b.r <= a.l || a.b <= b.t || b.b <= a.t; }
  /* Boxes in square cells of CELL screen pixels, so a lookup only meets its neighbours. */
  var CELL = 160;
  function Grid() { this.cells = new Map(); }
  Grid.prototype.each = function (box, fn) {
    for (var x = Math.floor(box.l / CELL); x <= Math.floor(box.r / CELL); x++)
      for (var y = Math.floor(box.t / CELL); y <= Math.floor(box.b / CELL); y++) fn(x + "," + y);
  };
  Grid.prototype.add = function (box) {
    var cells = this.cells;
    this.each(box, function (key) { var c = cells.get(key); if (c) c.push(box); else cells.set(key, [box]); });
  };
  Grid.prototype.free = function (box) {
    var cells = this.cells, ok = true;
    this.each(box, function (key) {
      var c = cells.get(key);
      for (var i = 0; ok && c && i < c.length; i++) ok = apart(box, c[i]);
    });
    return ok;
  };
  /* Greedy label placement, most important node first: each label takes the first zoom level
     and side at which it covers no label placed before it and no more important node. */
  function layoutLabels() {
    var base = overview, pos = network.getPositions();
    var grids = LEVELS.map(function () { return new Grid(); });
    /* smaller screens: somewhat smaller labels, so that the important ones still find room */
    var room = Math.max(0.8, Math.min(1, Math.sqrt(container.clientWidth * container.clientHeight / 1.5e6)));
    var top = TOP_PX * room, low = Math.max(13, LOW_PX * room);
    ranked.forEach(function (n) {
      fontSize.set(n.i, (low + (top - low) * weightOf(n)) / base);
      if (hiddenKinds.has(n.kind)) level.set(n.i, Infinity);
    });
    ranked.forEach(function (n) {
      if (hiddenKinds.has(n.kind)) return;
      var k = 0, side = 0, found = null;
      for (; k < LEVELS.length && !found; k++) {
        for (side = 0; side < 2 && !found; side++) {
          var box = labelBox(n, pos[n.i], base * LEVELS[k], side);
          if (grids[k].free(box)) found = { k: k, side: side };
        }
      }
      found = found || { k: LEVELS.length - 1, side: 0 };
      level.set(n.i, found.k);
      var p = pos[n.i];
      LEVELS.forEach(function (z, j) {
        var scale = base * z, r = n.size * scale;
        grids[j].add({ l: p.x * scale - r, r: p.x * scale + r, t: p.y * scale - r, b: p.y * scale + r });
        if (j >= found.k) grids[j].add(labelBox(n, p, scale, found.side));
      });
      level.set(n.i, found.k === 0 ? 0.5 : LEVELS[found.k]);
      above.set(n.i, found.side === 1);
    });
  }
  api.labelShown = function (id) {
    var n = network.body.nodes[id];
    return !!n && !n.options.hidden && n.labelModule.visible();
  };

  /* Edge labels (shown for the selected node) keep about EDGE_PX screen pixels at any zoom. */
  var edgeSize = EDGE_PX, zoomFrame = 0;
  function fitLabels() {
    zoomFrame = 0;
    var step = Math.pow(1.1, Math.round(Math.log(network.getScale() / overview) / Math.log(1.1))) * overview;
    if (step !== zoom) { zoom = step; restyle(false); }
    var size = 2 * Math.round(Math.min(40, EDGE_PX / network.getScale()) / 2);
    if (size === edgeSize) return;
    edgeSize = size;
    network.setOptions({ edges: { font: { size: size } } });
  }
  /* any change of scale (wheel, buttons, search focus, fit) passes here before it is drawn */
  network.on("beforeDrawing", function () {
    if (api.ready && !zoomFrame && Math.abs(network.getScale() / zoom - 1) > 0.05) zoomFrame = requestAnimationFrame(fitLabels);
  });

  /* Labels are wide: stretch a round layout sideways towards the shape of the screen. */
  function widen() {
    var pos = network.getPositions(), ids = data.nodes.filter(function (n) { return !n.isolated; });
    if (ids.length < 3) return;
    var xs = ids.map(function (n) { return pos[n.i].x; }), ys = ids.map(function (n) { return pos[n.i].y; });
    var w = Math.max.apply(null, xs) - Math.min.apply(null, xs), h = Math.max.apply(null, ys) - Math.min.apply(null, ys);
    var screen = container.clientWidth / Math.max(1, container.clientHeight);
    if (!(w > 0 && h > 0) || w / h >= screen) return;
    var factor = Math.min(screen / (w / h), 1.7), cx = (Math.max.apply(null, xs) + Math.min.apply(null, xs)) / 2;
    ids.forEach(function (n) { network.moveNode(n.i, cx + (pos[n.i].x - cx) * factor, pos[n.i].y); });
  }
  /* Nodes without any link wait in rows below the network instead of drifting off. */
  function placeIsolated() {
    var lonely = data.nodes.filter(function (n) { return n.isolated; })
      .sort(function (a, b) { return a.label.localeCompare(b.label, "de"); });
    if (!lonely.length) return;
    var pos = network.getPositions(), xs = [], ys = [];
    data.nodes.forEach(function (n) { if (!n.isolated) { xs.push(pos[n.i].x); ys.push(pos[n.i].y); } });
    var W = Math.max(200, container.clientWidth), H = Math.max(200, container.clientHeight);
    var cols = Math.max(1, Math.min(lonely.length, Math.floor(0.9 * W / 200)));
    var rows = Math.ceil(lonely.length / cols);
    var w = xs.length ? Math.max.apply(null, xs) - Math.min.apply(null, xs) : 0;
    var h = ys.length ? Math.max.apply(null, ys) - Math.min.apply(null, ys) : 0;
    /* the zoom the overview will about have, so that the rows are about 200 x 70 screen pixels */
    var scale = xs.length > 1 ? 0.9 * Math.min(W / Math.max(w, 1), (H - 70 * rows - 60) / Math.max(h, 1)) : 1;
    if (!(scale > 0)) scale = 0.3;
    var step = 200 / scale, cx = xs.length ? (Math.max.apply(null, xs) + Math.min.apply(null, xs)) / 2 : 0;
    var top = ys.length ? Math.max.apply(null, ys) + 80 / scale : 0;
    lonely.forEach(function (n, k) {
      var row = Math.floor(k / cols), inRow = Math.min(cols, lonely.length - row * cols);
      network.moveNode(n.i, cx + ((k % cols) - (inRow - 1) / 2) * step, top + row * 70 / scale);
    });
  }

  function markReady() {
    if (api.ready) return;
    api.readyMs = Math.round(performance.now() - started);
    api.ready = true;
    document.body.setAttribute("data-ready", "1");
  }
  function settle() {
    network.setOptions({ physics: false });
    if (!meta.positions) { widen(); placeIsolated(); }
    network.fit();
    api.overviewScale = overview = zoom = network.getScale();
    var t0 = performance.now();
    layoutLabels();
    api.labelMs = Math.round(performance.now() - t0);
    restyle(true);
    fitLabels();
    network.once("afterDrawing", markReady);
    network.redraw();
  }
  var hiddenKinds = new Set();
  if (meta.positions || data.nodes.length === 0) {
    network.setData({ nodes: nodes, edges: edges });
    settle();
  } else {
    network.once("stabilizationIterationsDone", settle);
    network.setData({ nodes: nodes, edges: edges });
  }

  /* ---- counts, legend and kind filter ---- */
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
    if (api.ready) {  /* labels of the hidden kind no longer claim room */
      layoutLabels();
      restyle(true);
    }
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
    neighbours = keep;  /* their labels show at any zoom */
    restyle(true);
    edges.update(data.edges.map(function (e) {
      var on = e.from === id || e.to === id;
      return { id: e.id, color: on ? EDGE : DIM_EDGE, label: on && e.label ? e.label : "" };
    }));
  }
  function reset() {
    neighbours = null;
    restyle(true);
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
