/* Part 3: label sizes and places, the overview, and what happens when the window changes size.
   Labels have a size on screen, not on the canvas: at the overview the most important node's label
   is TOP px high and the least important LOW px; zooming in never draws one larger than CAP px.
   In projector mode they are at least 28 px at 1920 x 1080 and scale with the window. */
function labelPx() {
  if (present) {
    var s = Math.min(window.innerWidth / 1920, window.innerHeight / 1080);
    return { top: 36 * s, low: 28 * s, cap: 40 * s, edge: 22 * s };
  }
  /* smaller screens: somewhat smaller labels, so that the important ones still find room */
  var room = Math.max(0.8, Math.min(1, Math.sqrt(container.clientWidth * container.clientHeight / 1.5e6)));
  return { top: 22 * room, low: Math.max(13, 14 * room), cap: 24, edge: 15 };
}
/* A label is shown from the first of these zoom factors (relative to the overview) at which it
   covers no label shown before it; the important ones come first. */
var LEVELS = [1, 1.5, 2.25, 3.4, 5, 7.6, 11.4, 17];
/* per node: canvas font size at the overview, and the zoom (relative to the overview) from which its label shows */
var fontSize = new Map(), level = new Map(), neighbours = null, px = labelPx();
var overview = 1, zoom = 1;  /* overview scale; current scale, in steps of 10 % */
data.nodes.forEach(function (n) { fontSize.set(n.i, 14); level.set(n.i, 0); sideOf.set(n.i, 0); });

/* vis-network 9 does not cap label sizes when zooming in (scaling.label.maxVisible only fades),
   so the page does it: no label grows beyond px.cap on screen, and labels switch on by zoom. */
function labelState(n) {
  var f = Math.min(fontSize.get(n.i), px.cap / zoom);
  var on = neighbours ? !!focusOn && focusOn.has(n.i) : zoom >= overview * level.get(n.i) * 0.999;
  return { size: f, on: on };
}
function visNode(n) {
  var dim = !!neighbours && !neighbours.has(n.i), l = labelState(n), f = fontLook(dim);
  return { id: n.i, color: dim ? DIM_NODE : colorOf(styleOf(n.kind)), borderWidth: present ? 3 : 2,
           borderWidthSelected: present ? 6 : 4,
           font: { color: f.color, strokeWidth: f.strokeWidth, strokeColor: f.strokeColor, face: "arial", size: l.size },
           /* vis draws a label when font size x scale >= drawThreshold - 1 */
           scaling: { label: { enabled: false, drawThreshold: l.on ? 0 : 1e9 } } };
}
/* Only nodes whose look changed are sent to vis-network (an update of every node of a large view
   takes long): the key holds all a node's look depends on; a label's size only while it shows,
   its side because the label is drawn there. */
var applied = new Map();
function restyle(all) {
  var changes = [];
  data.nodes.forEach(function (n) {
    var l = labelState(n), key = [!!neighbours && !neighbours.has(n.i), l.on, l.on ? l.size.toFixed(3) : "-", present,
                                  sideOf.get(n.i)].join("|");
    if (all || applied.get(n.i) !== key) { applied.set(n.i, key); changes.push(visNode(n)); }
  });
  if (changes.length) nodes.update(changes);
}

