/* reportpack: the comparator switch and filters of a table by pupil group.
   Everything the page needs rides in it (no fetch: pages open from file://).
   Text goes in with textContent only, never innerHTML. */
(function () {
  'use strict';
  function init() {
    var table = document.querySelector('[data-rp-table]');
    if (!table) { return; }
    var body = table.querySelector('[data-rp-body]');
    var original = Array.prototype.slice.call(body.children);
    var dataEl = document.getElementById('rp-filtered');
    var data = dataEl ? JSON.parse(dataEl.textContent) : { columns: 0, groups: [], tables: {} };
    var switchBtn = document.querySelector('[data-rp-switch]');
    var switchStatus = document.querySelector('[data-rp-switch-status]');
    var form = document.querySelector('[data-rp-filters]');
    var status = document.querySelector('[data-rp-filter-status]');
    var like = false;
    // Columns with no national figure (a count of the school's pupils).
    var noNat = {};
    (table.getAttribute('data-rp-no-national') || '').split(' ').forEach(function (i) { if (i !== '') { noNat[+i] = true; } });

    // Each national cell shows its default comparator's figure as built;
    // data-same holds the like-for-like one.
    var nationals = table.querySelectorAll('td.national');
    var defaults = Array.prototype.map.call(nationals, function (c) { return c.textContent; });

    function showNational() {
      for (var i = 0; i < nationals.length; i++) {
        nationals[i].textContent = like ? nationals[i].getAttribute('data-same') : defaults[i];
      }
      if (!switchBtn) { return; } // a table whose comparators all agree has no switch
      switchBtn.setAttribute('aria-pressed', like ? 'true' : 'false');
      switchStatus.textContent = like
        ? 'National figures: like for like (each group against the same group nationally).'
        : "National figures: each group's default comparator.";
    }

    function cell(tag, text, cls) {
      var c = document.createElement(tag);
      if (cls) { c.className = cls; }
      if (text === 'x') {
        c.className = (cls ? cls + ' ' : '') + 'suppressed';
        var x = document.createElement('span'); x.setAttribute('aria-hidden', 'true'); x.textContent = 'x';
        var sr = document.createElement('span'); sr.className = 'visually-hidden'; sr.textContent = 'suppressed';
        c.appendChild(x); c.appendChild(sr);
      } else {
        c.textContent = text;
      }
      return c;
    }

    function selected() {
      var picks = [];
      var fieldsets = form.querySelectorAll('fieldset');
      for (var i = 0; i < fieldsets.length; i++) {
        var checked = fieldsets[i].querySelector('input:checked');
        if (checked && checked.value) {
          picks.push({ dim: checked.name, group: checked.value, label: checked.nextElementSibling.textContent, legend: fieldsets[i].querySelector('legend').textContent });
        }
      }
      return picks; // in the page's dimension order, the order filter keys use
    }

    function render() {
      var picks = selected();
      while (body.firstChild) { body.removeChild(body.firstChild); }
      if (picks.length === 0) {
        original.forEach(function (r) { body.appendChild(r); });
        if (switchBtn) { switchBtn.disabled = false; }
        status.textContent = '';
        showNational();
        return;
      }
      if (switchBtn) { switchBtn.disabled = true; }
      var desc = picks.map(function (p) { return p.legend + ': ' + p.label; }).join('. ');
      var max = data.max || 2;
      if (picks.length > max) {
        status.textContent = (max === 1 ? 'Choose one filter: this pack leaves out pairs of filters, which could give away figures about a few pupils. ' : 'Choose at most two filters. ') + desc + '.';
        return;
      }
      var key = picks.map(function (p) { return p.dim + '=' + p.group; }).join(';');
      var t = data.tables[key];
      if (!t) {
        status.textContent = 'Filters applied: ' + desc + '. No pupils match these filters.';
        return;
      }
      status.textContent = 'Filters applied: ' + desc + '.' + (t.suppressed ? ' Too few pupils to show figures.' : ' National figures are not shown for filtered data.');
      // A row is [group, cohort, figure per column], its group an index
      // into data.groups; [group, "x"] is a row suppressed throughout.
      t.rows.forEach(function (r) {
        var tr = document.createElement('tr');
        var th = cell('th', data.groups[+r[0]]); th.setAttribute('scope', 'row');
        tr.appendChild(th);
        tr.appendChild(cell('td', r[1], 'num'));
        for (var i = 0; i < data.columns; i++) {
          tr.appendChild(cell('td', r.length > 2 ? r[2 + i] : 'x', 'num'));
          if (!noNat[i]) { tr.appendChild(cell('td', '–', 'num national')); }
        }
        body.appendChild(tr);
      });
    }

    if (switchBtn) switchBtn.addEventListener('click', function () { like = !like; showNational(); });
    if (!form) { return; } // a table by year group has no filters
    form.addEventListener('change', render);
    form.addEventListener('reset', function () { setTimeout(render, 0); });
    render();
  }
  if (document.readyState === 'loading') { document.addEventListener('DOMContentLoaded', init); } else { init(); }
})();
