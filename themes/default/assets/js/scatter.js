/*
 * reportpack pupil scatterplots (ASP style): prior attainment across, the
 * measure's pupil score up, one pupil group highlighted.
 *
 * Plain script, no modules, no fetch/XHR: pages are opened from file://.
 * Needs echarts.min.js loaded first. Data rides in the page, in blocks made
 * by generator/chart.ScatterJSON:
 *
 *   <script type="application/json" class="rp-scatter-data"
 *           data-target="CHART_ID" data-measure="ks4_p8">{...}</script>
 *   <div id="CHART_ID" class="chart rp-scatter" style="height:480px"></div>
 *   <select data-rp-scatter-highlight="CHART_ID"></select>   (optional)
 *   <select data-rp-scatter-measure="CHART_ID"></select>     (optional)
 *   <table data-rp-scatter-table="CHART_ID" data-measure="ks4_p8">  (optional)
 *
 * A block without "groups" (a profile that suppresses small groups) offers
 * no highlight, and its points carry no group bitmask.
 *
 * Several blocks with the same data-target are the measures a measure select
 * switches between. Empty selects are filled from the data. Tables marked
 * data-rp-scatter-table are shown for the current measure only (all of them
 * show when scripts do not run).
 *
 * Names: a data item has a "name" only in the named profile; the tooltip
 * shows it escaped with echarts.format.encodeHTML, and shows no name line at
 * all otherwise. Nothing here ever invents or looks up a name.
 *
 * window.reportpackCharts maps each chart id to its ECharts instance.
 */
