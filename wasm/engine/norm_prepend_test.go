package engine

import (
	"encoding/json"
	"testing"
)

// Mistral's normalizer: Prepend "▁" then Replace " " by "▁". The prepended rune shares the first
// rune's alignment; a replacement takes the alignment of what it replaces.
func TestPrependAndReplace(t *testing.T) {
	norm, err := loadNormalizer(json.RawMessage(`{"type": "Sequence", "normalizers": [{"type": "Prepend", "prepend": "▁"},
		{"type": "Replace", "pattern": {"String": " "}, "content": "▁"}]}`), "normalizer")
	if err != nil {
		t.Fatal(err)
	}
	n := newNormalizedString("a b")
	if err := norm.normalize(&n); err != nil {
		t.Fatal(err)
	}
	if n.get() != "▁a▁b" {
		t.Fatalf("got %q", n.get())
	}
	want := []span{{0, 1}, {0, 1}, {0, 1}, {0, 1}, {1, 2}, {1, 2}, {1, 2}, {2, 3}}
	for i, w := range want {
		if got := n.alignAt(i); got != w {
			t.Errorf("byte %d aligned to %v, want %v", i, got, w)
		}
	}
	// An empty piece gets nothing prepended.
	empty := newNormalizedString("")
	if err := norm.normalize(&empty); err != nil || empty.get() != "" {
		t.Errorf("empty -> %q, %v", empty.get(), err)
	}
}

// Nmt removes control characters (the removal is charged to the rune before) and turns other
// spacing characters into a space that keeps their alignment.
func TestNmt(t *testing.T) {
	n := newNormalizedString("a\x01b\u200bc\td\u2581")
	if err := (nmtNormalizer{}).normalize(&n); err != nil {
		t.Fatal(err)
	}
	if n.get() != "ab c d " {
		t.Fatalf("got %q", n.get())
	}
	want := []span{{0, 1}, {2, 3}, {3, 6}, {6, 7}, {7, 8}, {8, 9}, {9, 12}}
	for i, w := range want {
		if got := n.alignAt(i); got != w {
			t.Errorf("byte %d aligned to %v, want %v", i, got, w)
		}
	}
}
