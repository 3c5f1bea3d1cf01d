package chat

import (
	"errors"
	"strings"
	"testing"
)

func errorsAs(err error, target any) bool { return err != nil && errors.As(err, target) }

// Each hostile template must stop with a LimitError under the default limits, not run away or crash.
func TestHostileTemplatesHitLimits(t *testing.T) {
	deepIf := strings.Repeat("{% if true %}", 5000) + "x" + strings.Repeat("{% endif %}", 5000)
	deepExpr := "{{ " + strings.Repeat("(", 100000) + "1" + strings.Repeat(")", 100000) + " }}"
	deepList := "{{ " + strings.Repeat("[", 100000) + strings.Repeat("]", 100000) + " }}"
	for _, c := range []struct {
		name, template, limit string
	}{
		{"macro recursion", "{% macro f(n) %}{{ f(n + 1) }}{% endmacro %}{{ f(0) }}", "depth"},
		{"mutual recursion through caller", "{% macro f() %}{% call f() %}{% endcall %}{% endmacro %}{{ f() }}", "depth"},
		{"recursive loop", "{% for x in [1] recursive %}{{ loop([1]) }}{% endfor %}", "depth"},
		{"huge string", "{{ 'x' * 10**9 }}", "output"},
		{"huge list", "{{ ([1] * 10**9) | length }}", "steps"},
		{"doubling concatenation", "{% set ns = namespace(s='x') %}{% for i in range(64) %}{% set ns.s = ns.s ~ ns.s %}{% endfor %}", "output"},
		{"doubling through replace", "{% set ns = namespace(s='xx') %}{% for i in range(64) %}{% set ns.s = ns.s.replace('x', 'xx') %}{% endfor %}", "output"},
		{"nested loops", "{% for i in range(100000) %}{% for j in range(100000) %}{% endfor %}{% endfor %}", "steps"},
		{"ranges built in a loop", "{% for i in range(100000) %}{% set r = range(100000) %}{% endfor %}", "steps"},
		{"output flood", "{% for i in range(100000) %}{{ 'y' * 1000 }}{% endfor %}", "output"},
		{"printing a list of a big string", "{% set s = 'z' * 1000000 %}{{ [s] * 1000 }}", "output"},
		{"deeply nested blocks", deepIf, "depth"},
		{"deeply nested parentheses", deepExpr, "depth"},
		{"deeply nested lists", deepList, "depth"},
	} {
		t.Run(c.name, func(t *testing.T) {
			_, err := Render(c.template, Request{}, Limits{})
			var le *LimitError
			if !errorsAs(err, &le) {
				t.Fatalf("want a LimitError, got %v", err)
			}
			if le.Limit != c.limit {
				t.Fatalf("hit the %s limit, want %s", le.Limit, c.limit)
			}
		})
	}
}

func TestSandboxRangeLimitAndSelfReference(t *testing.T) {
	_, err := Render("{{ range(100001) | length }}", Request{}, Limits{})
	var ee *EvalError
	if !errorsAs(err, &ee) || ee.Kind != "OverflowError" {
		t.Fatalf("want Jinja2's sandbox OverflowError for range, got %v", err)
	}
	// A namespace holding itself prints as Python prints a recursive dict.
	got, err := Render("{% set ns = namespace(a=1) %}{% set ns.me = ns %}{{ ns }}", Request{}, Limits{})
	if err != nil {
		t.Fatal(err)
	}
	if want := "<Namespace {'a': 1, 'me': <Namespace {...}>}>"; got != want {
		t.Fatalf("got %q, want %q", got, want)
	}
}

func TestLimitsAreConfigurable(t *testing.T) {
	_, err := Render("{% for i in range(10) %}{{ i }}{% endfor %}", Request{}, Limits{MaxSteps: 20})
	var le *LimitError
	if !errorsAs(err, &le) || le.Limit != "steps" || le.Max != 20 {
		t.Fatalf("want steps limit 20, got %v", err)
	}
	if _, err := Render("{{ 'ab' * 5 }}", Request{}, Limits{MaxOutputBytes: 9}); !errorsAs(err, &le) || le.Limit != "output" {
		t.Fatalf("want output limit, got %v", err)
	}
}

func TestInterruptedStopsARender(t *testing.T) {
	polls := 0
	lim := Limits{Interrupted: func() bool { polls++; return polls > 3 }}
	_, err := Render("{% for i in range(100000) %}{{ i }}{% endfor %}", Request{}, lim)
	if !errors.Is(err, ErrInterrupted) || polls != 4 {
		t.Fatalf("err = %v after %d polls, want ErrInterrupted after 4", err, polls)
	}
	got, err := Render("{% for i in range(3) %}{{ i }}{% endfor %}", Request{}, Limits{Interrupted: func() bool { return false }})
	if err != nil || got != "012" {
		t.Fatalf("got %q, %v", got, err)
	}
}
