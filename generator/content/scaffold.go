package content

import (
	"crypto/sha256"
	"encoding/hex"
	"io/fs"
	"path"
	"strings"
)

// exampleCommentary holds, per file under content/, the SHA-256 of each
// version of the example site's commentary that `reportpack new` has
// copied into a new site (line endings as \n), so that a real pack still
// carrying one unchanged can be warned of. These files speak of the
// example's made-up pupils and schools. The glossary is left out: it
// defines terms, says nothing of the example, and a real pack may keep it
// as it is. scaffold_test.go checks that the repository's content/ is
// listed.
var exampleCommentary = map[string][]string{
	"_index.md": {
		"73425a81292f4d650d53a38558fb217135ebb0ca8cf6970dd3a67d64f6cd79d6",
	},
	"ks2.md": {
		"7713ce2aff32cb6b5e7c23f561204475377a25c7dc3b2cc788c002c35d8fa572",
		"b5ee84edf4114316eb3735477cb3d30664716a3cedbf04f1c04b8b0ca9cb2831",
	},
	"ks4.md": {
		"1ffa706895c4e39d8020406a059889c1011dbed28ec212647e4bd5f026e01b9c",
		"be65d88770e724189568e84dc773692d07ccce5ff85cddf2c869278050bf6201",
	},
	"schools/900001/governors.md": {
		"ce2b75b78e62b95bcd9a90563ae80144c6d6aeaf4604c03cea74c3c8af360824",
	},
}

// commentaryHash is the hex SHA-256 of a commentary file, its line endings
// made \n so that a copy saved on Windows still matches.
func commentaryHash(b []byte) string {
	s := strings.ReplaceAll(string(b), "\r\n", "\n")
	h := sha256.Sum256([]byte(s))
	return hex.EncodeToString(h[:])
}

// ExampleCommentary returns the files of the commentary folder fsys (rooted
// at content/) that are the example site's commentary, as `reportpack new`
// copied it, unchanged (wherever they now sit: the example school's page
// moved under another URN still counts): paths relative to content/, in
// walk order. A real pack would publish them as its own words about
// made-up pupils.
func ExampleCommentary(fsys fs.FS) []string {
	known := map[string]bool{}
	for _, hashes := range exampleCommentary {
		for _, h := range hashes {
			known[h] = true
		}
	}
	var out []string
	_ = fs.WalkDir(fsys, ".", func(name string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || path.Ext(name) != ".md" {
			return nil // an unreadable folder is content.Load's to report
		}
		if b, err := fs.ReadFile(fsys, name); err == nil && known[commentaryHash(b)] {
			out = append(out, name)
		}
		return nil
	})
	return out
}
