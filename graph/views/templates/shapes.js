/* Part 2: every node is drawn here (vis-network's "custom" shape), so that each kind has a shape of
   its own (palette.py names them) and a label can sit on any side of its node. */
function polygon(ctx, x, y, r, corners, turn) {
  for (var k = 0; k < corners; k++) {
    var a = turn + 2 * Math.PI * k / corners;
    if (k) ctx.lineTo(x + r * Math.cos(a), y + r * Math.sin(a)); else ctx.moveTo(x + r * Math.cos(a), y + r * Math.sin(a));
  }
  ctx.closePath();
}
var SHAPES = {
  dot: function (ctx, x, y, r) { ctx.arc(x, y, r, 0, 2 * Math.PI); },
  square: function (ctx, x, y, r) { ctx.rect(x - 0.9 * r, y - 0.9 * r, 1.8 * r, 1.8 * r); },
  triangle: function (ctx, x, y, r) { polygon(ctx, x, y + 0.2 * r, 1.25 * r, 3, -Math.PI / 2); },
  triangleDown: function (ctx, x, y, r) { polygon(ctx, x, y - 0.2 * r, 1.25 * r, 3, Math.PI / 2); },
  diamond: function (ctx, x, y, r) { polygon(ctx, x, y, 1.2 * r, 4, 0); },
  pentagon: function (ctx, x, y, r) { polygon(ctx, x, y, 1.1 * r, 5, -Math.PI / 2); },
  hexagon: function (ctx, x, y, r) { polygon(ctx, x, y, 1.05 * r, 6, 0); },
  octagon: function (ctx, x, y, r) { polygon(ctx, x, y, 1.05 * r, 8, Math.PI / 8); },
  star: function (ctx, x, y, r) {
    for (var k = 0; k < 10; k++) {
      var a = -Math.PI / 2 + Math.PI * k / 5, q = k % 2 ? 0.5 * r : 1.3 * r;
      if (k) ctx.lineTo(x + q * Math.cos(a), y + 0.15 * r + q * Math.sin(a)); else ctx.moveTo(x + q * Math.cos(a), y + 0.15 * r + q * Math.sin(a));
    }
    ctx.closePath();
  },
  cross: function (ctx, x, y, r) {
    var a = 0.38 * r, b = r;
    ctx.moveTo(x - a, y - b); ctx.lineTo(x + a, y - b); ctx.lineTo(x + a, y - a); ctx.lineTo(x + b, y - a);
    ctx.lineTo(x + b, y + a); ctx.lineTo(x + a, y + a); ctx.lineTo(x + a, y + b); ctx.lineTo(x - a, y + b);
    ctx.lineTo(x - a, y + a); ctx.lineTo(x - b, y + a); ctx.lineTo(x - b, y - a); ctx.lineTo(x - a, y - a);
    ctx.closePath();
  },
  house: function (ctx, x, y, r) {  /* a town hall: walls under a roof */
    ctx.moveTo(x, y - 1.15 * r); ctx.lineTo(x + 1.05 * r, y - 0.2 * r); ctx.lineTo(x + 0.8 * r, y - 0.2 * r);
    ctx.lineTo(x + 0.8 * r, y + 0.95 * r); ctx.lineTo(x - 0.8 * r, y + 0.95 * r); ctx.lineTo(x - 0.8 * r, y - 0.2 * r);
    ctx.lineTo(x - 1.05 * r, y - 0.2 * r); ctx.closePath();
  },
  ring: function (ctx, x, y, r) {  /* drawn with the even-odd rule: the inner circle is a hole */
    ctx.arc(x, y, r, 0, 2 * Math.PI); ctx.moveTo(x + 0.5 * r, y); ctx.arc(x, y, 0.5 * r, 0, 2 * Math.PI, true);
  }
};
/* Where each node's label sits (labels.js decides): 0 below, 1 above, 2 right, 3 left, then the
   corners 4 below right, 5 below left, 6 above right, 7 above left. */
var sideOf = new Map(), LABEL_GAP = 4, SIDES = 8;
/* The centre of a label box w x h on `side` of a node of radius r at (x, y), g apart, all in one unit. */
function labelCentre(side, x, y, r, w, h, g) {
  var d = r + g, c = 0.72 * r + g;
  switch (side) {
    case 0: return [x, y + d + h / 2];
    case 1: return [x, y - d - h / 2];
    case 2: return [x + d + w / 2, y];
    case 3: return [x - d - w / 2, y];
    case 4: return [x + c + w / 2, y + c + h / 2];
    case 5: return [x - c - w / 2, y + c + h / 2];
    case 6: return [x + c + w / 2, y - c - h / 2];
    default: return [x - c - w / 2, y - c - h / 2];
  }
}
function drawNode(args) {
  var ctx = args.ctx, x = args.x, y = args.y, style = args.style, id = args.id, node = byId.get(id);
  var shape = SHAPES[styleOf(node.kind).shape] || SHAPES.dot, r = style.size;
  return {
    drawNode: function () {
      ctx.beginPath();
      shape(ctx, x, y, r);
      ctx.fillStyle = style.color;
      ctx.fill("evenodd");
      ctx.lineWidth = style.borderWidth;
      ctx.strokeStyle = style.borderColor;
      ctx.lineJoin = "round";
      ctx.stroke();
    },
    drawExternalLabel: function () { drawLabel(ctx, id, x, y, r, args.state); },
    nodeDimensions: { width: 2 * r, height: 2 * r }
  };
}
/* vis-network's own label module draws the text (font, stroke, zoom threshold); only the place is ours. */
function drawLabel(ctx, id, x, y, r, state) {
  var body = network.body.nodes[id];
  if (!body || body.options.label === undefined) return;
  var lm = body.labelModule, side = sideOf.get(id) || 0;
  lm.calculateLabelSize(ctx, state.selected, state.hover, x, y, "middle");
  var at = labelCentre(side, x, y, r, lm.size.width, lm.size.height, LABEL_GAP);
  lm.draw(ctx, at[0], at[1], state.selected, state.hover, "middle");
  body.shape.updateBoundingBox(x, y);
}
