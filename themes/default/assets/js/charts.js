/*
 * reportpack assessment charts: bars of a school's figures against national
 * (EYFS goals) and histograms of pupils by mark (phonics, MTC).
 *
 * Plain script, no modules, no fetch/XHR: pages are opened from file://.
 * Needs echarts.min.js loaded first. Data rides in the page, in blocks made
 * by generator/chart.BarsJSON and HistogramJSON (encoding/json, so inert):
 *
 *   <script type="application/json" class="rp-chart-data" data-target="CHART_ID">
 *     {"version":1,"id":"CHART_ID","kind":"bars","option":{...}}</script>
 *   <div id="CHART_ID" class="chart rp-chart"></div>
 *
 * The tooltip's formatter is here, not in the data, and escapes every name
 * with echarts.format.encodeHTML. Every chart's figures are also in a table
 * on the page.
 *
 * window.reportpackFigures maps each chart id to its ECharts instance.
 */
(function () {
  'use strict';

  var figures = window.reportpackFigures = window.reportpackFigures || {};

  function esc(s) {
    return window.echarts.format.encodeHTML(s == null ? '' : String(s));
  }

  function tooltip(unit) {
    return function (params) {
      if (!params || !params.length) { return ''; }
      var out = esc(params[0].name);
      for (var i = 0; i < params.length; i++) {
        var p = params[i], v = p.value;
        var shown = (v === '-' || v == null) ? 'not shown' : esc(v) + unit;
        out += '<br>' + p.marker + esc(p.seriesName) + ': ' + shown;
      }
      return out;
    };
  }

  function draw(block) {
    var data;
    try {
      data = JSON.parse(block.textContent);
      if (!data || data.version !== 1 || !data.option) { throw new Error('unexpected data version'); }
    } catch (e) {
      if (window.console) { window.console.error('reportpack charts: bad data block for #' + block.getAttribute('data-target'), e); }
      return;
    }
    var el = document.getElementById(block.getAttribute('data-target'));
    if (!el) { return; }
    var unit = '';
    // go-echarts gives each axis as a list of one.
    var axis = data.option.xAxis;
    if (Array.isArray(axis)) { axis = axis[0]; }
    if (data.kind === 'bars' && axis && axis.axisLabel && /%$/.test(axis.axisLabel.formatter || '')) { unit = '%'; }
    data.option.tooltip = data.option.tooltip || {};
    data.option.tooltip.formatter = tooltip(unit);
    var chart = window.echarts.init(el, null, { renderer: 'canvas' });
    chart.setOption(data.option);
    figures[el.id] = chart;
    if (data.choices && data.choices.length) { choose(el.id, chart, data); }
  }

  // A chart drawn for a pupil group the reader chooses: each group's bars
  // ride in the data block, a figure hidden in the pack as "-" (not
  // drawn), and the page says which are not drawn and why.
  function choose(id, chart, data) {
    var select = document.querySelector('select[data-rp-chart-group="' + id + '"]');
    var note = document.querySelector('[data-rp-chart-hidden="' + id + '"]');
    if (!select) { return; }
    var title = data.option.title && data.option.title.text;
    select.addEventListener('change', function () {
      var c = null;
      for (var i = 0; i < data.choices.length; i++) {
        if (data.choices[i].id === select.value) { c = data.choices[i]; }
      }
      if (!c) { return; }
      var opt = { series: [{ data: c.school }, { data: c.national }] };
      if (title) { opt.title = { text: title + ': ' + c.label }; }
      chart.setOption(opt);
      if (note) {
        note.textContent = c.hidden.length
          ? 'Not drawn, as the figures are withheld in this pack: ' + c.hidden.join('; ') + '.'
          : '';
      }
    });
  }

  function init() {
    if (!window.echarts) {
      if (window.console) { window.console.error('reportpack charts: echarts.min.js did not load'); }
      return;
    }
    var blocks = document.querySelectorAll('script.rp-chart-data');
    for (var i = 0; i < blocks.length; i++) { draw(blocks[i]); }
    if (window.reportpackChartSizing) { window.reportpackChartSizing(figures); }
  }

  if (document.readyState === 'loading') {
    document.addEventListener('DOMContentLoaded', init);
  } else {
    init();
  }
})();
