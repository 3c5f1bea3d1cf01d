package regex

import (
	"maps"
	"slices"
	"testing"
	"unicode"
)

// TestUnicodeTablesMatchTheMaps fails when a Go release adds, renames or drops a table: regenerate the list
// from unicode.Categories, unicode.Scripts and unicode.Properties, each group sorted by name.
func TestUnicodeTablesMatchTheMaps(t *testing.T) {
	i := 0
	for _, group := range []map[string]*unicode.RangeTable{unicode.Categories, unicode.Scripts, unicode.Properties} {
		for _, name := range slices.Sorted(maps.Keys(group)) {
			if i >= len(unicodeTables) || unicodeTables[i].name != name || unicodeTables[i].table != group[name] {
				t.Fatalf("entry %d: want unicode.%s", i, name)
			}
			i++
		}
	}
	if i != len(unicodeTables) {
		t.Fatalf("%d entries, the maps have %d tables", len(unicodeTables), i)
	}
}
