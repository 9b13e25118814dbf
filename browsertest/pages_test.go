package browsertest

import (
	"bytes"
	"context"
	"fmt"
	"iter"
	"os"
	"path/filepath"
	"slices"
	"sort"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/cdproto/network"
	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"
)

// wantKinds are the page types each profile must have, and must not have
// (spec: pupil-level pages in the named profile, a scatter without identity
// in the anonymised one, aggregates only for governors).
var wantKinds = map[string]struct{ has, hasNot []string }{
	"named": {
		has: []string{"la-index", "school", "ks2", "ks4", "table-ks2", "table-ks4", "scatter-ks2", "scatter-ks4", "pupils-ks2", "pupils-ks4", "glossary", "governors"},
	},
	// Shareable packs draw no scatterplot: each point is one pupil's result.
	"anonymised": {
		has:    []string{"la-index", "school", "ks2", "ks4", "table-ks2", "table-ks4", "glossary", "governors"},
		hasNot: []string{"pupils-ks2", "pupils-ks4", "scatter-ks2", "scatter-ks4"},
	},
	"governor": {
		has:    []string{"la-index", "school", "ks2", "ks4", "table-ks2", "table-ks4", "glossary", "governors"},
		hasNot: []string{"pupils-ks2", "pupils-ks4", "scatter-ks2", "scatter-ks4"},
	},
}

// declaredKinds are the pages of the declared assessments each profile
// must have, and must not have, when the example's data holds them.
var declaredKinds = map[string]struct{ has, hasNot []string }{
	"named": {has: []string{"eyfs", "phonics", "ks1", "mtc", "pupils-phonics", "pupils-eyfs",
		"attendance", "behaviour", "context", "table-att", "table-att-years", "table-sus", "table-ctx", "table-ctx-years",
		"pupils-attendance", "pupils-behaviour"},
		hasNot: []string{"scatter-eyfs", "scatter-phonics", "scatter-attendance", "pupils-context"}},
	"anonymised": {has: []string{"eyfs", "phonics", "ks1", "mtc",
		"attendance", "behaviour", "context", "table-att", "table-att-years", "table-sus", "table-ctx", "table-ctx-years"},
		hasNot: []string{"pupils-phonics", "pupils-eyfs", "scatter-phonics", "pupils-attendance", "pupils-behaviour", "scatter-attendance"}},
	"governor": {has: []string{"eyfs", "phonics", "ks1", "mtc",
		"attendance", "behaviour", "context", "table-att", "table-att-years", "table-sus", "table-ctx", "table-ctx-years"},
		hasNot: []string{"pupils-phonics", "pupils-eyfs", "scatter-phonics", "pupils-attendance", "pupils-behaviour", "scatter-attendance"}},
}

// TestPages opens one page of every type in every profile, each in its own
// tab of the one browser, and runs every check that applies to it.
func TestPages(t *testing.T) {
	e := getEnv(t)
	pages, err := pageTypes(e.public)
	if err != nil {
		t.Fatal(err)
	}
	kinds := map[string]bool{}
	for _, p := range pages {
		kinds[p.profile+"/"+p.kind] = true
	}
	if e.declared {
		for profile, want := range declaredKinds {
			w := wantKinds[profile]
			w.has = append(slices.Clone(w.has), want.has...)
			w.hasNot = append(slices.Clone(w.hasNot), want.hasNot...)
			wantKinds[profile] = w
		}
	}
	for profile, want := range wantKinds {
		for _, k := range want.has {
			if !kinds[profile+"/"+k] {
				t.Errorf("the %s profile has no %s page", profile, k)
			}
		}
		for _, k := range want.hasNot {
			if kinds[profile+"/"+k] {
				t.Errorf("the %s profile has a %s page, which it must not", profile, k)
			}
		}
	}
	t.Logf("screenshots and PDFs: %s", e.shots)
	for _, pg := range pages {
		t.Run(pg.profile+"/"+pg.kind, func(t *testing.T) {
			t.Parallel()
			testPage(t, e, pg)
		})
	}
}

// recorder keeps what a tab asked the network for. It runs in the tab's
// event loop (chromedp.WithListener), so an event that came before a
// command's reply is recorded when the command returns.
type recorder struct {
	mu       sync.Mutex
	urls     map[network.RequestID]string
	offHost  []string // requests for anything but a file:// URL
	failures []string // file:// requests that failed (a missing asset)
}

func (r *recorder) listen(ev any) {
	r.mu.Lock()
	defer r.mu.Unlock()
	switch ev := ev.(type) {
	case *network.EventRequestWillBeSent:
		u := ev.Request.URL
		if r.urls == nil {
			r.urls = map[network.RequestID]string{}
		}
		r.urls[ev.RequestID] = u
		if !strings.HasPrefix(u, "file://") {
			r.offHost = append(r.offHost, u)
		}
	case *network.EventLoadingFailed:
		if !ev.Canceled {
			r.failures = append(r.failures, r.urls[ev.RequestID]+": "+ev.ErrorText)
		}
	}
}

func (r *recorder) take() (offHost, failures []string) {
	r.mu.Lock()
	defer r.mu.Unlock()
	offHost, failures = r.offHost, r.failures
	r.offHost, r.failures = nil, nil
	return offHost, failures
}

// tab is one page open in its own tab.
type tab struct {
	ctx context.Context
	e   *env
	pg  page
}

