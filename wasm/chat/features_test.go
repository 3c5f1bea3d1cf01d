package chat

import (
	"encoding/json"
	"errors"
	"testing"

	"github.com/tokenizerd/tokenizerd/internal/reference"
	"github.com/tokenizerd/tokenizerd/wasm/chat/jinja"
)

type featureProbe struct {
	Name     string          `json:"name"`
	Template string          `json:"template"`
	Context  json.RawMessage `json:"context"`
	Python   struct {
		Rendered *string `json:"rendered"`
		Error    *string `json:"error"`
	} `json:"python_jinja2"`
}

// knownFeatureGaps are the probes of golden/jinja_features.jsonl whose Python result we do not reproduce
// (also listed in ENGINE.md).
var knownFeatureGaps = map[string]string{}

// renderProbe renders a probe template with the probe's context as the only variables, plus transformers'
// globals.
func renderProbe(t *testing.T, p featureProbe) (string, error) {
	ctx, err := ParseJSON(p.Context)
	if err != nil {
		t.Fatal(err)
	}
	vars := map[string]jinja.Value{}
	d := ctx.(*jinja.Dict)
	for i, k := range d.Keys() {
		vars[k.(string)] = d.Values()[i]
	}
	tpl, err := jinja.Compile(p.Template, jinja.Limits{})
	if err != nil {
		return "", err
	}
	return tpl.Render(vars, jinja.Extensions{Globals: globals(fixedClock)})
}

// pythonErrorText spells an error the way the reference does: "<Python exception type>: <message>".
func pythonErrorText(err error) string {
	var te *TemplateError
	if errors.As(err, &te) {
		return "TemplateError: " + te.Message
	}
	return err.Error()
}

func TestJinjaFeaturesPythonParity(t *testing.T) {
	probes := readJSONL[featureProbe](t, reference.Path(t, "golden", "jinja_features.jsonl"))
	matched := 0
	for _, p := range probes {
		got, err := renderProbe(t, p)
		var ok bool
		var detail string
		if p.Python.Error != nil {
			ok = err != nil && pythonErrorText(err) == *p.Python.Error
			detail = "want error " + *p.Python.Error
		} else {
			ok = err == nil && got == *p.Python.Rendered
			detail = "want " + *p.Python.Rendered
		}
		_, known := knownFeatureGaps[p.Name]
		switch {
		case ok && known:
			t.Errorf("%s now matches Python: remove it from knownFeatureGaps", p.Name)
		case !ok && !known:
			t.Errorf("%s: got %q, err %v; %s", p.Name, got, err, detail)
		}
		if ok {
			matched++
		}
	}
	if len(probes) != 68 {
		t.Errorf("probes: %d, want 68", len(probes))
	}
	if want := len(probes) - len(knownFeatureGaps); matched != want {
		t.Errorf("matched %d of %d probes, want %d", matched, len(probes), want)
	}
	t.Logf("Python parity: %d of %d jinja_features probes", matched, len(probes))
}
