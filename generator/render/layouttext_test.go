package render

import (
	"testing"
)

// LayoutText keeps a layout's text and markup and drops its actions, in
// every template the layout defines, branches included.
func TestLayoutText(t *testing.T) {
	src := `{{define "main"}}<h1 class="t">{{.Title}}</h1>{{if .X}}<p>Shown {{.N | fmt}} when</p>{{else}}Otherwise{{end}}` +
		`{{range .Rows}}<td>{{.}}</td>{{end}}{{with .Y}}With{{end}}{{/* a comment */}}{{end}}{{block "foot" .}}Footer{{end}}`
	got, err := LayoutText("x.html", []byte(src))
	if err != nil {
		t.Fatal(err)
	}
	// Templates in name order: "foot", then "main", then the file's own.
	want := `Footer<h1 class="t"></h1><p>Shown  when</p>Otherwise<td></td>With`
	if string(got) != want {
		t.Errorf("LayoutText = %q, want %q", got, want)
	}
	if _, err := LayoutText("bad.html", []byte("{{if}}")); err == nil {
		t.Error("a layout that does not parse gave no error")
	}
}
