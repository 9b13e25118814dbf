/* reportpack: sort a table by a column when its heading's button is pressed. */
(function () {
  'use strict';
  function key(cell, numeric) {
    var t = cell ? cell.textContent.trim() : '';
    if (!numeric) { return t.toLowerCase(); }
    var n = parseFloat(t);
    return isNaN(n) ? null : n;
  }
  function init() {
    var tables = document.querySelectorAll('table[data-rp-sortable]');
    Array.prototype.forEach.call(tables, function (table) {
      var heads = table.querySelectorAll('thead th');
      Array.prototype.forEach.call(heads, function (th, col) {
        var btn = th.querySelector('button');
        if (!btn) { return; }
        btn.addEventListener('click', function () {
          var asc = th.getAttribute('aria-sort') !== 'ascending';
          var numeric = th.hasAttribute('data-numeric');
          var body = table.tBodies[0];
          var rows = Array.prototype.slice.call(body.rows);
          rows.sort(function (a, b) {
            var x = key(a.cells[col], numeric), y = key(b.cells[col], numeric);
            if (x === y) { return 0; }
            if (x === null || x === '') { return 1; } // blanks last either way
            if (y === null || y === '') { return -1; }
            // Text compares its numbers as numbers: Year 2 before Year 10.
            var c = numeric ? (x < y ? -1 : 1) : x.localeCompare(y, 'en', { numeric: true });
            return c * (asc ? 1 : -1);
          });
          rows.forEach(function (r) { body.appendChild(r); });
          Array.prototype.forEach.call(heads, function (h) { h.setAttribute('aria-sort', 'none'); });
          th.setAttribute('aria-sort', asc ? 'ascending' : 'descending');
        });
      });
    });
  }
  if (document.readyState === 'loading') { document.addEventListener('DOMContentLoaded', init); } else { init(); }
})();
