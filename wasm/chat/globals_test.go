package chat

import (
	"errors"
	"testing"
	"time"
)

// Expected strings are Python's datetime.strftime (glibc) for the same naive datetimes.
func TestStrftimeNowMatchesPython(t *testing.T) {
	for _, c := range []struct {
		now          time.Time
		format, want string
	}{
		{fixedClock, "%Y-%m-%dT%H:%M:%S %j %a %-m/%-d %I%p %y %e %B %b %A %c|%Z|%z|%%",
			"2025-07-10T12:00:00 191 Thu 7/10 12PM 25 10 July Jul Thursday Thu Jul 10 12:00:00 2025|||%"},
		{time.Date(2024, 1, 5, 0, 7, 9, 0, time.UTC), "%d %b %Y %-d %-H %I %p %j %e %u %w",
			"05 Jan 2024 5 0 12 AM 005  5 5 5"},
	} {
		got, err := Render("{{ strftime_now(f) }}", Request{Now: c.now, Kwargs: map[string]any{"f": c.format}}, Limits{})
		if err != nil || got != c.want {
			t.Errorf("%q: got %q, %v; want %q", c.format, got, err, c.want)
		}
	}
}

func TestStrftimeNowWithoutClockFails(t *testing.T) {
	_, err := Render("{{ strftime_now('%Y') }}", Request{}, Limits{})
	if !errors.Is(err, ErrNoClock) {
		t.Fatalf("want ErrNoClock, got %v", err)
	}
	// A template that never asks for the date renders without a clock.
	if got, err := Render("ok", Request{}, Limits{}); err != nil || got != "ok" {
		t.Fatalf("got %q, %v", got, err)
	}
}

func TestRaiseExceptionIsTyped(t *testing.T) {
	_, err := Render("{% if messages | length < 2 %}{{ raise_exception('need ' ~ 2 ~ ' messages') }}{% endif %}",
		Request{Messages: []any{map[string]any{"role": "user", "content": "x"}}}, Limits{})
	var te *TemplateError
	if !errors.As(err, &te) || te.Message != "need 2 messages" || err.Error() != "need 2 messages" {
		t.Fatalf("want TemplateError %q, got %v", "need 2 messages", err)
	}
}

func TestContextSeesToolsNoneAndKwargs(t *testing.T) {
	tpl := "{{ tools is none }} {{ documents is none }} {{ add_generation_prompt }} {{ bos_token }} {{ enable_thinking }} {{ messages | length }}"
	got, err := Render(tpl, Request{
		Messages:      []any{map[string]any{"role": "user", "content": "x"}},
		Kwargs:        map[string]any{"enable_thinking": false, "bos_token": "<override>"},
		SpecialTokens: map[string]any{"bos_token": "<s>"},
	}, Limits{})
	if want := "True True False <override> False 1"; err != nil || got != want {
		t.Fatalf("got %q, %v; want %q", got, err, want)
	}
	var re *RequestError
	if _, err := Render("x", Request{Kwargs: map[string]any{"messages": 1}}, Limits{}); !errors.As(err, &re) {
		t.Fatalf("a kwarg named messages must be refused, got %v", err)
	}
}
