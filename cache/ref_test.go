package cache

import (
	"errors"
	"strings"
	"testing"
)

func TestParseRef(t *testing.T) {
	valid := []struct{ ref, id, rev string }{
		{"Qwen/Qwen3-0.6B", "Qwen/Qwen3-0.6B", ""},
		{"meta-llama/Llama-3.1-8B@main", "meta-llama/Llama-3.1-8B", "main"},
		{"org_x/a.b_c@refs/pr/12", "org_x/a.b_c", "refs/pr/12"},
		{"a/b@" + testCommit, "a/b", testCommit},
		{"a/b@v1.0-rc_2", "a/b", "v1.0-rc_2"},
	}
	for _, tt := range valid {
		id, rev, err := ParseRef(tt.ref)
		if err != nil || id != tt.id || rev != tt.rev {
			t.Errorf("ParseRef(%q) = %q, %q, %v", tt.ref, id, rev, err)
		}
	}
	invalid := []string{
		"", "gpt2", "a/b/c", "/a/b", "a/", "/b", "../a/b", "a/..", "../../etc/passwd", "a/b/../../c", "..a/b", "a/b..",
		"a\\b/c", "a/b\\..", "a/b\x00", "a\x00/b", "a/b c", "a/b%2e%2e", "a/.hidden", "a/b.", "-a/b", "a/b-", "a/b--c",
		"a/b@", "a/b@../x", "a/b@/abs", "a/b@x//y", "a/b@-flag", "a/b@x/", "a/b@a b", "a/b@a\\b", "a/b@x\x00",
		"C:/x", "a:/b", "a/b:c", "\u0430/b", "a/b\n", strings.Repeat("a", 97) + "/b", "a/b@" + strings.Repeat("x", 256),
	}
	for _, ref := range invalid {
		if id, rev, err := ParseRef(ref); !errors.Is(err, ErrInvalidName) {
			t.Errorf("ParseRef(%q) = %q, %q, %v; want ErrInvalidName", ref, id, rev, err)
		}
	}
}

func FuzzParseRef(f *testing.F) {
	for _, s := range []string{"a/b", "a/b@main", "../x", "a/b@refs/pr/1", "a\\b/c"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, ref string) {
		id, _, err := ParseRef(ref)
		if err != nil {
			return
		}
		// Whatever passes names exactly one folder two levels below the models folder.
		org, name, _ := strings.Cut(id, "/")
		for _, seg := range []string{org, name} {
			if seg == "" || seg == "." || seg == ".." || strings.ContainsAny(seg, "/\\:\x00") || strings.HasPrefix(seg, ".") {
				t.Fatalf("ParseRef(%q) accepted id %q", ref, id)
			}
		}
	})
}
