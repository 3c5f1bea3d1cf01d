package engine

import (
	"os"
	"slices"
	"strings"
	"testing"

	"github.com/tokenizerd/tokenizerd/internal/reference"
)

func TestMinKey(t *testing.T) {
	for _, keys := range [][]uint64{
		{deadKey, deadKey, deadKey, deadKey},
		{5, deadKey, deadKey, deadKey},
		{deadKey, deadKey, deadKey, 7},
		{9, 3, 8, 3, noMergeKey, 4, deadKey, deadKey},
		{noMergeKey | 1, noMergeKey, deadKey, deadKey},
	} {
		if got, want := minKey(keys), slices.Min(keys); got != want {
			t.Errorf("minKey(%v) = %d, want %d", keys, got, want)
		}
	}
}

// TestMergeLinearMatchesHeap merges every word of the bench corpus with the linear merge and with the heap
// (HF's Word::merge_all) and wants the same symbols.
func TestMergeLinearMatchesHeap(t *testing.T) {
	data, err := os.ReadFile(reference.Path(t, "corpus", "bench_mixed.txt"))
	if err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(string(data), "\n")
	if testing.Short() {
		lines = lines[:5000]
	}
	for _, model := range []string{"Qwen/Qwen3", "openai-community/gpt2"} {
		t.Run(model, func(t *testing.T) {
			tk, err := Load(reference.TokenizerJSON(t, model))
			if err != nil {
				t.Fatal(err)
			}
			m := tk.model.(*bpeModel)
			seen := map[string]bool{}
			var linear, heap bpeScratch
			for _, line := range lines {
				found, err := tk.byteLevel.split.re.FindAllIndex(line, nil)
				if err != nil {
					t.Fatal(err)
				}
				for _, match := range found {
					w := line[match[0]:match[1]]
					if seen[w] || len(w) < 2 || len(w) > linearMergeMax {
						continue
					}
					seen[w] = true
					linear.syms, heap.syms = linear.syms[:0], heap.syms[:0]
					for i := 0; i < len(w); i++ {
						linear.syms = append(linear.syms, wordSymbol{m.rawIDs[w[i]], 1})
						heap.syms = append(heap.syms, wordSymbol{m.rawIDs[w[i]], 1})
					}
					linear.mergeLinear(m.merges)
					heap.mergeHeap(m.merges)
					if !slices.Equal(linear.syms, heap.syms) {
						t.Fatalf("%q: linear %v, heap %v", w, linear.syms, heap.syms)
					}
				}
			}
		})
	}
}
