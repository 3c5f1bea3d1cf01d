package chat

import (
	"testing"

	"github.com/tokenizerd/tokenizerd/internal/reference"
)

// BenchmarkRenderQwen3ToolCall renders the Qwen3 tool-call roundtrip record (template parse included, as the
// guest does per request today).
func BenchmarkRenderQwen3ToolCall(b *testing.B) {
	var g goldenChat
	for _, r := range readJSONL[goldenChat](b, reference.Path(b, "golden", "chat", "Qwen__Qwen3.jsonl")) {
		if r.Case == "tool_call_roundtrip" {
			g = r
		}
	}
	tpl := goldenTemplate(b, g.TemplateSource)
	req := requestFromGolden(b, g)
	b.ReportAllocs()
	for b.Loop() {
		if _, err := Render(tpl, req, Limits{}); err != nil {
			b.Fatal(err)
		}
	}
}