/* ---- placing the labels ---- */
var measure = document.createElement("canvas").getContext("2d");
measure.font = "100px arial";
var textWidth = new Map(), lineCount = new Map();  /* widest line at 100 px; lines */
data.nodes.forEach(function (n) {
  var lines = canvasLabel.get(n.i).split("\n");
  lineCount.set(n.i, lines.length);
  textWidth.set(n.i, Math.max.apply(null, lines.map(function (l) { return measure.measureText(l).width; })));
});
/* A label's screen box at a zoom and font size, on one side of its node (as shapes.js draws it). */
function labelBox(n, p, scale, side, font) {
  var size = Math.min(font * scale, px.cap), w = textWidth.get(n.i) * size / 100 + 8, h = lineCount.get(n.i) * size * 1.2 + 2;
  var at = labelCentre(side, p.x * scale, p.y * scale, n.size * scale, w, h, LABEL_GAP * scale);
  return { l: at[0] - w / 2, r: at[0] + w / 2, t: at[1] - h / 2, b: at[1] + h / 2 };
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
/* The named nodes first, at the overview: each takes the first side (and, if it must, a smaller
   size down to px.low) at which its label covers no other named node or label and stays on the
   stage; if none is free, up to two labels placed before it may move to make room. */
function placeNamed(base, pos, onStage) {
  var named = ranked.slice(0, NAMED).filter(function (n) { return !hiddenKinds.has(n.kind); });
  var discs = named.map(function (n) {
    var p = pos[n.i], r = n.size * base;
    return { l: p.x * base - r, r: p.x * base + r, t: p.y * base - r, b: p.y * base + r };
  });
  var placed = [];
  function options(n) {
    var out = [], smallest = px.low / base;
    for (var f = fontSize.get(n.i); ; f = Math.max(f * 0.92, smallest)) {
      for (var side = 0; side < SIDES; side++) out.push({ n: n, side: side, font: f, box: labelBox(n, pos[n.i], base, side, f) });
      if (f <= smallest * 1.0001) return out;
    }
  }
  /* `box` covers no disc, no placed label but those in `skip`, no box in `extra`, and is on the stage */
  function clear(box, skip, extra) {
    return onStage(box) && discs.every(function (d) { return apart(box, d); })
      && placed.every(function (q) { return skip.indexOf(q) >= 0 || apart(box, q.box); })
      && extra.every(function (e) { return apart(box, e); });
  }
  /* new places for `blockers` (labels placed before) that leave `extra` free, or null */
  function relocate(blockers, extra) {
    if (!blockers.length) return [];
    var q = blockers[0], alts = options(q.n);
    for (var a = 0; a < alts.length; a++) {
      if (alts[a].side === q.side || !clear(alts[a].box, blockers, extra)) continue;
      var rest = relocate(blockers.slice(1), extra.concat([alts[a].box]));
      if (rest) return [alts[a]].concat(rest);
    }
    return null;
  }
  named.forEach(function (n) {
    var opts = options(n), ok = null;
    for (var i = 0; i < opts.length && !ok; i++) if (clear(opts[i].box, [], [])) ok = opts[i];
    for (i = 0; i < opts.length && !ok; i++) {
      var o = opts[i], blockers = placed.filter(function (q) { return !apart(o.box, q.box); });
      if (blockers.length > 2 || !clear(o.box, blockers, [])) continue;
      var moved = relocate(blockers, [o.box]);
      if (moved) { blockers.forEach(function (q, j) { placed[placed.indexOf(q)] = moved[j]; }); ok = o; }
    }
    if (ok) placed.push(ok);
  });
  return placed;
}
/* Then everyone else, most important first: each label takes the first zoom level and side at
   which it covers no label placed before it and no more important node. */
function layoutLabels() {
  var base = overview, pos = network.getPositions();
  px = labelPx();
  var grids = LEVELS.map(function () { return new Grid(); });
  ranked.forEach(function (n) { fontSize.set(n.i, (px.low + (px.top - px.low) * weightOf(n)) / base); });
  /* at the overview a label must also lie on the stage (screen box relative to the view's centre) */
  var W = container.clientWidth / 2, H = container.clientHeight / 2, cx = home.position.x * base, cy = home.position.y * base;
  function onStage(box) { return box.l - cx >= -W && box.r - cx <= W && box.t - cy >= -H && box.b - cy <= H; }
  var first = new Map();
  placeNamed(base, pos, onStage).forEach(function (o) { first.set(o.n.i, o); });
  function settleLabel(n, k, side, font) {
    var p = pos[n.i];
    fontSize.set(n.i, font);
    LEVELS.forEach(function (z, j) {
      var scale = base * z, r = n.size * scale;
      grids[j].add({ l: p.x * scale - r, r: p.x * scale + r, t: p.y * scale - r, b: p.y * scale + r });
      if (j >= k) grids[j].add(labelBox(n, p, scale, side, font));
    });
    level.set(n.i, k === 0 ? 0.5 : LEVELS[k]);
    overviewSide.set(n.i, side);
    if (!neighbours) sideOf.set(n.i, side);
  }
  first.forEach(function (o) { settleLabel(o.n, 0, o.side, o.font); });
  ranked.forEach(function (n) {
    if (hiddenKinds.has(n.kind)) { level.set(n.i, Infinity); return; }
    if (first.has(n.i)) return;
    var p = pos[n.i], font = fontSize.get(n.i), found = null;
    for (var k = 0; k < LEVELS.length && !found; k++) {
      for (var side = 0; side < SIDES && !found; side++) {
        var box = labelBox(n, p, base * LEVELS[k], side, font);
        if (grids[k].free(box) && (k > 0 || onStage(box))) found = { k: k, side: side };
      }
    }
    found = found || { k: LEVELS.length - 1, side: 0 };
    settleLabel(n, found.k, found.side, font);
  });
}
/* While a node is selected (or nodes are emphasised) only their labels show: the selected node's
   always, the others, most important first, where they cover no label or node of the group at
   the current zoom. The faded rest stays unnamed. */
var focusOn = null, overviewSide = new Map();
function placeFocus(scale) {
  var ids = Array.from(neighbours).filter(shown), pos = network.getPositions(ids), grid = new Grid(), on = new Set();
  /* labels stay in the part of the stage the card and caption leave free, in the view being moved to */
  var view = lastView || { position: network.getViewPosition(), offset: { x: 0, y: 0 } }, free = freeRect();
  var dx = container.clientWidth / 2 + (view.offset ? view.offset.x : 0) - view.position.x * scale;
  var dy = container.clientHeight / 2 + (view.offset ? view.offset.y : 0) - view.position.y * scale;
  function inside(b) { return b.l + dx >= free.l && b.r + dx <= free.r && b.t + dy >= free.t && b.b + dy <= free.b; }
  ids.sort(function (a, b) { return (b === selected) - (a === selected) || rankOf.get(a) - rankOf.get(b); });
  ids.forEach(function (id) {
    var p = pos[id], r = byId.get(id).size * scale;
    grid.add({ l: p.x * scale - r, r: p.x * scale + r, t: p.y * scale - r, b: p.y * scale + r });
  });
  ids.forEach(function (id) {
    var n = byId.get(id), font = Math.min(fontSize.get(id), px.cap / scale);
    for (var side = 0; side < SIDES; side++) {
      var box = labelBox(n, pos[id], scale, side, font);
      if (grid.free(box) && inside(box)) { grid.add(box); on.add(id); sideOf.set(id, side); return; }
    }
    if (id === selected) {  /* named even where it covers a node; the others keep clear of it */
      on.add(id); sideOf.set(id, overviewSide.get(id));
      grid.add(labelBox(n, pos[id], scale, overviewSide.get(id), font));
    }
  });
  focusOn = on;
}
/* Place the group's labels again (after the view, the free room or the visible kinds changed). */
function refocus() { if (neighbours) { placeFocus(lastView ? lastView.scale : zoom); restyle(false); } }
function unfocus() {
  focusOn = null;
  overviewSide.forEach(function (side, id) { sideOf.set(id, side); });
}
api.labelShown = function (id) {
  var n = network.body.nodes[id];
  return !!n && !n.options.hidden && n.labelModule.visible();
};

/* Edge labels (shown for the selected node) keep about px.edge screen pixels at any zoom. */
var edgeSize = 0, zoomFrame = 0;
function fitLabels() {
  zoomFrame = 0;
  var step = Math.pow(1.1, Math.round(Math.log(network.getScale() / overview) / Math.log(1.1))) * overview;
  if (step !== zoom) {
    zoom = step;
    if (neighbours) placeFocus(zoom);
    restyle(false);
  }
  var size = 2 * Math.round(Math.min(40, px.edge / network.getScale()) / 2);
  if (size === edgeSize) return;
  edgeSize = size;
  network.setOptions({ edges: { font: { size: size, strokeWidth: present ? 6 : 4 } } });
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
/* A wider stage (projector mode: no sidebar) gets a wider network: the settled layout stretched
   sideways, always from the settled positions, so that coming back gives the same picture. */
var settled = null;
function restretch() {
  var ids = data.nodes.filter(function (n) { return !n.isolated; });
  if (!settled || ids.length < 3) return;
  var xs = ids.map(function (n) { return settled[n.i].x; }), ys = ids.map(function (n) { return settled[n.i].y; });
  var x0 = Math.min.apply(null, xs), x1 = Math.max.apply(null, xs), h = Math.max.apply(null, ys) - Math.min.apply(null, ys);
  var screen = container.clientWidth / Math.max(1, container.clientHeight), cx = (x0 + x1) / 2;
  var factor = x1 > x0 && h > 0 ? Math.max(1, Math.min(screen / ((x1 - x0) / h), 1.7)) : 1;
  data.nodes.forEach(function (n) {
    var p = settled[n.i];
    network.moveNode(n.i, n.isolated ? p.x : cx + (p.x - cx) * factor, p.y);
  });
}
/* Nodes without any link wait in rows below the network instead of drifting off. */
function placeIsolated() {
  var lonely = data.nodes.filter(function (n) { return n.isolated; })
    .sort(function (a, b) { return a.label.localeCompare(b.label, LANG); });
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

/* ---- the overview ("home") and relayout after a change of window, sidebar or mode ---- */
var home = null, framed = null;  /* the overview's view; the nodes the view is fitted to, if any */
/* The overview frames every node with room around for labels. Measured on the nodes alone (vis
   fit() also counts the labels as last drawn), so the same stage always gives the same picture. */
function measureHome() {
  px = labelPx();
  var x0 = Infinity, x1 = -Infinity, y0 = Infinity, y1 = -Infinity;
  data.nodes.forEach(function (n) {  /* hidden ones too: a filter does not move the overview */
    var p = network.body.nodes[n.i];
    x0 = Math.min(x0, p.x - n.size); x1 = Math.max(x1, p.x + n.size);
    y0 = Math.min(y0, p.y - n.size); y1 = Math.max(y1, p.y + n.size);
  });
  var W = container.clientWidth - 6 * px.low, H = container.clientHeight - 5 * px.low;
  var scale = data.nodes.length ? Math.min(1, Math.max(W, 50) / Math.max(x1 - x0, 1), Math.max(H, 50) / Math.max(y1 - y0, 1)) : 1;
  home = { position: data.nodes.length ? { x: (x0 + x1) / 2, y: (y0 + y1) / 2 } : { x: 0, y: 0 }, scale: scale };
  network.moveTo(home);
  api.overviewScale = overview = zoom = home.scale;
}
var laidOutFor = "";
function relayout(force) {
  var w = container.clientWidth, h = container.clientHeight;
  if (!api.ready || w < 50 || h < 50) return;
  var key = [w, h, window.innerWidth, window.innerHeight, present].join("|");
  if (key === laidOutFor && !force) return;
  laidOutFor = key;
  network.setSize("100%", "100%");
  restretch();
  measureHome();
  layoutLabels();
  restyle(false);
  edgeSize = 0;
  fitLabels();
  if (framed) frame(framed, false); else moveView({ position: home.position, scale: home.scale }, false);
  refocus();
  restyleEdges();
  api.layoutCount++;
  api.viewport = [w, h];
  network.redraw();
}
var resizeFrame = 0;
function onResize() { if (!resizeFrame) resizeFrame = requestAnimationFrame(function () { resizeFrame = 0; relayout(false); }); }
var resizeWatch = window.ResizeObserver ? new ResizeObserver(onResize) : null;
if (resizeWatch) resizeWatch.observe(container);
window.addEventListener("resize", onResize);

/* ---- ready: after the layout settled, the labels are placed and the first picture is drawn ---- */
var animating = false;
function markReady() {
  if (api.ready) return;
  api.readyMs = Math.round(performance.now() - started);
  api.ready = true;
  document.body.setAttribute("data-ready", "1");
  laidOutFor = [container.clientWidth, container.clientHeight, window.innerWidth, window.innerHeight, present].join("|");
  api.viewport = [container.clientWidth, container.clientHeight];
}
/* api.whenIdle() resolves once nothing is pending (no animation, relayout or restyle waiting for a
   frame, no redraw requested) and the last change has been drawn: tests and storyboards wait on it. */
function idle() { return api.ready && !animating && !resizeFrame && !zoomFrame && !network.renderer.redrawRequested; }
/* vis-network ends an animation a little short of its target (easing is evaluated past t = 1):
   the page then puts the view exactly where it was meant to go. */
var target = null, lastView = null;
/* vis-network animates frame by frame: on large views each frame is slow, so they jump instead */
var ANIMATE = data.nodes.length <= 600 && data.edges.length <= 3000;
function moveView(move, animate) {
  animate = animate && ANIMATE;
  target = animate ? move : null;
  lastView = move;
  animating = !!animate;
  network.moveTo(animate ? Object.assign({ animation: { duration: 450, easingFunction: "easeInOutQuad" } }, move) : move);
}
/* once the user pans or zooms, labels are fitted to the view as it is */
network.on("zoom", function () { lastView = null; });
network.on("dragEnd", function () { lastView = null; });
network.on("animationFinished", function () {
  if (target) network.moveTo(target);
  target = null; animating = false;
  network.redraw();
});
api.whenIdle = function () {
  return new Promise(function (resolve) {
    var drawn = false;
    network.once("afterDrawing", function () { drawn = true; });
    network.redraw();
    (function check() { if (drawn && idle()) resolve(true); else requestAnimationFrame(check); })();
  });
};
function settle() {
  network.setOptions({ physics: false });
  if (!meta.positions) { widen(); placeIsolated(); settled = network.getPositions(); }
  measureHome();
  var t0 = performance.now();
  layoutLabels();
  api.labelMs = Math.round(performance.now() - t0);
  restyle(true);
  restyleEdges();
  fitLabels();
  network.once("afterDrawing", markReady);
  network.redraw();
}