func testPage(t *testing.T, e *env, pg page) {
	rec := &recorder{}
	tabCtx, cancel := chromedp.NewContext(e.browser, chromedp.WithListener(rec.listen))
	defer cancel()
	// Console opens the tab and subscribes before the page loads.
	console := chromedp.Console(tabCtx)
	ctx, cancelTimeout := context.WithTimeout(tabCtx, 2*time.Minute)
	defer cancelTimeout()
	tb := &tab{ctx: ctx, e: e, pg: pg}

	err := chromedp.Do(ctx,
		// Each tab acts as if it had the focus, though several run at once.
		chromedp.Func(func(ctx context.Context, t *chromedp.Target) error {
			_, err := cdp.Call(ctx, t, emulation.SetFocusEmulationEnabled, emulation.SetFocusEmulationEnabledParams{Enabled: true})
			return err
		}),
		chromedp.EmulateViewport(1280, 900),
		chromedp.Navigate(pg.url()),
	)
	if err != nil {
		t.Fatalf("opening %s: %v", pg.url(), err)
	}
	if state := eval[string](t, ctx, `document.readyState`); state != "complete" {
		t.Fatalf("document.readyState = %q after load", state)
	}

	t.Run("screenshot", tb.screenshot)
	t.Run("hidden", tb.hidden)
	if eval[bool](t, ctx, `!!document.querySelector('[data-rp-table]')`) {
		// A table whose comparators all agree (EYFS goals, KS1) offers no switch.
		if eval[bool](t, ctx, `!!document.querySelector('[data-rp-switch]')`) {
			t.Run("comparator", tb.comparator)
		}
		// A table by year group has no filters.
		if eval[bool](t, ctx, `!!document.querySelector('[data-rp-filters]')`) {
			t.Run("filters", tb.filters)
		}
	}
	if eval[bool](t, ctx, `!!document.querySelector('table[data-rp-sortable]')`) {
		t.Run("sort", tb.sortable)
	}
	if eval[bool](t, ctx, `!!document.querySelector('.rp-scatter')`) {
		t.Run("charts", tb.charts)
		t.Run("tooltip", tb.tooltip)
	}
	if eval[bool](t, ctx, `!!document.querySelector('.rp-figure')`) {
		t.Run("figures", tb.figures)
	}
	t.Run("keyboard", tb.keyboard)
	t.Run("axe", tb.axe)
	t.Run("print", tb.print)

	// Last: everything the page did, from its load to here.
	t.Run("console", func(t *testing.T) { tb.console(t, console) })
	t.Run("network", func(t *testing.T) {
		offHost, failures := rec.take()
		for _, u := range offHost {
			t.Errorf("request to %s: pages must load nothing but file:// URLs", u)
		}
		for _, f := range failures {
			t.Errorf("failed to load %s", f)
		}
	})
}

// eval evaluates a JavaScript expression in the page and decodes its value.
func eval[T any](t *testing.T, ctx context.Context, js string, opts ...chromedp.EvaluateOption) T {
	t.Helper()
	v, err := chromedp.Run(ctx, chromedp.Evaluate[T](js, opts...))
	if err != nil {
		t.Fatalf("evaluating %s: %v", short(js), err)
	}
	return v
}

func do(t *testing.T, ctx context.Context, steps ...chromedp.Action[chromedp.Void]) {
	t.Helper()
	if err := chromedp.Do(ctx, steps...); err != nil {
		t.Fatal(err)
	}
}

func short(s string) string {
	s = strings.Join(strings.Fields(s), " ")
	if len(s) > 80 {
		s = s[:77] + "..."
	}
	return s
}

// waitFor retries check until it reports true or two seconds pass, and
// returns the last complaint.
func waitFor(check func() (bool, string)) (bool, string) {
	deadline := time.Now().Add(2 * time.Second)
	for {
		ok, why := check()
		if ok || time.Now().After(deadline) {
			return ok, why
		}
		time.Sleep(25 * time.Millisecond)
	}
}

func (tb *tab) name() string {
	return tb.pg.profile + "_" + tb.pg.kind
}

// screenshot saves the whole page as it first shows.
func (tb *tab) screenshot(t *testing.T) { tb.shot(t, "") }

// shot saves a screenshot of the page as it is now; suffix tells apart
// several of one page (a filter applied, say).
func (tb *tab) shot(t *testing.T, suffix string) {
	png, err := chromedp.Run(tb.ctx, chromedp.FullScreenshot(100))
	if err != nil {
		t.Fatal(err)
	}
	name := tb.name()
	if suffix != "" {
		name += "_" + suffix
	}
	p := filepath.Join(tb.e.shots, name+".png")
	if err := os.WriteFile(p, png, 0o644); err != nil {
		t.Fatal(err)
	}
	t.Logf("screenshot of %s: %s", tb.pg.rel, p)
}

// console fails on any console error or uncaught exception the page raised.
// A marker message ends the stream, so every earlier message is read.
func (tb *tab) console(t *testing.T, messages iter.Seq2[chromedp.ConsoleMessage, error]) {
	const marker = "reportpack-browsertest: end of page"
	do(t, tb.ctx, chromedp.Evaluate[chromedp.Void](`console.debug(`+strconv.Quote(marker)+`)`))
	for m, err := range messages {
		if err != nil {
			t.Fatalf("reading the console: %v", err)
		}
		if m.Text == marker {
			return
		}
		switch m.Type {
		case chromedp.ConsoleError, chromedp.ConsoleException:
			t.Errorf("console %s at %s:%d: %s", m.Type, m.URL, m.Line+1, m.Text)
		case chromedp.ConsoleWarning:
			t.Logf("console warning at %s:%d: %s", m.URL, m.Line+1, m.Text)
		}
	}
}

type nationalCell struct{ Text, Same string }

const jsNational = `[...document.querySelectorAll('[data-rp-table] td.national')].map(c => ({
	text: c.textContent, same: c.getAttribute('data-same')}))`

// comparator clicks "Switch comparator" and expects every national figure to
// become its like-for-like figure, and to go back on a second click.
func (tb *tab) comparator(t *testing.T) {
	ctx := tb.ctx
	cells := eval[[]nationalCell](t, ctx, jsNational)
	if len(cells) == 0 {
		t.Fatal("no national cells (td.national) in the table")
	}
	// As built, each cell shows its row's default comparator.
	defaults := make([]string, len(cells))
	differ := 0
	for i, c := range cells {
		defaults[i] = c.Text
		if c.Text != c.Same {
			differ++
		}
	}
	if differ == 0 {
		t.Error("no national figure differs between the comparators: the switch would change nothing")
	}
	for _, want := range []struct {
		pressed string
		attr    func(int, nationalCell) string
	}{
		{"true", func(_ int, c nationalCell) string { return c.Same }},
		{"false", func(i int, _ nationalCell) string { return defaults[i] }},
	} {
		do(t, ctx, chromedp.Click(chromedp.CSS(`[data-rp-switch]`)))
		ok, why := waitFor(func() (bool, string) {
			cells := eval[[]nationalCell](t, ctx, jsNational)
			for i, c := range cells {
				if c.Text != want.attr(i, c) {
					return false, fmt.Sprintf("national cell %d shows %q, want %q (aria-pressed=%s)", i, c.Text, want.attr(i, c), want.pressed)
				}
			}
			if got := eval[string](t, ctx, `document.querySelector('[data-rp-switch]').getAttribute('aria-pressed')`); got != want.pressed {
				return false, fmt.Sprintf("aria-pressed = %s, want %s", got, want.pressed)
			}
			return true, ""
		})
		if !ok {
			t.Fatalf("after clicking the switch: %s", why)
		}
	}
}

