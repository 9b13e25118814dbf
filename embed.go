// Package reportpack is the repository root: the example site, whose
// default theme and scaffold files are embedded here so the reportpack
// binary works anywhere. The generator itself lives under generator/.
package reportpack

import (
	"embed"
	"io/fs"
)

//go:embed themes/default
var themeFS embed.FS

//go:embed site.toml all:content
var exampleFS embed.FS

// DefaultTheme is the built-in theme, rooted at its folder (layouts/, assets/).
func DefaultTheme() fs.FS {
	sub, err := fs.Sub(themeFS, "themes/default")
	if err != nil {
		panic(err) // the embed pattern above guarantees the folder
	}
	return sub
}

// ExampleSite is the example site's site.toml and content/, used by
// `reportpack new` to scaffold a site that builds as is.
func ExampleSite() fs.FS { return exampleFS }
