"use strict";
(function () {
  var errBox = document.getElementById("js-errors");
  function reportError(msg) {
    errBox.hidden = false;
    errBox.textContent += msg + "\n";
    document.body.setAttribute("data-errors", "1");
  }
  window.addEventListener("error", function (e) { reportError("error: " + e.message + " at " + (e.filename || "") + ":" + (e.lineno || "")); });
  document.addEventListener("securitypolicyviolation", function (e) { reportError("blocked by the page's content security policy: " + e.violatedDirective + " " + e.blockedURI); });
  window.addEventListener("unhandledrejection", function (e) { reportError("unhandled rejection: " + e.reason); });
  var consoleError = console.error;
  console.error = function () { reportError("console.error: " + Array.prototype.join.call(arguments, " ")); consoleError.apply(console, arguments); };

  var SVGNS = "http://www.w3.org/2000/svg";
  var t0 = performance.now();
  var wrapper = JSON.parse(document.getElementById("report-data").textContent);
  var D = wrapper.data;
  var usTime = D.timeUnit === "us";
  var MAX_ELEMENTS = 6000;

  // ---------- helpers ----------
  function $(id) { return document.getElementById(id); }
  function el(tag, attrs, parent, text) {
    var e = document.createElementNS(SVGNS, tag);
    if (attrs) for (var k in attrs) e.setAttribute(k, attrs[k]);
    if (text != null) e.textContent = text;
    if (parent) parent.appendChild(e);
    return e;
  }
  function h(tag, attrs, parent, text) {
    var e = document.createElement(tag);
    if (attrs) for (var k in attrs) e.setAttribute(k, attrs[k]);
    if (text != null) e.textContent = text;
    if (parent) parent.appendChild(e);
    return e;
  }
  function clear(e) { while (e.firstChild) e.removeChild(e.firstChild); }
  function fmtT(t) { // page time unit to text
    if (!usTime) return "#" + Math.round(t);
    if (Math.abs(t) >= 1e6) return (t / 1e6).toFixed(3) + " s";
    if (Math.abs(t) >= 1e3) return (t / 1e3).toFixed(3) + " ms";
    return Math.round(t) + " µs";
  }
  function fmtDur(d) { return usTime ? fmtT(d) : d + " positions"; }
  function widthOf(node) { var w = node.clientWidth || node.parentNode.clientWidth || 1200; return Math.max(400, w); }
  function niceStep(span, n) {
    var raw = span / n, p = Math.pow(10, Math.floor(Math.log10(raw))), m = raw / p;
    return (m < 1.5 ? 1 : m < 3.5 ? 2 : m < 7.5 ? 5 : 10) * p;
  }
  function axis(svg, x0, x1, width, left, y, height) {
    var g = el("g", { "class": "axis" }, svg);
    var step = niceStep(x1 - x0, Math.max(2, Math.floor((width - left) / 110)));
    for (var t = Math.ceil(x0 / step) * step; t <= x1; t += step) {
      var x = left + (t - x0) / (x1 - x0) * (width - left);
      el("line", { x1: x, x2: x, y1: y, y2: y + height, "class": "grid" }, g);
      el("text", { x: x + 2, y: y + 10 }, g, fmtT(t));
    }
    return g;
  }
  var tip = $("tip");
  function showTip(ev, text) {
    tip.textContent = text; tip.hidden = false;
    var x = Math.min(ev.clientX + 14, window.innerWidth - 420), y = ev.clientY + 14;
    if (y > window.innerHeight - 80) y = ev.clientY - 60;
    tip.style.left = x + "px"; tip.style.top = y + "px";
  }
  function hideTip() { tip.hidden = true; }

  // ---------- decode the op columns ----------
  var O = D.ops, n = O.n;
  var start = new Float64Array(n), end = new Float64Array(n), index = new Float64Array(n);
  var acc = 0, accIx = 0, lastEnd = O.end;
  for (var i = 0; i < n; i++) {
    acc += O.t0[i]; start[i] = acc;
    accIx += O.ix[i]; index[i] = accIx;
    end[i] = O.d[i] < 0 ? -1 : acc + O.d[i];
    if (end[i] > lastEnd) lastEnd = end[i];
  }
  for (i = 0; i < n; i++) if (end[i] < 0) end[i] = lastEnd;
  var T_END = Math.max(lastEnd, 1);
  var TYPE = { o: "ok", f: "fail", i: "info" };
  var lanes = D.lanes, laneOps = lanes.map(function () { return []; });
  for (i = 0; i < n; i++) laneOps[O.p[i]].push(i);
  var byIndex = new Map();
  for (i = 0; i < n; i++) byIndex.set(index[i], i);
  function opText(i) {
    var s = "#" + index[i] + "  process " + lanes[O.p[i]] + "  :" + O.fs[O.f[i]] + " " + O.v[i] + "  → " + TYPE[O.ty[i]];
    s += "\ninvoked " + fmtT(start[i]) + ", " + (O.d[i] < 0 ? "never completed" : "completed " + fmtT(end[i]) + " (" + fmtDur(O.d[i]) + ")");
    if (O.node[i] >= 0) s += "\nnode " + O.nodes[O.node[i]];
    if (O.err[i] >= 0) s += "   error " + O.errs[O.err[i]];
    if (hlRole.has(i)) s += "\n" + hlRole.get(i);
    return s;
  }

  // ---------- findings: which ops to highlight ----------
  var hlRole = new Map(), prefixOps = new Set(), hlList = [];
  var focus = null; // {i, label}
  function role(ix, text, prefix) {
    var i = byIndex.get(ix);
    if (i === undefined) return;
    if (prefix) { prefixOps.add(i); if (!hlRole.has(i)) hlRole.set(i, text); return; }
    hlRole.set(i, text); if (hlList.indexOf(i) < 0) hlList.push(i);
  }
  (D.checkers || []).forEach(function (c) {
    (c.findings || []).forEach(function (f) {
      var e = f.explanation;
      if (e && e.type === "unlinearizable") {
        (e.prefixTailOps || []).forEach(function (ix) { role(ix, "in the longest linearizable prefix (" + e.prefixCalls + " calls)", true); });
        role(e.stuckOp, "cannot be linearized: " + e.expected);
        (e.concurrentOps || []).forEach(function (ix) { role(ix, "concurrent, not linearized before the stuck op"); });
        if (!focus) focus = byIndex.get(e.stuckOp);
      } else if (e && e.type === "cycle") {
        e.ops.forEach(function (ix, k) { role(ix, f.kind + " cycle member T" + k); });
      } else {
        (f.ops || []).slice(0, 200).forEach(function (ix) { role(ix, f.kind + (f.key ? " [key " + f.key + "]" : "")); });
      }
    });
  });
  hlList.sort(function (a, b) { return start[a] - start[b]; });
  if (focus == null && hlList.length) focus = hlList[0];

  // ---------- header ----------
  (function header() {
    var m = D.meta, s = $("summary");
    var p = h("p", null, s);
    h("span", { "class": "badge " + m.outcome }, p, m.outcome.toUpperCase());
    h("span", null, p, m.kind === "history" ? "history checked by paxsim check" : m.scenario);
    var dl = h("dl", { "class": "meta" }, s);
    function row(k, v, code) { if (v === undefined || v === null || v === "") return; h("dt", null, dl, k); var dd = h("dd", null, dl); if (code) h("code", null, dd, String(v)); else dd.textContent = String(v); }
    row("failure", m.failure);
    row("seed", m.seed);
    row("trace hash", m.traceHash, true);
    row("replay", m.replay, true);
    row("ops", n + " client ops in " + lanes.length + " process lanes, " + D.nemesisOps + " nemesis ops, over " + fmtT(T_END));
    if (D.metrics) row("metrics", D.metrics.leaderChanges + " leader changes, p50 " + D.metrics.latencyMicros.p50 + " µs, p99 " + D.metrics.latencyMicros.p99 + " µs, " + Math.round(D.metrics.throughputOpsPerSecond) + " ops/s (simulated)");
  })();

  function opButton(parent, i, label) {
    var b = h("button", { type: "button", "class": "oplink", title: "show it on the timeline" }, parent, label || ("#" + index[i]));
    b.addEventListener("click", function () { showOp(i, true); });
    return b;
  }

  // ---------- verdicts ----------
  (function verdicts() {
    var box = $("verdict-list");
    (D.checkers || []).forEach(function (c) {
      var d = h("div", { "class": "checker" }, box);
      var p = h("p", null, d);
      h("span", { "class": "badge " + c.status }, p, c.status.toUpperCase());
      h("strong", null, p, c.checker + " ");
      h("span", null, p, c.summary);
      (c.findings || []).forEach(function (f) {
        var fd = h("div", { "class": "finding" }, d);
        h("strong", null, fd, f.kind + (f.key ? " [key " + f.key + "]" : "") + " ");
        var ops = h("span", null, fd);
        (f.ops || []).slice(0, 24).forEach(function (ix) { var i = byIndex.get(ix); if (i !== undefined) opButton(ops, i); });
        if ((f.ops || []).length > 24) h("span", null, ops, " … " + f.ops.length + " ops");
        h("pre", { "class": "msg" }, fd, f.message);
      });
    });
    if (!(D.checkers || []).length) h("p", null, box, "No verdicts recorded.");
  })();

  // ---------- explanation: linearizability and cycles ----------
  var cycleCount = 0;
  (function explain() {
    var box = $("explain-body"), any = false;
    if (D.meta.steps) { any = true; stepsPanel(box, D.meta); }
    (D.checkers || []).forEach(function (c) {
      (c.findings || []).forEach(function (f) {
        var e = f.explanation;
        if (!e) return;
        any = true;
        if (e.type === "unlinearizable") linPanel(box, c, f, e);
        if (e.type === "cycle") cyclePanel(box, c, f, e);
      });
    });
    if (!any) h("p", null, box, D.meta.outcome === "pass" ? "Every checker passed: nothing to explain." : "The checkers gave no structured explanation; see their messages above.");
  })();

  // An explore counterexample: its actions in order; the page's clock is the step (step i at i ms).
  function stepsPanel(box, m) {
    var d = h("div", { "class": "finding" }, box);
    var kind = m.strategy === "bfs" ? "shortest (breadth-first search)" : m.strategy === "?" ? "" : "found by " + m.strategy + " search, then shrunk";
    h("p", null, d, "Counterexample: " + m.steps.length + " steps" + (kind ? ", " + kind : "") + ". Step i is drawn at i ms on the timeline and in the space-time diagram.");
    var ol = h("ol", { "class": "steps" }, d);
    m.steps.forEach(function (s, i) { h("li", i === m.steps.length - 1 ? { "class": "last" } : null, ol, s); });
    h("pre", { "class": "msg" }, d, m.failure);
  }

  function linPanel(box, c, f, e) {
    var d = h("div", { "class": "lin", id: "lin-panel" }, box);
    h("h3", null, d, c.checker + ": not linearizable" + (f.key ? " (key " + f.key + ")" : ""));
    var i = byIndex.get(e.stuckOp);
    var p = h("p", null, d);
    h("span", null, p, "The op that cannot be linearized: ");
    if (i !== undefined) { opButton(p, i); h("code", null, p, " p" + lanes[O.p[i]] + " :" + O.fs[O.f[i]] + " " + O.v[i]); }
    var ex = h("p", { "class": "expected" }, d);
    h("strong", null, ex, e.expected || "no state of the model explains its result");
    var pp = h("p", null, d, "Longest linearizable prefix: " + e.prefixCalls + " calls; its last " + e.prefixTailOps.length + ": ");
    e.prefixTailOps.forEach(function (ix) { var j = byIndex.get(ix); if (j !== undefined) opButton(pp, j); });
    if (e.concurrentOps.length) {
      var cp = h("p", null, d, "Concurrent ops not linearized there: ");
      e.concurrentOps.forEach(function (ix) { var j = byIndex.get(ix); if (j !== undefined) opButton(cp, j); });
    }
  }

  function cyclePanel(box, c, f, e) {
    var d = h("div", { "class": "cycle-panel" }, box);
    h("h3", null, d, c.checker + ": " + f.kind + " — a cycle of " + e.ops.length + " transactions");
    var k = e.ops.length, R = k === 2 ? 110 : Math.max(90, Math.min(190, 40 * k)), W = 2 * R + (k === 2 ? 620 : 380), H = k === 2 ? 130 : 2 * R + 90;
    var svg = el("svg", { "class": "cycle", id: "cycle-" + (cycleCount++), width: W, height: H, viewBox: "0 0 " + W + " " + H, role: "img", "aria-label": f.kind + " cycle with edges " + e.edges.join(", ") }, d);
    var defs = el("defs", null, svg);
    ["ww", "wr", "rw", "realtime", "process"].forEach(function (kind) {
      var mk = el("marker", { id: "arrow-" + kind + "-" + cycleCount, viewBox: "0 0 10 10", refX: 10, refY: 5, markerWidth: 7, markerHeight: 7, orient: "auto-start-reverse" }, defs);
      el("path", { d: "M0,0 L10,5 L0,10 z", "class": "edge " + kind, style: "fill:currentColor" }, mk);
      mk.firstChild.setAttribute("fill", { ww: "#d64541", wr: "#1f6feb", rw: "#e0a526", realtime: "#555", process: "#7b2cbf" }[kind]);
    });
    var cx = W / 2, cy = H / 2 + 5, pos = [];
    for (var j = 0; j < k; j++) {
      var a = (k === 2 ? Math.PI : -Math.PI / 2) + 2 * Math.PI * j / k;
      pos.push([cx + R * Math.cos(a), cy + R * Math.sin(a)]);
    }
    var r = 22;
    for (j = 0; j < k; j++) {
      var p0 = pos[j], p1 = pos[(j + 1) % k], kind = e.edges[j];
      var dx = p1[0] - p0[0], dy = p1[1] - p0[1], len = Math.hypot(dx, dy) || 1;
      var nx = -dy / len, ny = dx / len, bend = k === 2 ? 28 : 14;
      var sx = p0[0] + dx / len * r, sy = p0[1] + dy / len * r, ex = p1[0] - dx / len * r, ey = p1[1] - dy / len * r;
      var mx = (sx + ex) / 2 + nx * bend, my = (sy + ey) / 2 + ny * bend;
      el("path", { "class": "edge " + kind, d: "M" + sx + "," + sy + " Q" + mx + "," + my + " " + ex + "," + ey, "marker-end": "url(#arrow-" + kind + "-" + cycleCount + ")", "data-kind": kind }, svg);
      el("text", { "class": "edge-label " + kind, x: mx + nx * 10, y: my + ny * 10 + 4, "text-anchor": "middle" }, svg, kind);
    }
    for (j = 0; j < k; j++) {
      var g = el("g", { "class": "txn", tabindex: 0, role: "button", "aria-label": "transaction #" + e.ops[j] + ", show it on the timeline" }, svg);
      el("circle", { cx: pos[j][0], cy: pos[j][1], r: r }, g);
      el("text", { x: pos[j][0], y: pos[j][1] + 4, "text-anchor": "middle", style: "font-size:10px" }, g, "#" + e.ops[j]);
      var oi = byIndex.get(e.ops[j]);
      var label = oi === undefined ? "" : "p" + lanes[O.p[oi]] + " " + O.v[oi];
      var right = pos[j][0] >= cx + 1, left = pos[j][0] <= cx - 1;
      el("text", { x: pos[j][0] + (left ? -r - 4 : r + 4), y: pos[j][1] + 4, "text-anchor": left ? "end" : "start", "class": "lane-label" }, svg, label);
      (function (oi) {
        function go() { if (oi !== undefined) showOp(oi, true); }
        g.addEventListener("click", go);
        g.addEventListener("keydown", function (ev) { if (ev.key === "Enter" || ev.key === " ") { ev.preventDefault(); go(); } });
      })(oi);
    }
    var legend = h("p", { "class": "hint" }, d, "Edges: ww write→write, wr write→read, rw read→later write (anti-dependency), realtime (completed before the other began), process (same process, in order). Click a transaction to see it on the timeline. This cycle: " + e.edges.map(function (x, j) { return "#" + e.ops[j] + " -" + x + "-> #" + e.ops[(j + 1) % k]; }).join(", "));
    return legend;
  }

  // ---------- timeline ----------
  var tl = { v0: 0, v1: T_END, sel: -1 };
  var tlSvg = $("tl"), tlWrap = $("tl-wrap");
  var LEFT = 58;
  var faults = D.faults || [], nemesis = D.nemesis || [], nodeEvents = D.nodeEvents || [];
  var replicas = D.replicas || 0;
  var faultRows = [];
  (function layoutFaults() { // greedy rows so labels of overlapping faults do not collide
    var rowEnds = [];
    faults.forEach(function (f, k) {
      var r = 0; while (r < rowEnds.length && rowEnds[r] > f[0]) r++;
      rowEnds[r] = f[1]; faultRows[k] = r;
    });
    tl.faultRowCount = Math.max(1, rowEnds.length);
  })();
  var leaderSpans = (function () {
    var spans = [], cur = null;
    nodeEvents.forEach(function (e) {
      if (e[2] === "leader") { if (cur) cur.end = e[0]; cur = { node: e[1], start: e[0], end: T_END, detail: e[3] }; spans.push(cur); }
      else if (e[2] === "crash" && cur && cur.node === e[1]) { cur.end = e[0]; cur = null; }
    });
    return spans;
  })();

  function renderTimeline() {
    var W = widthOf(tlWrap), plotW = W - LEFT;
    // Lanes with no op in view are left out: after timeouts Jepsen gives a client a new process, so most lanes of a long run are short.
    var shownLanes = [], rowOfLane = new Int32Array(lanes.length).fill(-1);
    for (var L0 = 0; L0 < lanes.length; L0++) {
      var lo = laneOps[L0], a0 = lowerBound(lo, tl.v0, function (i) { return end[i]; });
      if (a0 < lo.length && start[lo[a0]] <= tl.v1) { rowOfLane[L0] = shownLanes.length; shownLanes.push(L0); }
    }
    var laneH = Math.max(2, Math.min(14, Math.floor(560 / Math.max(1, shownLanes.length))));
    var faultBand = 12 * Math.min(tl.faultRowCount, 6);
    var nodeBand = replicas > 0 ? replicas * 10 + 4 : 0;
    var top = 16 + faultBand + 8 + nodeBand + 8;
    var H = top + shownLanes.length * laneH + 6;
    clear(tlSvg);
    tlSvg.setAttribute("width", W); tlSvg.setAttribute("height", H);
    var v0 = tl.v0, v1 = tl.v1, span = Math.max(v1 - v0, 1e-9);
    function X(t) { return LEFT + (t - v0) / span * plotW; }
    axis(tlSvg, v0, v1, W, LEFT, 0, H);
    // fault shading and labels
    var gF = el("g", { "class": "faults" }, tlSvg);
    faults.forEach(function (f, k) {
      if (f[1] < v0 || f[0] > v1) return;
      var x0 = Math.max(LEFT, X(f[0])), x1 = Math.min(W, X(f[1]));
      var w = Math.max(1, x1 - x0);
      var rect = el("rect", { "class": "fault", x: x0, y: top, width: w, height: H - top, "data-fault": k }, gF);
      var row = Math.min(faultRows[k], 5), y = 16 + row * 12;
      el("rect", { "class": "fault-band", x: x0, y: y, width: w, height: 10, "data-fault": k }, gF);
      if (w > 40) el("text", { "class": "fault-label", x: x0 + 2, y: y + 8.5, "data-fault": k }, gF, f[2].slice(0, Math.floor(w / 6)));
      rect.setAttribute("aria-label", f[2]);
    });
    var gN = el("g", { "class": "nemesis" }, tlSvg), drawn = 0;
    for (var q = lowerBound(nemesis, v0, function (e) { return e[0]; }); q < nemesis.length && nemesis[q][0] <= v1 && drawn < 2000; q++, drawn++) {
      var xn = X(nemesis[q][0]);
      el("line", { "class": "nem", x1: xn, x2: xn, y1: 12, y2: 16, "data-nem": q }, gN);
    }
    // node band: leaders, crashes, restarts, pauses, clock jumps
    if (replicas > 0) {
      var nb = 16 + faultBand + 8, gE = el("g", { "class": "node-events" }, tlSvg);
      for (var r = 0; r < replicas; r++) {
        el("text", { "class": "lane-label", x: 2, y: nb + r * 10 + 8 }, gE, "n" + r);
        el("line", { "class": "node-line", x1: LEFT, x2: W, y1: nb + r * 10 + 5, y2: nb + r * 10 + 5 }, gE);
      }
      leaderSpans.forEach(function (s, k) {
        if (s.end < v0 || s.start > v1 || s.node >= replicas) return;
        var x0 = Math.max(LEFT, X(s.start)), x1 = Math.min(W, X(s.end));
        el("rect", { "class": "leader", x: x0, y: nb + s.node * 10 + 1, width: Math.max(2, x1 - x0), height: 8, "data-leader": k }, gE);
      });
      var shown = 0;
      for (var j = lowerBound(nodeEvents, v0, function (e) { return e[0]; }); j < nodeEvents.length && nodeEvents[j][0] <= v1 && shown < 3000; j++) {
        var ev = nodeEvents[j]; if (ev[2] === "leader" || ev[1] >= replicas) continue;
        var x = X(ev[0]), y = nb + ev[1] * 10 + 5; shown++;
        if (ev[2] === "crash") { el("path", { "class": "crash", d: "M" + (x - 4) + "," + (y - 4) + "L" + (x + 4) + "," + (y + 4) + "M" + (x - 4) + "," + (y + 4) + "L" + (x + 4) + "," + (y - 4), "data-ev": j }, gE); }
        else if (ev[2] === "restart") { el("path", { "class": "restart", d: "M" + (x - 4) + "," + (y + 4) + "L" + x + "," + (y - 4) + "L" + (x + 4) + "," + (y + 4) + "z", "data-ev": j }, gE); }
        else { el("circle", { "class": ev[2] === "clock" ? "clock" : "pause", cx: x, cy: y, r: 3, "data-ev": j }, gE); }
      }
    }
    // lanes
    var gL = el("g", { "class": "lanes" }, tlSvg), budget = MAX_ELEMENTS, total = 0;
    var labelEvery = laneH >= 9 ? 1 : Math.ceil(9 / laneH), gap = laneH >= 6 ? 2 : 0;
    for (var row = 0; row < shownLanes.length; row++) {
      var L = shownLanes[row], y0 = top + row * laneH;
      var g = el("g", { "class": "lane", "data-lane": lanes[L] }, gL);
      if (row % 2 === 0) el("rect", { "class": "lane-bg", x: LEFT, y: y0, width: plotW, height: laneH }, g);
      if (row % labelEvery === 0) el("text", { "class": "lane-label", x: 2, y: y0 + Math.min(laneH, 10) - 1 }, g, "p" + lanes[L]);
      var ops = laneOps[L];
      var a = lowerBound(ops, v0, function (i) { return end[i]; });
      var runX0 = -1, runX1 = -1, runType = "", runCount = 0, runFirst = -1, runKinds = { ok: 0, fail: 0, info: 0 };
      function flush() {
        if (runCount === 0) return;
        var major = runKinds.ok >= runKinds.fail && runKinds.ok >= runKinds.info ? "ok" : runKinds.fail >= runKinds.info ? "fail" : "info";
        var attrs = { "class": "op " + (runCount > 1 ? major + " agg" : runType), x: runX0, y: y0 + gap / 2, width: Math.max(1, runX1 - runX0), height: laneH - gap };
        if (runCount > 1) attrs["data-agg"] = runCount + ":" + runFirst + ":" + runKinds.ok + ":" + runKinds.fail + ":" + runKinds.info; else attrs["data-i"] = runFirst;
        el("rect", attrs, g); total++; runCount = 0; runKinds = { ok: 0, fail: 0, info: 0 };
      }
      for (var b = a; b < ops.length && start[ops[b]] <= v1; b++) {
        var i = ops[b];
        if (hlRole.has(i) || i === tl.sel) continue; // drawn on top below
        var x0 = Math.max(LEFT, X(start[i])), x1 = Math.min(W, X(end[i])), t = TYPE[O.ty[i]];
        var mergeGap = total > budget ? 3 : 1;
        if (runCount > 0 && x0 <= runX1 + mergeGap && (x1 - x0 < 2 || runX1 - runX0 < 2)) {
          runX1 = Math.max(runX1, x1); runCount++; runKinds[t]++;
          continue;
        }
        flush();
        runX0 = x0; runX1 = x1; runType = t; runCount = 1; runFirst = i; runKinds[t]++;
      }
      flush();
    }
    // highlighted and selected ops on top, at least 3 px wide
    var gH = el("g", { "class": "highlights" }, tlSvg);
    hlRole.forEach(function (text, i) { drawTop(gH, i, prefixOps.has(i) ? "prefix" : "hl"); });
    if (tl.sel >= 0 && !hlRole.has(tl.sel)) drawTop(gH, tl.sel, TYPE[O.ty[tl.sel]]);
    function drawTop(g, i, cls) {
      if (end[i] < v0 || start[i] > v1) return;
      if (rowOfLane[O.p[i]] < 0) return;
      var x0 = Math.max(LEFT, X(start[i])), x1 = Math.min(W, X(end[i])), y0 = top + rowOfLane[O.p[i]] * laneH;
      el("rect", { "class": "op " + cls + (i === tl.sel ? " sel" : ""), x: Math.min(x0, x1 - 3), y: y0, width: Math.max(3, x1 - x0), height: Math.max(2, laneH), "data-i": i }, g);
    }
    if (focus != null && usTime) {
      [start[focus], end[focus]].forEach(function (t) { if (t >= v0 && t <= v1) el("line", { "class": "focus-line", x1: X(t), x2: X(t), y1: top, y2: H }, tlSvg); });
    }
    $("tl-range").textContent = "showing " + fmtT(v0) + " – " + fmtT(v1) + ", " + shownLanes.length + " of " + lanes.length + " process lanes (lanes with no op in view are left out)";
    renderPerf();
  }

  function lowerBound(arr, v, key) { var lo = 0, hi = arr.length; while (lo < hi) { var mid = (lo + hi) >> 1; if (key(arr[mid]) < v) lo = mid + 1; else hi = mid; } return lo; }

  function tipFor(target) {
    var d = target.dataset;
    if (d.i !== undefined) return opText(+d.i);
    if (d.agg !== undefined) { var p = d.agg.split(":"); return p[0] + " ops drawn as one bar (" + p[2] + " ok, " + p[3] + " fail, " + p[4] + " info; coloured by the most common; zoom in to see each). First:\n" + opText(+p[1]); }
    if (d.fault !== undefined) { var f = faults[+d.fault]; return "fault " + f[2] + (f[3] ? "\nnodes " + f[3] : "") + "\n" + fmtT(f[0]) + " – " + fmtT(f[1]) + " (" + fmtDur(f[1] - f[0]) + ")"; }
    if (d.nem !== undefined) { var e = nemesis[+d.nem]; return "nemesis at " + fmtT(e[0]) + ": " + e[1]; }
    if (d.leader !== undefined) { var s = leaderSpans[+d.leader]; return "n" + s.node + " leads from " + fmtT(s.start) + " to " + fmtT(s.end) + "\n" + s.detail; }
    if (d.ev !== undefined) { var ev = nodeEvents[+d.ev]; return "n" + ev[1] + " " + ev[2] + " at " + fmtT(ev[0]) + (ev[3] ? "\n" + ev[3] : ""); }
    return null;
  }
  tlSvg.addEventListener("mousemove", function (ev) { var t = tipFor(ev.target); if (t) showTip(ev, t); else hideTip(); });
  tlSvg.addEventListener("mouseleave", hideTip);
  tlSvg.addEventListener("click", function (ev) { var d = ev.target.dataset; if (d && d.i !== undefined) select(+d.i); });

  function setView(v0, v1) {
    var span = Math.max(v1 - v0, usTime ? 1 : 1);
    if (span > T_END * 1.02) { v0 = 0; v1 = T_END; span = T_END; }
    if (v0 < 0) { v1 -= v0; v0 = 0; }
    if (v1 > T_END) { v0 -= v1 - T_END; v1 = T_END; if (v0 < 0) v0 = 0; }
    tl.v0 = v0; tl.v1 = Math.max(v1, v0 + span * 0 + 1e-6);
    renderTimeline();
  }
  function zoom(factor, centre) {
    var c = centre == null ? (tl.v0 + tl.v1) / 2 : centre, s = (tl.v1 - tl.v0) * factor;
    setView(c - (c - tl.v0) * factor, c - (c - tl.v0) * factor + s);
  }
  function pan(frac) { var s = tl.v1 - tl.v0; setView(tl.v0 + s * frac, tl.v1 + s * frac); }
  function select(i) {
    tl.sel = i;
    $("op-detail").textContent = opText(i);
    renderTimeline();
  }
  function showOp(i, scroll) {
    var d = Math.max(end[i] - start[i], 1), pad = Math.max(d * 4, usTime ? 2000 : 10);
    tl.sel = i;
    $("op-detail").textContent = opText(i);
    setView(start[i] - pad, end[i] + pad);
    if (scroll) tlWrap.scrollIntoView({ block: "center" });
    tlWrap.focus({ preventScroll: true });
  }
  function stepOp(dir) { // next/previous op starting in view after the selection
    var from = tl.sel >= 0 ? tl.sel : -1, cand = -1;
    if (dir > 0) { for (var i = from + 1; i < n; i++) if (start[i] >= tl.v0 && start[i] <= tl.v1) { cand = i; break; } }
    else { for (var j = (from < 0 ? n : from) - 1; j >= 0; j--) if (start[j] >= tl.v0 && start[j] <= tl.v1) { cand = j; break; } }
    if (cand >= 0) select(cand);
  }
  $("tl-in").onclick = function () { zoom(0.5); };
  $("tl-out").onclick = function () { zoom(2); };
  $("tl-left").onclick = function () { pan(-0.25); };
  $("tl-right").onclick = function () { pan(0.25); };
  $("tl-fit").onclick = function () { setView(0, T_END); };
  var hlCursor = -1;
  $("tl-next-hl").onclick = function () { if (!hlList.length) { $("op-detail").textContent = "No op is highlighted: every checker passed or named no ops."; return; } hlCursor = (hlCursor + 1) % hlList.length; showOp(hlList[hlCursor], false); };
  if (!hlList.length) $("tl-next-hl").disabled = true;
  $("tl-goto").addEventListener("change", function () { var i = byIndex.get(+this.value); if (i === undefined) { $("op-detail").textContent = "No client op invoked at index " + this.value + "."; return; } showOp(i, false); });
  tlWrap.addEventListener("keydown", function (ev) {
    var k = ev.key, done = true;
    if (k === "+" || k === "=") zoom(0.5); else if (k === "-" || k === "_") zoom(2);
    else if (k === "ArrowLeft") pan(-0.2); else if (k === "ArrowRight") pan(0.2);
    else if (k === "Home") setView(0, T_END);
    else if (k === "n" || k === "N") stepOp(1); else if (k === "p" || k === "P") stepOp(-1);
    else done = false;
    if (done) ev.preventDefault();
  });
  tlWrap.addEventListener("wheel", function (ev) {
    ev.preventDefault();
    var rect = tlSvg.getBoundingClientRect(), W = rect.width - LEFT;
    var c = tl.v0 + Math.max(0, ev.clientX - rect.left - LEFT) / W * (tl.v1 - tl.v0);
    zoom(ev.deltaY > 0 ? 1.25 : 0.8, c);
  }, { passive: false });
  (function drag() {
    var x = null, v = null;
    tlWrap.addEventListener("mousedown", function (ev) { x = ev.clientX; v = [tl.v0, tl.v1]; });
    window.addEventListener("mouseup", function () { x = null; });
    window.addEventListener("mousemove", function (ev) {
      if (x === null || Math.abs(ev.clientX - x) < 3) return;
      var W = tlSvg.getBoundingClientRect().width - LEFT, dt = (x - ev.clientX) / W * (v[1] - v[0]);
      setView(v[0] + dt, v[1] + dt);
    });
  })();

  // ---------- latency and throughput over the view; CDF ----------
  var okLat = null;
  function renderPerf() {
    var W = widthOf($("lat").parentNode), plotW = W - LEFT, B = Math.max(20, Math.min(240, Math.floor(plotW / 4)));
    var v0 = tl.v0, v1 = tl.v1, bw = (v1 - v0) / B;
    var lat = []; for (var b = 0; b < B; b++) lat.push([]);
    var okC = new Float64Array(B), failC = new Float64Array(B);
    for (var i = 0; i < n; i++) {
      if (O.d[i] < 0 || end[i] < v0 || end[i] >= v1) continue;
      var k = Math.floor((end[i] - v0) / bw);
      if (O.ty[i] === "o") { okC[k]++; lat[k].push(O.d[i]); } else if (O.ty[i] === "f") failC[k]++;
    }
    var p50 = [], p99 = [], mx = [], maxLat = 1;
    for (b = 0; b < B; b++) {
      var a = lat[b]; if (!a.length) { p50.push(null); p99.push(null); mx.push(null); continue; }
      a.sort(function (x, y) { return x - y; });
      p50.push(a[Math.floor(a.length * 0.5)]); p99.push(a[Math.min(a.length - 1, Math.floor(a.length * 0.99))]); mx.push(a[a.length - 1]);
      if (a[a.length - 1] > maxLat) maxLat = a[a.length - 1];
    }
    var H = 170, svg = $("lat"); clear(svg); svg.setAttribute("width", W); svg.setAttribute("height", H);
    shadeFaults(svg, v0, v1, W, H);
    axis(svg, v0, v1, W, LEFT, 0, H);
    var logMax = Math.log10(maxLat + 1);
    function Y(v) { return H - 14 - Math.log10(v + 1) / logMax * (H - 30); }
    [1, 10, 100, 1e3, 1e4, 1e5, 1e6, 1e7].forEach(function (v) { if (v <= maxLat * 1.5) { el("line", { "class": "grid", x1: LEFT, x2: W, y1: Y(v), y2: Y(v) }, svg); el("text", { "class": "lane-label", x: 2, y: Y(v) + 3 }, svg, fmtDur(v)); } });
    [[p50, "lat50"], [p99, "lat99"], [mx, "latmax"]].forEach(function (s) {
      var d = "", pen = false;
      for (var b = 0; b < B; b++) {
        if (s[0][b] == null) { pen = false; continue; } // no completions: a gap, not a line across it
        var x = LEFT + (b + 0.5) / B * plotW, y = Y(s[0][b]).toFixed(1);
        d += pen ? "L" + x.toFixed(1) + "," + y : "M" + (x - 1.5).toFixed(1) + "," + y + "h3"; // a lone bucket still shows
        pen = true;
      }
      if (d) el("path", { "class": s[1], d: d }, svg);
    });
    $("lat-title").textContent = "Latency (log scale) per bucket of " + fmtDur(bw) + ": blue p50, red p99, grey dashed max";
    var svg2 = $("thr"), H2 = 120; clear(svg2); svg2.setAttribute("width", W); svg2.setAttribute("height", H2);
    shadeFaults(svg2, v0, v1, W, H2);
    axis(svg2, v0, v1, W, LEFT, 0, H2);
    var perSec = usTime ? 1e6 / bw : 1, maxC = 1;
    for (b = 0; b < B; b++) maxC = Math.max(maxC, (okC[b] + failC[b]) * perSec);
    var bwPx = plotW / B;
    for (b = 0; b < B; b++) {
      var hOk = okC[b] * perSec / maxC * (H2 - 30), hF = failC[b] * perSec / maxC * (H2 - 30);
      if (hOk > 0) el("rect", { "class": "thr-ok", x: LEFT + b * bwPx, y: H2 - 14 - hOk, width: Math.max(1, bwPx - 0.5), height: hOk }, svg2);
      if (hF > 0) el("rect", { "class": "thr-fail", x: LEFT + b * bwPx, y: H2 - 14 - hOk - hF, width: Math.max(1, bwPx - 0.5), height: hF }, svg2);
    }
    $("thr-title").textContent = "Throughput: ok (green) and failed (red) completions" + (usTime ? " per simulated second; peak " + Math.round(maxC) + " ops/s" : " per bucket");
    el("text", { "class": "lane-label", x: 2, y: 36 }, svg2, usTime ? Math.round(maxC) + "/s" : Math.round(maxC));
  }
  function shadeFaults(svg, v0, v1, W, H) {
    var plotW = W - LEFT;
    faults.forEach(function (f, k) {
      if (f[1] < v0 || f[0] > v1) return;
      var x0 = Math.max(LEFT, LEFT + (f[0] - v0) / (v1 - v0) * plotW), x1 = Math.min(W, LEFT + (f[1] - v0) / (v1 - v0) * plotW);
      el("rect", { "class": "fault", x: x0, y: 0, width: Math.max(1, x1 - x0), height: H, "data-fault": k }, svg);
    });
  }
  function renderCdf() {
    var byF = new Map();
    for (var i = 0; i < n; i++) if (O.ty[i] === "o" && O.d[i] >= 0) { var f = O.fs[O.f[i]]; if (!byF.has(f)) byF.set(f, []); byF.get(f).push(O.d[i]); }
    var W = widthOf($("cdf").parentNode), H = 220, svg = $("cdf"); clear(svg); svg.setAttribute("width", W); svg.setAttribute("height", H);
    var maxLat = 1; byF.forEach(function (a) { a.sort(function (x, y) { return x - y; }); maxLat = Math.max(maxLat, a[a.length - 1]); });
    var logMax = Math.log10(maxLat + 1), plotW = W - LEFT - 330;
    function X(v) { return LEFT + Math.log10(v + 1) / logMax * plotW; }
    function Y(p) { return H - 20 - p * (H - 34); }
    [1, 10, 100, 1e3, 1e4, 1e5, 1e6, 1e7].forEach(function (v) { if (v <= maxLat * 1.5) { el("line", { "class": "grid", x1: X(v), x2: X(v), y1: 10, y2: H - 20 }, svg); el("text", { "class": "lane-label", x: X(v) + 2, y: H - 6 }, svg, fmtDur(v)); } });
    [0, 0.5, 0.9, 1].forEach(function (p) { el("line", { "class": "grid", x1: LEFT, x2: LEFT + plotW, y1: Y(p), y2: Y(p) }, svg); el("text", { "class": "lane-label", x: 2, y: Y(p) + 3 }, svg, (p * 100) + "%"); });
    var c = 0;
    byF.forEach(function (a, f) {
      var pts = "", steps = Math.min(a.length, 400);
      for (var s = 0; s <= steps; s++) { var q = s / steps, v = a[Math.min(a.length - 1, Math.floor(q * (a.length - 1)))]; pts += (s ? "L" : "M") + X(v).toFixed(1) + "," + Y(q).toFixed(1); }
      el("path", { "class": "cdfline cdf" + (c % 6), d: pts }, svg);
      el("text", { x: LEFT + plotW + 10, y: 20 + c * 16, "class": "cdf" + (c % 6), style: "fill:currentColor" }, svg, ":" + f + " (" + a.length + " ops, p50 " + fmtDur(a[Math.floor(a.length / 2)]) + ", p99 " + fmtDur(a[Math.floor(a.length * 0.99)]) + ")");
      svg.lastChild.setAttribute("fill", ["#1f6feb", "#d64541", "#3a9d4a", "#7b2cbf", "#e0a526", "#555"][c % 6]);
      c++;
    });
    if (!byF.size) el("text", { x: LEFT, y: 40 }, svg, "no completed ok ops");
  }

  // ---------- space-time diagram from the trace window ----------
  var TR = D.trace || {}, hasTrace = !!TR.t;
  var tt = [], tk = TR.kinds || [], st = {};
  if (hasTrace) {
    var accT = TR.baseNs;
    for (i = 0; i < TR.t.length; i++) { accT += TR.t[i]; tt.push(accT); }
    st.a = tt.length ? tt[0] : TR.fromNs; st.b = tt.length ? tt[tt.length - 1] : TR.toNs;
    if (st.b <= st.a) st.b = st.a + 1000;
    st.lo = st.a; st.hi = st.b;
  }
  function kindOf(j) { return tk[TR.k[j]]; }
  function nsText(ns) { return (ns / 1e6).toFixed(6) + " ms"; }
  if (hasTrace) { // clients shown by default when the diagram stays readable
    var ids = new Set(TR.n.concat(TR.peer).filter(function (x) { return x >= 0; }));
    $("st-clients").checked = ids.size <= 20;
  }
  (function stNote() {
    var note = $("st-note");
    if (!hasTrace) { note.textContent = TR.note || "No trace window in this report."; $("st-wrap").hidden = true; return; }
    note.textContent = TR.note + ". Arrows go from send to delivery (red dashed: dropped; grey dotted: still in flight at the window's end). ✕ crash, ▲ restart, blue ticks: disk syncs. Messages carry no id in the trace: sends are matched to deliveries first-in first-out per sender, receiver and content.";
  })();
  function renderSpaceTime() {
    if (!hasTrace) return;
    var svg = $("st"), W = widthOf($("st-wrap")), plotW = W - LEFT - 10;
    var showClients = $("st-clients").checked, showTimers = $("st-timers").checked, showDisk = $("st-disk").checked;
    var nodesSeen = new Set();
    for (var j = 0; j < TR.n.length; j++) { if (TR.n[j] >= 0) nodesSeen.add(TR.n[j]); if (TR.peer[j] >= 0) nodesSeen.add(TR.peer[j]); }
    var nodes = Array.from(nodesSeen).filter(function (x) { return showClients || replicas === 0 || x < replicas; }).sort(function (a, b) { return a - b; });
    var rowOf = new Map(); nodes.forEach(function (x, r) { rowOf.set(x, r); });
    var rowH = 34, top = 18, H = top + nodes.length * rowH + 10;
    clear(svg); svg.setAttribute("width", W); svg.setAttribute("height", H);
    var lo = st.lo, hi = st.hi, span = Math.max(hi - lo, 1);
    function X(t) { return LEFT + (t - lo) / span * plotW; }
    function Y(node) { return top + rowOf.get(node) * rowH + rowH / 2; }
    var g = el("g", { "class": "axis" }, svg), step = niceStep(span, Math.max(2, Math.floor(plotW / 120)));
    for (var t = Math.ceil(lo / step) * step; t <= hi; t += step) { el("line", { "class": "grid", x1: X(t), x2: X(t), y1: top - 4, y2: H }, g); el("text", { x: X(t) + 2, y: 10 }, g, (t / 1e6).toFixed(3) + " ms"); }
    nodes.forEach(function (x) {
      el("line", { "class": "node-line", x1: LEFT, x2: W - 10, y1: Y(x), y2: Y(x) }, svg);
      el("text", { "class": "lane-label", x: 4, y: Y(x) + 4 }, svg, (replicas && x >= replicas ? "client " : "node ") + x);
    });
    if (usTime && focus != null) [start[focus] * 1000, end[focus] * 1000].forEach(function (t, k) {
      if (t < lo || t > hi) return;
      el("line", { "class": "focus-line", x1: X(t), x2: X(t), y1: top - 4, y2: H }, svg);
      el("text", { "class": "focus-label", x: X(t) + 3, y: H - 4 }, svg, (k ? "#" + index[focus] + " completes" : "#" + index[focus] + " invoked"));
    });
    var gm = el("g", null, svg), ge = el("g", null, svg), drawn = 0, cap = MAX_ELEMENTS, skipped = 0;
    var delivered = new Set();
    for (j = 0; j < tt.length; j++) if (TR.m[j] > 0) delivered.add(j - TR.m[j]);
    var a = lowerBound(tt, lo, function (v) { return v; });
    for (j = a; j < tt.length && tt[j] <= hi; j++) {
      var k = kindOf(j), node = TR.n[j], peer = TR.peer[j];
      if ((k === "DELIVER" || k === "DROP") && TR.m[j] > 0) {
        var s = j - TR.m[j];
        if (!rowOf.has(node) || !rowOf.has(peer)) continue;
        if (drawn++ > cap) { skipped++; continue; }
        el("line", { "class": "msg" + (k === "DROP" ? " drop" : ""), x1: X(Math.max(tt[s], lo)), y1: Y(peer), x2: X(tt[j]), y2: Y(node), "data-r": j }, gm);
      } else if (k === "SEND" && !delivered.has(j) && rowOf.has(node) && rowOf.has(peer)) {
        if (drawn++ > cap) { skipped++; continue; }
        var x1 = X(tt[j]), dx = Math.min(18, W - 10 - x1);
        el("line", { "class": "msg flight", x1: x1, y1: Y(node), x2: x1 + dx, y2: Y(node) + (Y(peer) - Y(node)) * 0.3, "data-r": j }, gm);
      } else if (rowOf.has(node)) {
        var x = X(tt[j]), y = Y(node);
        if (k === "CRASH") el("path", { "class": "crash", d: "M" + (x - 5) + "," + (y - 5) + "L" + (x + 5) + "," + (y + 5) + "M" + (x - 5) + "," + (y + 5) + "L" + (x + 5) + "," + (y - 5), "data-r": j }, ge);
        else if (k === "RESTART" || k === "START") el("path", { "class": "restart", d: "M" + (x - 5) + "," + (y + 5) + "L" + x + "," + (y - 5) + "L" + (x + 5) + "," + (y + 5) + "z", "data-r": j }, ge);
        else if ((k === "FSYNC_DONE") && showDisk) el("line", { "class": "fsync", x1: x, x2: x, y1: y - 7, y2: y + 7, "data-r": j }, ge);
        else if (k === "TIMER" && showTimers) el("circle", { "class": "timer", cx: x, cy: y, r: 2, "data-r": j }, ge);
        else if (k === "PAUSE" || k === "RESUME" || k === "CLOCK") el("circle", { "class": k === "CLOCK" ? "clock" : "pause", cx: x, cy: y, r: 4, "data-r": j }, ge);
      } else if (k === "FAULT" && node < 0) {
        var xf = X(tt[j]);
        el("line", { "class": "nem", x1: xf, x2: xf, y1: top - 4, y2: H, "data-r": j }, ge);
      }
    }
    $("st-from").value = (lo / 1e6).toFixed(3); $("st-to").value = (hi / 1e6).toFixed(3);
    $("st-detail").textContent = skipped ? skipped + " more messages in view are not drawn; zoom in to see them." : "Hover a message or event.";
  }
  function recText(j) {
    var k = kindOf(j), s = nsText(tt[j]) + "  " + k + "  node " + TR.n[j] + (TR.peer[j] >= 0 ? (k === "SEND" ? " → " : " ← ") + TR.peer[j] : "") + "\n" + TR.dict[TR.d[j]];
    if (TR.m[j] > 0) s += "\nsent at " + nsText(tt[j - TR.m[j]]) + " (in flight " + ((tt[j] - tt[j - TR.m[j]]) / 1e3).toFixed(1) + " µs)";
    return s;
  }
  if (hasTrace) {
    $("st").addEventListener("mousemove", function (ev) { var r = ev.target.dataset && ev.target.dataset.r; if (r !== undefined) { showTip(ev, recText(+r)); $("st-detail").textContent = recText(+r); } else hideTip(); });
    $("st").addEventListener("mouseleave", hideTip);
    function stSet(lo, hi) { if (hi - lo < 1000) hi = lo + 1000; st.lo = Math.max(st.a, lo); st.hi = Math.min(st.b, hi); if (st.hi <= st.lo) { st.lo = st.a; st.hi = st.b; } renderSpaceTime(); }
    $("st-apply").onclick = function () { stSet(+$("st-from").value * 1e6, +$("st-to").value * 1e6); };
    $("st-in").onclick = function () { var c = (st.lo + st.hi) / 2, s = (st.hi - st.lo) / 4; stSet(c - s, c + s); };
    $("st-out").onclick = function () { var c = (st.lo + st.hi) / 2, s = st.hi - st.lo; stSet(c - s, c + s); };
    $("st-left").onclick = function () { var s = (st.hi - st.lo) / 4; stSet(st.lo - s, st.hi - s); };
    $("st-right").onclick = function () { var s = (st.hi - st.lo) / 4; stSet(st.lo + s, st.hi + s); };
    $("st-all").onclick = function () { stSet(st.a, st.b); };
    ["st-clients", "st-timers", "st-disk"].forEach(function (id) { $(id).addEventListener("change", renderSpaceTime); });
    $("st-wrap").addEventListener("keydown", function (ev) {
      var m = { "+": "st-in", "=": "st-in", "-": "st-out", ArrowLeft: "st-left", ArrowRight: "st-right", Home: "st-all" }[ev.key];
      if (m) { ev.preventDefault(); $(m).click(); }
    });
    // default view: the op a checker names, from its invocation to its completion with a margin; the whole window is one click away
    if (focus != null && usTime) {
      var f0 = start[focus] * 1000, f1 = end[focus] * 1000, margin = Math.max(300e3, (f1 - f0) * 0.5);
      if (f1 >= st.a && f0 <= st.b) stSet(f0 - margin, f1 + margin);
    } else if (D.meta.kind !== "explore" && st.b - st.a > 3e6) { // an explore counterexample is shown whole
      stSet(st.a, st.a + 3e6); // the window starts just before the event it was chosen for
    }
  }
  ["st-in", "st-out", "st-left", "st-right", "st-all", "st-apply"].forEach(function (id) { if (!hasTrace) $(id).disabled = true; });

  // ---------- event log ----------
  var LOG_ROWS = 1000;
  function fillSelect(sel, values, allLabel) { clear(sel); h("option", { value: "" }, sel, allLabel); values.forEach(function (v) { h("option", { value: String(v) }, sel, String(v)); }); }
  function logSource() { return $("log-src").value === "run" || !hasTrace ? "run" : "trace"; }
  function refreshLogFilters() {
    var nodesSet = new Set(), kinds = new Set();
    if (logSource() === "trace") { for (var j = 0; j < TR.n.length; j++) { nodesSet.add(TR.n[j]); kinds.add(kindOf(j)); } }
    else nodeEvents.forEach(function (e) { nodesSet.add(e[1]); kinds.add(e[2]); });
    fillSelect($("log-node"), Array.from(nodesSet).sort(function (a, b) { return a - b; }), "all nodes");
    fillSelect($("log-kind"), Array.from(kinds).sort(), "all kinds");
  }
  function renderLog() {
    var node = $("log-node").value, kind = $("log-kind").value, text = $("log-text").value.toLowerCase();
    var from = $("log-from").value === "" ? -Infinity : +$("log-from").value * 1e6, to = $("log-to").value === "" ? Infinity : +$("log-to").value * 1e6;
    var body = $("log-table").tBodies[0]; clear(body);
    var matched = 0, rows = [];
    if (logSource() === "trace") {
      for (var j = 0; j < tt.length; j++) {
        if (node !== "" && String(TR.n[j]) !== node) continue;
        if (kind !== "" && kindOf(j) !== kind) continue;
        if (tt[j] < from || tt[j] > to) continue;
        var det = TR.dict[TR.d[j]];
        if (text && det.toLowerCase().indexOf(text) < 0) continue;
        matched++; if (rows.length < LOG_ROWS) rows.push([(tt[j] / 1e6).toFixed(6), TR.n[j], kindOf(j), TR.peer[j] >= 0 ? TR.peer[j] : "", det]);
      }
    } else {
      nodeEvents.forEach(function (e) {
        var ns = e[0] * 1000;
        if (node !== "" && String(e[1]) !== node) return;
        if (kind !== "" && e[2] !== kind) return;
        if (ns < from || ns > to) return;
        if (text && e[3].toLowerCase().indexOf(text) < 0) return;
        matched++; if (rows.length < LOG_ROWS) rows.push([(ns / 1e6).toFixed(3), e[1], e[2], "", e[3]]);
      });
    }
    var frag = document.createDocumentFragment();
    rows.forEach(function (r) { var tr = h("tr", null, frag); r.forEach(function (c) { h("td", null, tr, String(c)); }); });
    body.appendChild(frag);
    var total = logSource() === "trace" ? tt.length : nodeEvents.length;
    $("log-count").textContent = matched + " of " + total + " records match" + (matched > LOG_ROWS ? "; the first " + LOG_ROWS + " are listed (narrow the filter to see others)" : "") + (logSource() === "trace" ? " — " + (TR.note || "") : (D.nodeEventsDropped ? "; " + D.nodeEventsDropped + " node events beyond the cap were not kept" : ""));
  }
  if (!hasTrace) { $("log-src").value = "run"; $("log-src").options[0].disabled = true; }
  $("log-src").addEventListener("change", function () { refreshLogFilters(); renderLog(); });
  ["log-node", "log-kind", "log-from", "log-to"].forEach(function (id) { $(id).addEventListener("change", renderLog); });
  $("log-text").addEventListener("input", renderLog);

  // ---------- sizes ----------
  function sizes(renderMs) {
    var bytes = +wrapper.pageBytes;
    var p = $("sizes");
    p.textContent = "This page is " + bytes.toLocaleString("en") + " bytes for " + n + " client ops (" + (n ? (bytes / n).toFixed(1) : "–") + " bytes per op, fixed parts included); ops are packed as columns and each op's value is cut at 60 characters. " +
      (hasTrace ? "The trace window is capped: " + TR.note + ". " : (TR.note || "") + ". ") + "Drawn in " + renderMs.toFixed(0) + " ms. Self-contained: nothing is fetched from the network.";
    document.body.setAttribute("data-page-bytes", String(bytes));
  }

  // ---------- go ----------
  var only = /^#view=([a-z-]+)$/.exec(location.hash); // #view=spacetime shows one section (links, screenshots)
  if (only && $(only[1])) Array.prototype.forEach.call(document.querySelectorAll("main > section"), function (s) { s.hidden = s.id !== only[1]; });
  if (focus != null && usTime) { var fd = Math.max(end[focus] - start[focus], 1); tl.sel = focus; tl.v0 = Math.max(0, start[focus] - 30 * fd); tl.v1 = Math.min(T_END, end[focus] + 30 * fd); $("op-detail").textContent = opText(focus); }
  renderTimeline();
  renderCdf();
  renderSpaceTime();
  refreshLogFilters();
  renderLog();
  var ms = performance.now() - t0;
  sizes(ms);
  document.body.setAttribute("data-render-ms", ms.toFixed(1));
  document.body.setAttribute("data-ready", "1");
  var resizeTimer = null;
  window.addEventListener("resize", function () { clearTimeout(resizeTimer); resizeTimer = setTimeout(function () { renderTimeline(); renderCdf(); renderSpaceTime(); }, 150); });
})();