// filteredData is a table page's rp-filtered JSON: rows are [group,
// cohort, figure per column], or [group, "x"] when suppressed throughout,
// the group an index into Groups.
type filteredData struct {
	Columns int
	Groups  []string
	Tables  map[string]struct {
		Suppressed bool
		Rows       [][]string
	}
}

const jsBodyRows = `[...document.querySelector('[data-rp-table] [data-rp-body]').rows].map(r =>
	[...r.cells].map(c => c.classList.contains('suppressed') ? 'x' : c.textContent.trim()))`

// filters chooses one filter, then two, and expects the table's body to show
// exactly the rows of the page's own rp-filtered table for that key; "Clear
// filters" brings the first rows back.
func (tb *tab) filters(t *testing.T) {
	ctx := tb.ctx
	data := eval[filteredData](t, ctx, `JSON.parse(document.getElementById('rp-filtered').textContent)`)
	dims := eval[[]string](t, ctx, `[...document.querySelectorAll('[data-rp-filters] fieldset')].map(f => f.querySelector('input[type=radio]').name)`)
	if len(dims) == 0 || len(data.Tables) == 0 {
		t.Fatalf("no filters (%d dimensions, %d filtered tables)", len(dims), len(data.Tables))
	}
	original := eval[[][]string](t, ctx, jsBodyRows)

	// The first usable key with one filter and the first with two, in the
	// page's dimension order (the order the keys use).
	var keys []string
	for k := range data.Tables {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	var one, two string
	for _, k := range keys {
		tbl := data.Tables[k]
		if tbl.Suppressed || len(tbl.Rows) == 0 {
			continue
		}
		switch strings.Count(k, ";") {
		case 0:
			if one == "" {
				one = k
			}
		case 1:
			if two == "" {
				two = k
			}
		}
	}
	if one == "" {
		t.Fatal("rp-filtered has no unsuppressed table for a single filter")
	}

	do(t, ctx, chromedp.Click(chromedp.CSS(`[data-rp-filters-panel] > summary`)))
	for _, key := range []string{one, two} {
		if key == "" {
			t.Logf("no unsuppressed table for two filters; checked one filter only")
			continue
		}
		for pick := range strings.SplitSeq(key, ";") {
			dim, group, _ := strings.Cut(pick, "=")
			do(t, ctx, chromedp.Click(chromedp.CSS(fmt.Sprintf(`[data-rp-filters] input[type=radio][name=%q][value=%q]`, dim, group))))
		}
		// Columns with no national figure (a count of pupils) have no
		// national cell.
		noNat := map[int]bool{}
		for f := range strings.FieldsSeq(eval[string](t, ctx, `document.querySelector('[data-rp-table]').getAttribute('data-rp-no-national') || ''`)) {
			if i, err := strconv.Atoi(f); err == nil {
				noNat[i] = true
			}
		}
		var want [][]string
		for _, r := range data.Tables[key].Rows {
			g, err := strconv.Atoi(r[0])
			if err != nil || g < 0 || g >= len(data.Groups) {
				t.Fatalf("rp-filtered[%q] row %q: no group %q among %d", key, r, r[0], len(data.Groups))
			}
			row := []string{data.Groups[g], r[1]}
			for i := range data.Columns {
				v := "x"
				if len(r) > 2 {
					v = r[2+i]
				}
				row = append(row, v)
				if !noNat[i] {
					row = append(row, "–")
				}
			}
			want = append(want, row)
		}
		ok, why := waitFor(func() (bool, string) {
			got := eval[[][]string](t, ctx, jsBodyRows)
			if !slices.EqualFunc(got, want, slices.Equal) {
				return false, fmt.Sprintf("the table shows\n%v\nwant the rows of rp-filtered[%q]:\n%v", got, key, want)
			}
			if !eval[bool](t, ctx, `(b => !b || b.disabled)(document.querySelector('[data-rp-switch]'))`) {
				return false, "the comparator switch is enabled while a filter is on"
			}
			if s := eval[string](t, ctx, `document.querySelector('[data-rp-filter-status]').textContent`); !strings.Contains(s, "Filters applied") {
				return false, fmt.Sprintf("filter status says %q", s)
			}
			return true, ""
		})
		if !ok {
			t.Fatalf("after choosing %s: %s", key, why)
		}
		tb.shot(t, "filtered-"+strings.NewReplacer("=", "-", ";", "_").Replace(key))

		do(t, ctx, chromedp.Click(chromedp.CSS(`[data-rp-filters] button[type=reset]`)))
		ok, why = waitFor(func() (bool, string) {
			got := eval[[][]string](t, ctx, jsBodyRows)
			if !slices.EqualFunc(got, original, slices.Equal) {
				return false, fmt.Sprintf("the table shows\n%v\nwant the unfiltered rows\n%v", got, original)
			}
			if eval[bool](t, ctx, `(b => !!b && b.disabled)(document.querySelector('[data-rp-switch]'))`) {
				return false, "the comparator switch stays disabled"
			}
			return true, ""
		})
		if !ok {
			t.Fatalf("after clearing the filters: %s", why)
		}
	}
	do(t, ctx, chromedp.Evaluate[chromedp.Void](`document.querySelector('[data-rp-filters-panel]').open = false`))
}

// hiddenFigure is a suppressed figure as a page draws it: the "x" a
// reader sees, its tooltip and the text a screen reader reads instead.
type hiddenFigure struct {
	Title, Text string
}

// hidden checks that every suppressed figure the page was built with
// says why (the LA index's headline figures aside: its rows give no
// reasons yet), as a tooltip and to a screen reader alike, and that a
// table with hidden figures explains each reason in its key. The example
// hides figures in its KS4 tables outside the named profile, so those
// pages must show some.
func (tb *tab) hidden(t *testing.T) {
	figs := eval[[]hiddenFigure](t, tb.ctx, `[...document.querySelectorAll('span[aria-hidden=true]')]
		.filter(x => x.textContent === 'x' && x.nextElementSibling && x.nextElementSibling.classList.contains('visually-hidden'))
		.map(x => ({title: x.getAttribute('title') || '', text: x.nextElementSibling.textContent}))`)
	if tb.pg.kind == "table-ks4" && tb.pg.profile != "named" && len(figs) == 0 {
		t.Errorf("no suppressed figure on the %s profile's KS4 table", tb.pg.profile)
	}
	if tb.pg.kind == "la-index" {
		return
	}
	for _, f := range figs {
		reason, ok := strings.CutPrefix(f.Text, "suppressed: ")
		if !ok || reason == "" || f.Title != f.Text {
			t.Errorf("a suppressed figure reads %q with the tooltip %q; want \"suppressed: \" and why, in both", f.Text, f.Title)
		}
	}
	if !eval[bool](t, tb.ctx, `!!document.querySelector('[data-rp-table] .suppressed')`) {
		return
	}
	key := eval[[]string](t, tb.ctx, `[...document.querySelectorAll('.table-key dt')].map(d => d.textContent)`)
	for _, f := range figs {
		if !slices.ContainsFunc(key, func(k string) bool { return strings.EqualFold(k, f.Text) }) {
			t.Errorf("the table's key %q does not explain %q", key, f.Text)
		}
	}
}

type sortState struct {
	Sort   string
	Values []string
}

// sortable sorts the first sortable table by its first numeric column, up
// then down, and checks the order and aria-sort.
func (tb *tab) sortable(t *testing.T) {
	ctx := tb.ctx
	col := eval[int](t, ctx, `[...document.querySelectorAll('table[data-rp-sortable] thead th')].findIndex(th => th.hasAttribute('data-numeric'))`)
	if col < 0 {
		t.Skip("no numeric column to sort")
	}
	js := fmt.Sprintf(`(() => { const t = document.querySelector('table[data-rp-sortable]');
		return { sort: t.tHead.rows[0].cells[%[1]d].getAttribute('aria-sort'),
			values: [...t.tBodies[0].rows].map(r => r.cells[%[1]d].textContent.trim()) }; })()`, col)
	for _, dir := range []string{"ascending", "descending"} {
		do(t, ctx, chromedp.Click(chromedp.CSS(fmt.Sprintf(`table[data-rp-sortable] thead th:nth-child(%d) button`, col+1))))
		st := eval[sortState](t, ctx, js)
		if st.Sort != dir {
			t.Errorf("aria-sort = %q after a click, want %q", st.Sort, dir)
		}
		var nums []float64
		for _, v := range st.Values {
			if n, err := strconv.ParseFloat(v, 64); err == nil {
				nums = append(nums, n)
			} else if v != "" && v != "x" && v != "xsuppressed" {
				t.Errorf("numeric column holds %q", v)
			}
		}
		ordered := slices.IsSorted(nums)
		if dir == "descending" {
			ordered = slices.IsSortedFunc(nums, func(a, b float64) int { return -cmpFloat(a, b) })
		}
		if !ordered {
			t.Errorf("column %d is not %s after the click: %v", col, dir, nums)
		}
	}
}

func cmpFloat(a, b float64) int {
	switch {
	case a < b:
		return -1
	case a > b:
		return 1
	}
	return 0
}

type chartInfo struct {
	ID       string
	Series   int
	Points   int
	Named    int
	Measure  string
	Measures []string
	Rows     int
	Count    int
	Canvas   bool
	Width    float64
	Height   float64
	Hidden   []string // measures whose point tables are hidden
}

// jsCharts describes every chart in window.reportpackCharts: its scatter
// series and points, and the rows of the accessible table for its measure.
const jsCharts = `(() => {
	const out = [];
	for (const id of Object.keys(window.reportpackCharts || {}).sort()) {
		const c = window.reportpackCharts[id];
		const series = (c.getOption().series || []).filter(s => s.type === 'scatter');
		let points = 0, named = 0;
		for (const s of series) for (const d of (s.data || [])) { points++; if (d && d.name) named++; }
		const msel = document.querySelector('select[data-rp-scatter-measure="' + id + '"]');
		const tables = [...document.querySelectorAll('[data-rp-scatter-table="' + id + '"]')];
		const measure = msel ? msel.value : (tables[0] ? tables[0].getAttribute('data-measure') : '');
		const table = tables.find(t => t.getAttribute('data-measure') === measure);
		const block = document.querySelector('script.rp-scatter-data[data-target="' + id + '"][data-measure="' + measure + '"]');
		out.push({
			id, series: series.length, points, named, measure,
			measures: msel ? [...msel.options].map(o => o.value) : [measure],
			rows: table ? table.querySelectorAll('tbody tr').length : -1,
			count: block ? JSON.parse(block.textContent).count : -1,
			canvas: !!c.getDom().querySelector('canvas'),
			width: c.getWidth(), height: c.getHeight(),
			hidden: tables.filter(t => t.hidden || t.closest('[hidden]')).map(t => t.getAttribute('data-measure')),
		});
	}
	return out;
})()`

func (tb *tab) chartInfos(t *testing.T) []chartInfo {
	t.Helper()
	charts := eval[[]chartInfo](t, tb.ctx, jsCharts)
	want := eval[int](t, tb.ctx, `document.querySelectorAll('.rp-scatter').length`)
	if len(charts) != want {
		t.Fatalf("window.reportpackCharts has %d charts, the page has %d .rp-scatter elements", len(charts), want)
	}
	return charts
}

// charts checks that every chart drew its points, one per pupil of the
// accessible table, for every measure it offers, and that names are in the
// named profile's data only.
func (tb *tab) charts(t *testing.T) {
	ctx := tb.ctx
	check := func(c chartInfo) {
		t.Helper()
		if !c.Canvas || c.Width <= 0 || c.Height <= 0 {
			t.Errorf("chart %s has no canvas drawn (%vx%v)", c.ID, c.Width, c.Height)
		}
		if c.Series == 0 || c.Points == 0 {
			t.Errorf("chart %s (%s) has %d scatter series and %d points", c.ID, c.Measure, c.Series, c.Points)
		}
		if c.Points != c.Rows {
			t.Errorf("chart %s (%s) plots %d points, its table lists %d pupils", c.ID, c.Measure, c.Points, c.Rows)
		}
		if c.Points != c.Count {
			t.Errorf("chart %s (%s) plots %d points, its data says count %d", c.ID, c.Measure, c.Points, c.Count)
		}
		if tb.pg.named() && c.Named != c.Points {
			t.Errorf("chart %s (%s): %d of %d points have a name in the named profile", c.ID, c.Measure, c.Named, c.Points)
		}
		if !tb.pg.named() && c.Named != 0 {
			t.Errorf("chart %s (%s): %d points carry a name in the %s profile", c.ID, c.Measure, c.Named, tb.pg.profile)
		}
		if slices.Contains(c.Hidden, c.Measure) {
			t.Errorf("chart %s: the table of the measure shown (%s) is hidden", c.ID, c.Measure)
		}
		if len(c.Measures) > 1 && len(c.Hidden) != len(c.Measures)-1 {
			t.Errorf("chart %s: %d point tables hidden, want all but the one shown (%d measures)", c.ID, len(c.Hidden), len(c.Measures))
		}
	}
	for _, c := range tb.chartInfos(t) {
		check(c)
		if len(c.Measures) < 2 {
			continue
		}
		for _, m := range append(c.Measures[1:], c.Measures[0]) {
			do(t, ctx, chromedp.Evaluate[chromedp.Void](fmt.Sprintf(`(() => {
				const s = document.querySelector('select[data-rp-scatter-measure=%q]');
				s.value = %q; s.dispatchEvent(new Event('change', {bubbles: true})); })()`, c.ID, m)))
			for _, c2 := range tb.chartInfos(t) {
				if c2.ID == c.ID {
					if c2.Measure != m {
						t.Errorf("chart %s shows %s after choosing %s", c.ID, c2.Measure, m)
					}
					check(c2)
				}
			}
		}
	}

	// Highlighting another group moves points between the series, and the
	// highlighted series holds exactly the pupils in that group.
	type split struct {
		ID, Group                string
		Want, Got, Total, Before int
	}
	splits := eval[[]split](t, ctx, `(() => {
		const out = [];
		for (const id of Object.keys(window.reportpackCharts || {}).sort()) {
			const c = window.reportpackCharts[id];
			const sel = document.querySelector('select[data-rp-scatter-highlight="' + id + '"]');
			if (!sel || sel.options.length < 2) continue;
			const count = () => (c.getOption().series || []).filter(s => s.type === 'scatter').reduce((n, s) => n + (s.data || []).length, 0);
			const before = count();
			sel.selectedIndex = (sel.selectedIndex + 1) % (sel.options.length - 1);
			sel.dispatchEvent(new Event('change', {bubbles: true}));
			const msel = document.querySelector('select[data-rp-scatter-measure="' + id + '"]');
			const blocks = [...document.querySelectorAll('script.rp-scatter-data[data-target="' + id + '"]')];
			const block = msel ? blocks.find(b => b.getAttribute('data-measure') === msel.value) : blocks[0];
			const data = JSON.parse(block.textContent);
			const bit = data.groups.findIndex(g => g.id === sel.value);
			let want = 0;
			for (const s of data.option.series) for (const d of (s.data || [])) if (bit >= 0 && (d.value[3] & (1 << bit))) want++;
			const hl = (c.getOption().series || []).find(s => s.name === data.groups[bit].label);
			out.push({id, group: sel.value, want, got: hl ? hl.data.length : 0, total: count(), before});
		}
		return out;
	})()`)
	for _, s := range splits {
		if s.Got != s.Want {
			t.Errorf("chart %s highlighting %s: %d points highlighted, %d pupils are in the group", s.ID, s.Group, s.Got, s.Want)
		}
		if s.Total != s.Before {
			t.Errorf("chart %s highlighting %s: %d points, %d before", s.ID, s.Group, s.Total, s.Before)
		}
	}
}

type hoverPoint struct {
	X, Y    float64
	Name    string
	XText   string
	MinDist float64
	Found   bool
}

type tooltipDOM struct {
	Text    string
	HTML    string
	Visible bool
}

// tooltip moves the mouse over a point of each chart and reads the tooltip:
// the pupil's name in the named profile, no name anywhere else.
func (tb *tab) tooltip(t *testing.T) {
	ctx := tb.ctx
	ids := eval[[]string](t, ctx, `Object.keys(window.reportpackCharts || {}).sort()`)
	for _, id := range ids {
		// The most isolated point away from the zero line, so the mouse
		// finds it and nothing else.
		pt := eval[hoverPoint](t, ctx, fmt.Sprintf(`(() => {
			const id = %q, c = window.reportpackCharts[id], dom = document.getElementById(id);
			dom.scrollIntoView({block: 'center'});
			const r = dom.getBoundingClientRect();
			const msel = document.querySelector('select[data-rp-scatter-measure="' + id + '"]');
			const blocks = [...document.querySelectorAll('script.rp-scatter-data[data-target="' + id + '"]')];
			const block = msel ? blocks.find(b => b.getAttribute('data-measure') === msel.value) : blocks[0];
			const data = JSON.parse(block.textContent);
			const pts = [];
			(c.getOption().series || []).forEach((s, si) => {
				if (s.type !== 'scatter') return;
				const zero = c.convertToPixel({seriesIndex: si}, [0, 0])[1];
				(s.data || []).forEach(d => {
					const p = c.convertToPixel({seriesIndex: si}, [d.value[0], d.value[1]]);
					pts.push({x: p[0], y: p[1], zero, d});
				});
			});
			let best = null, bestD = -1;
			for (const a of pts) {
				if (Math.abs(a.y - a.zero) < 12) continue;
				let m = Infinity;
				for (const b of pts) if (a !== b) m = Math.min(m, Math.hypot(a.x - b.x, a.y - b.y));
				if (m > bestD) { bestD = m; best = a; }
			}
			if (!best) return {found: false};
			return {found: true, x: r.left + best.x, y: r.top + best.y, name: best.d.name || '',
				xText: best.d.value[0].toFixed(data.xDecimals), minDist: bestD};
		})()`, id))
		if !pt.Found {
			t.Errorf("chart %s: no point to hover", id)
			continue
		}
		if pt.MinDist < 6 {
			t.Logf("chart %s: the most isolated point is %.1fpx from the next", id, pt.MinDist)
		}
		do(t, ctx,
			chromedp.MouseEvent(chromedp.MouseMoved, 2, 2),
			chromedp.MouseEvent(chromedp.MouseMoved, pt.X-3, pt.Y-3),
			chromedp.MouseEvent(chromedp.MouseMoved, pt.X, pt.Y),
		)
		var tip tooltipDOM
		ok, why := waitFor(func() (bool, string) {
			tips := eval[[]tooltipDOM](t, ctx, fmt.Sprintf(`[...document.getElementById(%q).children]
				.filter(d => d.tagName === 'DIV' && !d.querySelector('canvas'))
				.map(d => { const cs = getComputedStyle(d);
					return {text: d.innerText, html: d.innerHTML,
						visible: cs.display !== 'none' && cs.visibility !== 'hidden' && cs.opacity !== '0'}; })`, id))
			for _, tp := range tips {
				if tp.Visible && strings.Contains(tp.Text, pt.XText) {
					tip = tp
					return true, ""
				}
			}
			return false, fmt.Sprintf("no visible tooltip with the point's x value %s: %+v", pt.XText, tips)
		})
		if !ok {
			t.Errorf("chart %s: hovering (%.0f,%.0f): %s", id, pt.X, pt.Y, why)
			continue
		}
		if tb.pg.named() {
			if pt.Name == "" {
				t.Errorf("chart %s: the hovered point has no name in the named profile", id)
			} else if !strings.Contains(tip.Text, pt.Name) {
				t.Errorf("chart %s: tooltip %q lacks the pupil's name %q", id, tip.Text, pt.Name)
			}
		} else {
			if pt.Name != "" {
				t.Errorf("chart %s: a point has the name %q in the %s profile", id, pt.Name, tb.pg.profile)
			}
			if strings.Contains(tip.HTML, "<strong>") {
				t.Errorf("chart %s: tooltip has a name line: %q", id, tip.HTML)
			}
			for _, n := range tb.e.names[tb.pg.school()] {
				if strings.Contains(tip.Text, n) {
					t.Errorf("chart %s: tooltip names pupil %q in the %s profile", id, n, tb.pg.profile)
				}
			}
		}
		t.Logf("chart %s: tooltip %q", id, tip.Text)
	}
	do(t, ctx, chromedp.MouseEvent(chromedp.MouseMoved, 2, 2))
}

type focusPlan struct {
	Count    int
	Controls []struct{ Key, Desc, Group string }
}

// keyboard opens every disclosure, presses Tab through the page and expects
// every control to get the focus: each link, button, select and summary,
// and each radio group (its other radios are reached with the arrow keys).
func (tb *tab) keyboard(t *testing.T) {
	ctx := tb.ctx
	plan := eval[focusPlan](t, ctx, `(() => {
		document.querySelectorAll('details').forEach(d => { d.open = true; });
		window.__rpFocused = [];
		document.addEventListener('focusin', e => { if (e.target.dataset) window.__rpFocused.push(e.target.dataset.rpKey); }, true);
		const all = [...document.querySelectorAll('a[href], button, input, select, textarea, summary, [tabindex], [contenteditable]')];
		const controls = [];
		all.forEach((el, i) => {
			el.dataset.rpKey = 'k' + i;
			if (el.disabled || el.type === 'hidden' || el.getAttribute('tabindex') === '-1') return;
			if (el.tagName === 'SUMMARY' && el.parentElement.querySelector(':scope > summary') !== el) return;
			if (el.getClientRects().length === 0 || getComputedStyle(el).visibility === 'hidden' || el.closest('[inert]')) return;
			const label = (el.getAttribute('aria-label') || el.textContent || el.value || el.name || '').trim().replace(/\s+/g, ' ').slice(0, 60);
			const desc = el.tagName.toLowerCase() + (el.type ? '[type=' + el.type + ']' : '') + (el.id ? '#' + el.id : '') + ' "' + label + '"';
			controls.push({key: 'k' + i, desc, group: el.type === 'radio' ? 'radio:' + el.name : ''});
		});
		document.activeElement && document.activeElement.blur();
		window.scrollTo(0, 0);
		return {count: controls.length, controls};
	})()`)
	if plan.Count == 0 {
		t.Fatal("no focusable control on the page")
	}
	// One Tab per control, a few more to spare.
	do(t, ctx, chromedp.KeyEvent(strings.Repeat(kb.Tab, plan.Count+5)))
	focused := eval[[]string](t, ctx, `window.__rpFocused`)
	got := map[string]bool{}
	for _, k := range focused {
		got[k] = true
	}
	groups := map[string]bool{}
	for _, c := range plan.Controls {
		if c.Group != "" && got[c.Key] {
			groups[c.Group] = true
		}
	}
	missed := 0
	for _, c := range plan.Controls {
		if got[c.Key] || (c.Group != "" && groups[c.Group]) {
			continue
		}
		if c.Group != "" {
			if groups[c.Group+"-reported"] {
				continue
			}
			groups[c.Group+"-reported"] = true
		}
		missed++
		if missed <= 20 {
			t.Errorf("Tab never reaches %s", c.Desc)
		}
	}
	if missed > 20 {
		t.Errorf("… and %d more controls Tab never reaches", missed-20)
	}
	t.Logf("Tab reached %d of %d controls", len(got), plan.Count)
	do(t, ctx, chromedp.Evaluate[chromedp.Void](`document.activeElement && document.activeElement.blur(); window.scrollTo(0, 0)`))
}

type axeViolation struct {
	ID      string
	Impact  string
	Help    string
	HelpURL string
	Count   int
	Nodes   []struct{ Target, Summary, HTML string }
}

// axe runs axe-core over the page, its disclosures open, and fails on every
// serious or critical violation.
func (tb *tab) axe(t *testing.T) {
	if tb.e.axe == "" {
		if inCI() {
			t.Fatal(tb.e.axeMiss)
		}
		t.Skip(tb.e.axeMiss)
	}
	ctx := tb.ctx
	do(t, ctx,
		chromedp.Evaluate[chromedp.Void](`document.querySelectorAll('details').forEach(d => { d.open = true; })`),
		chromedp.Evaluate[chromedp.Void](tb.e.axe),
	)
	violations := eval[[]axeViolation](t, ctx, `axe.run(document, {resultTypes: ['violations'], preload: false}).then(r => r.violations.map(v => ({
		id: v.id, impact: v.impact, help: v.help, helpUrl: v.helpUrl, count: v.nodes.length,
		nodes: v.nodes.slice(0, 5).map(n => ({target: n.target.join(' '), summary: n.failureSummary, html: n.html.slice(0, 200)})),
	})))`, chromedp.EvalAwaitPromise)
	for _, v := range violations {
		var b strings.Builder
		fmt.Fprintf(&b, "axe %s (%s): %s, %d element(s) [%s]", v.ID, v.Impact, v.Help, v.Count, v.HelpURL)
		for _, n := range v.Nodes {
			fmt.Fprintf(&b, "\n\t%s: %s\n\t\t%s", n.Target, n.HTML, strings.ReplaceAll(n.Summary, "\n", "\n\t\t"))
		}
		if v.Impact == "serious" || v.Impact == "critical" {
			t.Error(b.String())
		} else {
			t.Log(b.String())
		}
	}
}

type printStyle struct {
	Elements []struct {
		Class       string
		BreakInside string
		Display     string
		Width       float64
		Height      float64
	}
	Charts []struct{ Width, Height, Box float64 }
}

// print checks the print styles (charts and tiles never split across pages,
// charts no wider than A4's printable width) and prints the page to PDF.
func (tb *tab) print(t *testing.T) {
	ctx := tb.ctx
	setMedia := func(media string) {
		t.Helper()
		if _, err := chromedp.Call(ctx, emulation.SetEmulatedMedia, emulation.SetEmulatedMediaParams{Media: media}); err != nil {
			t.Fatal(err)
		}
	}
	setMedia("print")
	const printable = 680.4 // A4 less 15 mm margins, in CSS px (180 mm)
	var st printStyle
	ok, why := waitFor(func() (bool, string) {
		st = eval[printStyle](t, ctx, `(() => ({
			elements: [...document.querySelectorAll('.chart, .tile')].map(el => { const cs = getComputedStyle(el), r = el.getBoundingClientRect();
				return {class: el.className, breakInside: cs.breakInside, display: cs.display, width: r.width, height: r.height}; }),
			charts: Object.values(window.reportpackCharts || {}).map(c => ({width: c.getWidth(), height: c.getHeight(),
				box: c.getDom().clientHeight})),
		}))()`)
		for _, c := range st.Charts {
			if c.Width > printable {
				return false, fmt.Sprintf("a chart draws %vpx wide in print, wider than A4's %vpx", c.Width, printable)
			}
		}
		return true, ""
	})
	if !ok {
		t.Error(why)
	}
	for _, el := range st.Elements {
		if el.Display == "none" {
			continue
		}
		if el.BreakInside != "avoid" {
			t.Errorf("%q has break-inside: %s in print, want avoid", el.Class, el.BreakInside)
		}
		if el.Width > printable+0.5 {
			t.Errorf("%q is %.0fpx wide in print, wider than A4's %.0fpx", el.Class, el.Width, printable)
		}
	}
	for _, c := range st.Charts {
		if c.Height > c.Box+0.5 {
			t.Errorf("a chart draws %vpx high in print, in a box %vpx high: its foot spills out of the unbreakable box", c.Height, c.Box)
		}
	}
	setMedia("")

	pdf, err := chromedp.Run(ctx, chromedp.PrintToPDF(chromedp.PDFPaper(chromedp.PaperA4), chromedp.PDFPreferCSSPageSize()))
	if err != nil {
		t.Fatalf("printing to PDF: %v", err)
	}
	if !bytes.HasPrefix(pdf, []byte("%PDF-")) || len(pdf) < 1000 {
		t.Fatalf("printing gave %d bytes that are not a PDF", len(pdf))
	}
	p := filepath.Join(tb.e.shots, tb.name()+".pdf")
	if err := os.WriteFile(p, pdf, 0o644); err != nil {
		t.Fatal(err)
	}
	t.Logf("PDF of %s: %s (%d bytes)", tb.pg.rel, p, len(pdf))
}

type figureInfo struct {
	ID, Kind     string
	Canvas       bool
	Width        float64
	Height       float64
	Series       int
	Points       int   // bars drawn (not "-")
	Categories   int   // bars or columns the axis holds
	Rows         int   // rows of the chart's table
	Counts       []int // a histogram's counts as drawn
	TableCounts  []int // and as its table gives them
	Marker       bool
	TableMissing bool
}

// jsFigures describes every assessment chart on the page: what ECharts drew
// and what the chart's accessible table says.
const jsFigures = `(() => {
	const out = [];
	for (const el of [...document.querySelectorAll('.rp-chart')]) {
		const c = (window.reportpackFigures || {})[el.id];
		const table = document.querySelector('[data-rp-chart-table="' + el.id + '"]');
		const info = {id: el.id, kind: el.getAttribute('data-kind'), canvas: false, tableMissing: !table};
		if (table) {
			const rows = [...table.querySelectorAll('tbody tr')].filter(r => !r.querySelector('th[scope=rowgroup]'));
			info.rows = rows.length;
			if (info.kind === 'histogram') info.tableCounts = rows.map(r => parseInt(r.querySelector('td').textContent, 10));
		}
		if (c) {
			const o = c.getOption();
			const series = o.series || [];
			const cats = (info.kind === 'bars' ? o.yAxis : o.xAxis)[0].data || [];
			info.canvas = !!c.getDom().querySelector('canvas');
			info.width = c.getWidth(); info.height = c.getHeight();
			info.series = series.length;
			info.categories = cats.length;
			info.points = series.length ? series[0].data.filter(v => v !== '-' && v != null).length : 0;
			if (info.kind === 'histogram') info.counts = series[0].data.map(Number);
			info.marker = !!(series[0] && series[0].markLine && (series[0].markLine.data || []).length);
		}
		out.push(info);
	}
	return out;
})()`

// figures checks that each assessment chart drew from its data, offline,
// and that its table gives the same figures; a histogram is drawn only in
// the named profile, and elsewhere the page says why not.
func (tb *tab) figures(t *testing.T) {
	infos := eval[[]figureInfo](t, tb.ctx, jsFigures)
	withheld := eval[string](t, tb.ctx, `[...document.querySelectorAll('.chart-withheld')].map(p => p.textContent).join(' | ')`)
	for _, f := range infos {
		if !f.Canvas || f.Width <= 0 || f.Height <= 0 {
			t.Errorf("chart %s has no canvas drawn (%vx%v)", f.ID, f.Width, f.Height)
		}
		if f.TableMissing {
			t.Errorf("chart %s has no table of its figures", f.ID)
		}
		if f.Rows != f.Categories {
			t.Errorf("chart %s has %d bars on its axis, its table %d rows", f.ID, f.Categories, f.Rows)
		}
		switch f.Kind {
		case "bars":
			if f.Series != 2 || f.Points == 0 {
				t.Errorf("bars %s: %d series, %d bars drawn", f.ID, f.Series, f.Points)
			}
		case "histogram":
			if !tb.pg.named() {
				t.Errorf("histogram %s drawn in the %s profile", f.ID, tb.pg.profile)
			}
			if !slices.Equal(f.Counts, f.TableCounts) {
				t.Errorf("histogram %s draws %v, its table says %v", f.ID, f.Counts, f.TableCounts)
			}
			if tb.pg.kind == "phonics" && !f.Marker {
				t.Errorf("histogram %s has no threshold marker", f.ID)
			}
		default:
			t.Errorf("chart %s of unknown kind %q", f.ID, f.Kind)
		}
	}
	if tb.pg.kind == "attendance" {
		want := map[string]bool{"chart_att_bands": true, "chart_att_pa_years": true}
		for _, f := range infos {
			delete(want, f.ID)
		}
		if len(want) > 0 {
			t.Errorf("the attendance page does not draw %v", want)
		}
		tb.chooseGroup(t)
	}
	if (tb.pg.kind == "phonics" || tb.pg.kind == "mtc") && !tb.pg.named() &&
		!strings.Contains(withheld, "withheld in this pack: counts of pupils by") {
		t.Errorf("the %s profile's %s page does not say its histogram is withheld (%q)", tb.pg.profile, tb.pg.kind, withheld)
	}
	if tb.pg.kind == "phonics" && tb.pg.named() && !slices.ContainsFunc(infos, func(f figureInfo) bool { return f.Kind == "histogram" }) {
		t.Errorf("the named phonics page draws no histogram (%q)", withheld)
	}
}

// jsChooseGroup draws a chart with a group selector for each of its
// groups in turn, and reports what was drawn against the group's data.
const jsChooseGroup = `(() => {
	const sel = document.querySelector('select[data-rp-chart-group]');
	if (!sel) return {missing: true};
	const id = sel.getAttribute('data-rp-chart-group');
	const data = JSON.parse(document.querySelector('script.rp-chart-data[data-target="' + id + '"]').textContent);
	const chart = (window.reportpackFigures || {})[id];
	const note = document.querySelector('[data-rp-chart-hidden="' + id + '"]');
	const out = {options: sel.options.length, groups: []};
	for (const c of data.choices || []) {
		sel.value = c.id;
		sel.dispatchEvent(new Event('change'));
		const drawn = chart.getOption().series[0].data;
		out.groups.push({id: c.id, same: JSON.stringify(drawn) === JSON.stringify(c.school),
			hidden: c.hidden.length, note: note ? note.textContent : null});
	}
	sel.value = 'all';
	sel.dispatchEvent(new Event('change'));
	return out;
})()`

type chooseInfo struct {
	Missing bool
	Options int
	Groups  []struct {
		ID     string
		Same   bool
		Hidden int
		Note   *string
	}
}

// chooseGroup checks the attendance bands chart's group selector: each
// group draws exactly its own published figures, and the page says which
// bars are not drawn and why, or nothing when all are.
func (tb *tab) chooseGroup(t *testing.T) {
	c := eval[chooseInfo](t, tb.ctx, jsChooseGroup)
	if c.Missing || c.Options < 2 || len(c.Groups) != c.Options {
		t.Fatalf("bands chart selector: missing %v, %d options, %d groups in its data", c.Missing, c.Options, len(c.Groups))
	}
	for _, g := range c.Groups {
		if !g.Same {
			t.Errorf("group %s: the chart does not draw the group's figures", g.ID)
		}
		switch {
		case g.Note == nil:
			t.Errorf("group %s: no note of hidden bars", g.ID)
		case g.Hidden > 0 && !strings.Contains(*g.Note, "Not drawn, as the figures are withheld in this pack"):
			t.Errorf("group %s hides %d bars, the page says %q", g.ID, g.Hidden, *g.Note)
		case g.Hidden == 0 && *g.Note != "":
			t.Errorf("group %s hides nothing, the page says %q", g.ID, *g.Note)
		}
	}
}
