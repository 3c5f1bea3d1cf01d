package engine

import (
	"slices"
	"testing"
)

func TestCharTokens(t *testing.T) {
	var c charTokens
	zhong, wen := "\u4e2d", "\u6587" // 中, 文: the same page of 256 characters
	a := []wordToken{{value: "x", id: 7, end: 1, charStart: 0, charEnd: 3}, {value: "y", id: 9, end: 3, charStart: 0, charEnd: 3}}
	b := []wordToken{{value: "z", id: 11, end: 3, charStart: 0, charEnd: 3}}
	if !isChar3(zhong) || !isChar3(wen) {
		t.Fatal("isChar3 is false for a three-byte character")
	}
	for _, seg := range []string{"abc", "é", "\u4e2da", "\xe4\xb8", "\xe4a\xad", "😀"[:3]} {
		if isChar3(seg) {
			t.Errorf("isChar3(%q) is true", seg)
		}
	}
	if got := c.get(zhong); got != nil {
		t.Fatalf("get before put: %v", got)
	}
	c.put(zhong, a)
	if got := c.get(wen); got != nil {
		t.Fatalf("get of another character of the page: %v", got)
	}
	c.put(wen, b)
	if got := c.get(zhong); !slices.Equal(got, a) {
		t.Errorf("get(中) = %v, want %v", got, a)
	}
	if got := c.get(wen); !slices.Equal(got, b) {
		t.Errorf("get(文) = %v, want %v", got, b)
	}
	// A full arena takes no more characters; those cached stay.
	c.arena = append(c.arena, make([]wordToken, charTokensMax-len(c.arena)-1)...)
	c.put("\u4e00", a)
	if got := c.get("\u4e00"); got != nil {
		t.Errorf("put into a full arena: get = %v", got)
	}
	if got := c.get(wen); !slices.Equal(got, b) {
		t.Errorf("get(文) after the arena filled = %v, want %v", got, b)
	}
}
