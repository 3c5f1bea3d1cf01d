package chat

import (
	"encoding/json"
	"fmt"
	"sort"
	"strings"
)

// Template files are read once per model, so encoding/json is fine here.

// SelectTemplate picks the chat template the way transformers does. Sources, highest precedence first (a
// chat_template.jinja file replaces the config's template in transformers): chatTemplateJinja, then
// chatTemplateJSON ({"chat_template": …}), then tokenizerConfig's chat_template. A source may hold one template
// or a list of named ones ([{"name", "template"}]). name "" picks "tool_use" when hasTools and that template
// exists, else "default"; a single unnamed template answers to "" and "default".
func SelectTemplate(tokenizerConfig, chatTemplateJinja, chatTemplateJSON []byte, name string, hasTools bool) (string, error) {
	named, err := loadTemplates(tokenizerConfig, chatTemplateJinja, chatTemplateJSON)
	if err != nil {
		return "", err
	}
	if named == nil {
		return "", ErrNoChatTemplate
	}
	if single, ok := named[""]; ok && len(named) == 1 {
		if name == "" || name == "default" {
			return single, nil
		}
		return "", fmt.Errorf("chat: no chat template named %q (the model has a single unnamed template): %w", name, ErrNoChatTemplate)
	}
	if name != "" {
		if t, ok := named[name]; ok {
			return t, nil
		}
		return "", fmt.Errorf("chat: no chat template named %q (the model has %s): %w", name, templateNames(named), ErrNoChatTemplate)
	}
	if t, ok := named["tool_use"]; ok && hasTools {
		return t, nil
	}
	if t, ok := named["default"]; ok {
		return t, nil
	}
	return "", fmt.Errorf("chat: the model has several chat templates (%s) and none is named \"default\": %w", templateNames(named), ErrNoChatTemplate)
}

func templateNames(named map[string]string) string {
	names := make([]string, 0, len(named))
	for n := range named {
		names = append(names, n)
	}
	sort.Strings(names)
	return strings.Join(names, ", ")
}

// loadTemplates returns the templates of the highest-precedence source that has any, keyed by name ("" for a
// single unnamed template), or nil when none has.
func loadTemplates(tokenizerConfig, chatTemplateJinja, chatTemplateJSON []byte) (map[string]string, error) {
	if len(chatTemplateJinja) > 0 {
		return map[string]string{"": string(chatTemplateJinja)}, nil
	}
	for _, src := range []struct {
		file string
		data []byte
	}{{"chat_template.json", chatTemplateJSON}, {"tokenizer_config.json", tokenizerConfig}} {
		if len(src.data) == 0 {
			continue
		}
		var doc struct {
			ChatTemplate json.RawMessage `json:"chat_template"`
		}
		if err := json.Unmarshal(src.data, &doc); err != nil {
			return nil, fmt.Errorf("chat: reading %s: %w", src.file, err)
		}
		named, err := parseTemplateField(doc.ChatTemplate)
		if err != nil {
			return nil, fmt.Errorf("chat: %s chat_template: %w", src.file, err)
		}
		if named != nil {
			return named, nil
		}
	}
	return nil, nil
}

func parseTemplateField(raw json.RawMessage) (map[string]string, error) {
	if len(raw) == 0 || string(raw) == "null" {
		return nil, nil
	}
	var single string
	if err := json.Unmarshal(raw, &single); err == nil {
		return map[string]string{"": single}, nil
	}
	var list []struct {
		Name     string `json:"name"`
		Template string `json:"template"`
	}
	if err := json.Unmarshal(raw, &list); err != nil {
		return nil, fmt.Errorf("neither a string nor a list of {name, template}: %w", err)
	}
	named := make(map[string]string, len(list))
	for _, t := range list {
		named[t.Name] = t.Template
	}
	return named, nil
}

// specialTokenKeys are the attributes of transformers' special_tokens_map, in its order.
var specialTokenKeys = [...]string{"bos_token", "eos_token", "unk_token", "sep_token", "pad_token", "cls_token", "mask_token"}

// SpecialTokensFromConfig reads the special tokens a template sees from tokenizer_config.json: each of
// bos_token … mask_token that is set, as a string (AddedToken objects reduced to their content), and
// additional_special_tokens as a list of strings when not empty.
func SpecialTokensFromConfig(tokenizerConfig []byte) (map[string]any, error) {
	var cfg map[string]json.RawMessage
	if err := json.Unmarshal(tokenizerConfig, &cfg); err != nil {
		return nil, fmt.Errorf("chat: reading tokenizer_config.json: %w", err)
	}
	out := map[string]any{}
	for _, k := range specialTokenKeys {
		tok, err := tokenContent(cfg[k])
		if err != nil {
			return nil, fmt.Errorf("chat: tokenizer_config.json %s: %w", k, err)
		}
		if tok != nil && *tok != "" { // transformers leaves out falsy attributes
			out[k] = *tok
		}
	}
	if raw := cfg["additional_special_tokens"]; len(raw) > 0 && string(raw) != "null" {
		var items []json.RawMessage
		if err := json.Unmarshal(raw, &items); err != nil {
			return nil, fmt.Errorf("chat: tokenizer_config.json additional_special_tokens: %w", err)
		}
		var list []any
		for _, it := range items {
			tok, err := tokenContent(it)
			if err != nil {
				return nil, fmt.Errorf("chat: tokenizer_config.json additional_special_tokens: %w", err)
			}
			if tok != nil {
				list = append(list, *tok)
			}
		}
		if len(list) > 0 {
			out["additional_special_tokens"] = list
		}
	}
	return out, nil
}

// tokenContent reads a token given as a string or as an AddedToken object; nil when unset.
func tokenContent(raw json.RawMessage) (*string, error) {
	if len(raw) == 0 || string(raw) == "null" {
		return nil, nil
	}
	var s string
	if err := json.Unmarshal(raw, &s); err == nil {
		return &s, nil
	}
	var added struct {
		Content *string `json:"content"`
	}
	if err := json.Unmarshal(raw, &added); err != nil {
		return nil, fmt.Errorf("neither a string nor an AddedToken: %w", err)
	}
	if added.Content == nil {
		return nil, fmt.Errorf("AddedToken without content")
	}
	return added.Content, nil
}
