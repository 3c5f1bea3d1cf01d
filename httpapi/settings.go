package httpapi

import (
	"encoding/json"
	"errors"
	"net/http"
	"sort"
	"strings"
)

// Settings are the llm-d tokenizer's run-time settings: the default model and the defaults of tokenization
// and chat-template rendering. GET /config shows them; POST /config changes them.
type Settings struct {
	Model               string       `json:"model"`
	AddSpecialTokens    OptionalBool `json:"add_special_tokens"`
	EnableThinking      bool         `json:"enable_thinking"`
	AddGenerationPrompt bool         `json:"add_generation_prompt"`
}

func (s *Server) getConfig(w http.ResponseWriter, _ *http.Request) {
	writeJSON(w, http.StatusOK, s.Settings())
}

// postConfig changes any of the settings. A change of model loads the new model first; when anything
// fails, nothing changes.
func (s *Server) postConfig(w http.ResponseWriter, r *http.Request) {
	var fields map[string]json.RawMessage
	if err := s.decodeJSON(w, r, &fields); err != nil {
		writeLLMDError(w, r, err)
		return
	}
	s.settingsMu.Lock()
	defer s.settingsMu.Unlock()
	old := s.settings.Load()
	next, err := applySettings(*old, fields)
	if err != nil {
		writeLLMDError(w, r, err)
		return
	}
	if next.Model != old.Model {
		m, err := s.deps.Models.Get(r.Context(), next.Model)
		if err != nil {
			writeLLMDError(w, r, err)
			return
		}
		setModel(r, m.Name())
		s.warm.Store(true)
	}
	s.settings.Store(&next)
	s.log.Info("configuration changed", "model", next.Model, "add_special_tokens", next.AddSpecialTokens,
		"enable_thinking", next.EnableThinking, "add_generation_prompt", next.AddGenerationPrompt)
	writeJSON(w, http.StatusOK, map[string]string{"status": "success", "message": "Configuration updated successfully"})
}

// applySettings returns cur with fields applied, or an error naming the first bad field.
func applySettings(cur Settings, fields map[string]json.RawMessage) (Settings, error) {
	keys := make([]string, 0, len(fields))
	for k := range fields {
		keys = append(keys, k)
	}
	sort.Strings(keys) // the first bad field reported is the same every time
	for _, key := range keys {
		raw := fields[key]
		var err error
		switch key {
		case "model":
			err = json.Unmarshal(raw, &cur.Model)
			if err == nil && strings.TrimSpace(cur.Model) == "" {
				return cur, badRequest(key, "model must not be empty")
			}
		case "add_special_tokens":
			err = json.Unmarshal(raw, &cur.AddSpecialTokens)
		case "enable_thinking":
			err = json.Unmarshal(raw, &cur.EnableThinking)
		case "add_generation_prompt":
			err = json.Unmarshal(raw, &cur.AddGenerationPrompt)
		default:
			return cur, badRequest(key, "unknown setting "+key+
				"; the settings are model, add_special_tokens, enable_thinking, add_generation_prompt")
		}
		var te *json.UnmarshalTypeError
		if errors.As(err, &te) {
			return cur, badRequest(key, key+" must be "+article(kindName(te))+", not "+article(te.Value))
		}
		if err != nil {
			return cur, badRequest(key, key+": "+err.Error())
		}
	}
	return cur, nil
}