(function () {
  'use strict';

  var HL = 'highlighted', OTHER = 'other';

  var charts = window.reportpackCharts = window.reportpackCharts || {};
  var states = {}; // chart id -> state

  function esc(s) {
    return window.echarts.format.encodeHTML(s == null ? '' : String(s));
  }

  // fmt prints v with d places as the tables do, never "-0.00".
  function fmt(v, d) {
    if (typeof v !== 'number' || !isFinite(v)) { return ''; }
    var s = d >= 0 ? v.toFixed(d) : String(v);
    if (/^-0(\.0*)?$/.test(s)) { s = s.slice(1); }
    return s;
  }

  function parseBlock(el) {
    try {
      var data = JSON.parse(el.textContent);
      if (!data || data.version !== 1 || !data.option) {
        throw new Error('unexpected data version');
      }
      return data;
    } catch (e) {
      if (window.console) { window.console.error('reportpack scatter: bad data block for #' + el.getAttribute('data-target'), e); }
      return null;
    }
  }

  // collect takes every point of a block's option, whatever series the Go side
  // put it in, sorted by x then y so the order never depends on the split.
  function collect(data) {
    var pts = [], series = data.option.series || [];
    for (var i = 0; i < series.length; i++) {
      var d = series[i].data || [];
      for (var j = 0; j < d.length; j++) { pts.push(d[j]); }
    }
    pts.sort(function (a, b) { return (a.value[0] - b.value[0]) || (a.value[1] - b.value[1]); });
    return pts;
  }

  // groups lists the groups a block offers to highlight: none (and no
  // bitmask in the points) where the profile suppresses small groups.
  function groups(data) { return data.groups || []; }

  function groupIndex(data, id) {
    var gs = groups(data);
    for (var i = 0; i < gs.length; i++) {
      if (gs[i].id === id) { return i; }
    }
    return -1;
  }

  // split re-partitions the current measure's points for the highlight group
  // (none when the id is empty or unknown) and updates the two series.
  function split(state) {
    var data = state.blocks[state.measure].data;
    var pts = state.blocks[state.measure].points;
    var bit = groupIndex(data, state.highlight);
    var hl = [], other = [];
    for (var i = 0; i < pts.length; i++) {
      var p = pts[i];
      var inGroup = bit >= 0 && (p.value[3] & (1 << bit)) !== 0;
      var item = { value: p.value };
      if (p.name) { item.name = p.name; }
      // Adjusted scores are triangles, filled or hollow like their series.
      if (p.value[2] === 1) { item.symbol = inGroup ? 'triangle' : 'emptyTriangle'; }
      (inGroup ? hl : other).push(item);
    }
    var hlName = bit >= 0 ? data.groups[bit].label : '';
    var otherName = bit >= 0 ? data.otherLabel : data.allLabel;
    state.chart.setOption({
      legend: { data: bit >= 0 ? [hlName, otherName] : [otherName] },
      series: [
        { id: OTHER, name: otherName, data: other },
        { id: HL, name: hlName, data: hl }
      ]
    });
  }

  function tooltip(state) {
    return function (params) {
      var data = state.blocks[state.measure].data;
      if (params.componentType === 'markLine') {
        return esc(data.yName) + ': 0';
      }
      var p = params.data || {};
      var v = p.value || [];
      var lines = [];
      // A name exists only in the named profile's data.
      if (p.name) { lines.push('<strong>' + esc(p.name) + '</strong>'); }
      lines.push(esc(data.xName) + ': ' + esc(fmt(v[0], data.xDecimals)));
      lines.push(esc(data.yName) + ': ' + esc(fmt(v[1], data.yDecimals)) +
        (v[2] === 1 ? ' (adjusted score)' : ''));
      var bit = groupIndex(data, state.highlight);
      if (bit >= 0 && (v[3] & (1 << bit)) !== 0) { lines.push(esc(data.groups[bit].label)); }
      return lines.join('<br>');
    };
  }

  function show(state, measure) {
    if (!state.blocks.hasOwnProperty(measure)) { measure = state.order[0]; }
    state.measure = measure;
    var data = state.blocks[measure].data;
    // Our own tooltip settings; the option's own are kept otherwise.
    var option = data.option;
    option.tooltip = option.tooltip || {};
    option.tooltip.formatter = tooltip(state);
    option.tooltip.confine = true;
    // The page's font, and larger than ECharts' 12px default, for legibility.
    option.textStyle = option.textStyle || { fontFamily: 'Arial, "Helvetica Neue", Helvetica, sans-serif', fontSize: 14 };
    state.chart.setOption(option, true); // notMerge: a new measure replaces all
    split(state);
    var tables = document.querySelectorAll('[data-rp-scatter-table]');
    for (var i = 0; i < tables.length; i++) {
      var t = tables[i];
      if (t.getAttribute('data-rp-scatter-table') !== state.id) { continue; }
      var m = t.getAttribute('data-measure') || '';
      if (state.order.length > 1) { t.hidden = m !== measure; }
    }
  }

  function fillSelect(sel, items, value) {
    if (sel.options.length === 0) {
      for (var i = 0; i < items.length; i++) {
        var o = document.createElement('option');
        o.value = items[i][0];
        o.textContent = items[i][1]; // text, never HTML
        sel.appendChild(o);
      }
    }
    sel.value = value;
    // A page-made select may not offer the value: fall back to its first.
    if (sel.selectedIndex < 0 && sel.options.length > 0) { sel.selectedIndex = 0; }
    return sel.value;
  }

  function wire(state) {
    var i, sels = document.querySelectorAll('select[data-rp-scatter-highlight]');
    for (i = 0; i < sels.length; i++) {
      var hs = sels[i];
      if (hs.getAttribute('data-rp-scatter-highlight') !== state.id) { continue; }
      var data = state.blocks[state.measure].data, items = [], gs = groups(data);
      if (gs.length === 0) { continue; } // nothing to highlight
      for (var g = 0; g < gs.length; g++) { items.push([gs[g].id, gs[g].label]); }
      items.push(['', 'None']);
      state.highlight = fillSelect(hs, items, state.highlight);
      hs.addEventListener('change', (function (sel) {
        return function () { state.highlight = sel.value; split(state); };
      })(hs));
    }
    sels = document.querySelectorAll('select[data-rp-scatter-measure]');
    for (i = 0; i < sels.length; i++) {
      var ms = sels[i];
      if (ms.getAttribute('data-rp-scatter-measure') !== state.id) { continue; }
      var mitems = [];
      for (var k = 0; k < state.order.length; k++) {
        mitems.push([state.order[k], state.blocks[state.order[k]].data.yName]);
      }
      state.measure = fillSelect(ms, mitems, state.measure) || state.measure;
      ms.addEventListener('change', (function (sel) {
        return function () { show(state, sel.value); };
      })(ms));
    }
  }

  function init() {
    if (!window.echarts) {
      if (window.console) { window.console.error('reportpack scatter: echarts.min.js is not loaded'); }
      return;
    }
    var blocks = document.querySelectorAll('script[type="application/json"].rp-scatter-data');
    var i, id;
    for (i = 0; i < blocks.length; i++) {
      id = blocks[i].getAttribute('data-target');
      var el = id && document.getElementById(id);
      if (!el) { continue; }
      var data = parseBlock(blocks[i]);
      if (!data) { continue; }
      var state = states[id];
      if (!state) {
        state = states[id] = { id: id, el: el, blocks: {}, order: [], highlight: data.highlight || '' };
      }
      var m = blocks[i].getAttribute('data-measure') || data.measure || '';
      if (!state.blocks.hasOwnProperty(m)) { state.order.push(m); }
      state.blocks[m] = { data: data, points: collect(data) };
    }
    for (id in states) {
      if (!states.hasOwnProperty(id)) { continue; }
      var s = states[id];
      s.measure = s.order[0];
      // A crisp canvas on paper: at least twice the pixels.
      s.chart = window.echarts.init(s.el, null, {
        renderer: 'canvas',
        devicePixelRatio: Math.max(2, window.devicePixelRatio || 1)
      });
      charts[id] = s.chart;
      if (!s.el.getAttribute('role')) { s.el.setAttribute('role', 'img'); }
      if (!s.el.getAttribute('aria-label')) {
        s.el.setAttribute('aria-label', 'Scatterplot of pupils. The same data is in the table that follows.');
      }
      wire(s);
      show(s, s.measure);
    }
    listen();
  }

  function listen() {
    if (window.reportpackChartSizing) { window.reportpackChartSizing(charts); }
  }

  if (document.readyState === 'loading') {
    document.addEventListener('DOMContentLoaded', init);
  } else {
    init();
  }
})();
