package measures

// One init, so the registries are checked in dependency order rather than
// in the order the compiler happens to see the files.
func init() {
	initMeasures()
	initGroups()
	initTables()
}
