/*
 * One resize and print handler for every ECharts chart of a page,
 * whichever of the theme's scripts drew it (the scatterplots', the
 * figures'; their file names are not written here, as a zip takes every
 * asset a script names with it). Each script registers its map of chart id to ECharts instance with
 * window.reportpackChartSizing(map); charts follow the window's width on
 * screen and take a fixed size that fits A4 when printed.
 */
(function () {
  'use strict';

  // The inside of the print box in reportpack.css (680 x 420 px less its
  // 1 px border): A4 (210 mm) less 15 mm margins, at 96 px/in.
  var PRINT_WIDTH = 678;
  var PRINT_HEIGHT = 418;

  var maps = [];
  var listening = false;

  function each(f) {
    for (var i = 0; i < maps.length; i++) {
      var m = maps[i];
      for (var id in m) {
        if (m.hasOwnProperty(id) && m[id] && !m[id].isDisposed()) { f(m[id]); }
      }
    }
  }

  function listen() {
    var timer = null;
    window.addEventListener('resize', function () {
      clearTimeout(timer);
      timer = setTimeout(function () { each(function (c) { c.resize(); }); }, 100);
    });
    // A fixed size that fits A4, so a chart is not drawn at screen width
    // and squeezed or cut on paper.
    function toPrint() { each(function (c) { c.resize({ width: PRINT_WIDTH, height: PRINT_HEIGHT }); }); }
    function toScreen() { each(function (c) { c.resize({ width: 'auto', height: 'auto' }); }); }
    window.addEventListener('beforeprint', toPrint);
    window.addEventListener('afterprint', toScreen);
    // Browsers that print without beforeprint still switch media.
    if (window.matchMedia) {
      var mq = window.matchMedia('print');
      var onChange = function (e) { if (e.matches) { toPrint(); } else { toScreen(); } };
      if (mq.addEventListener) { mq.addEventListener('change', onChange); } else if (mq.addListener) { mq.addListener(onChange); }
    }
  }

  window.reportpackChartSizing = function (map) {
    if (maps.indexOf(map) < 0) { maps.push(map); }
    if (!listening) {
      listening = true;
      listen();
    }
  };
})();
