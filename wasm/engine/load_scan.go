package engine

import (
	"errors"
	"fmt"

	"github.com/tokenizerd/tokenizerd/wasm/engine/jsonscan"
)

// fieldSet rejects a key that appears twice in one object, as serde does for a struct's fields.
type fieldSet []string

func (f *fieldSet) add(key []byte) error {
	for _, k := range *f {
		if k == string(key) {
			return fmt.Errorf("duplicate field %q", key)
		}
	}
	*f = append(*f, string(key))
	return nil
}

// optString reads a string or null.
func optString(s *jsonscan.Scanner) (string, bool) {
	if s.Null() {
		return "", false
	}
	return string(s.String()), true
}

// optBool reads a boolean or null (false).
func optBool(s *jsonscan.Scanner) bool {
	return !s.Null() && s.Bool()
}

// scanError names the section where the scanner failed; errors raised by the loader itself already do.
// Only the scanner's own errors are wrapped, once, by the innermost reader that knows where it was.
func scanError(path string, err error) error {
	if _, ok := err.(*jsonscan.SyntaxError); !ok {
		return err
	}
	if errors.Is(err, jsonscan.ErrTooMany) {
		return fmt.Errorf("engine: %s: %w: %w", path, ErrLimit, err)
	}
	return fmt.Errorf("engine: %s: %w", path, err)
}

// scanTokenizer validates the whole file and cuts it into its sections. The sections alias data.
func scanTokenizer(data []byte, lim Limits) (rawTokenizer, error) {
	var raw rawTokenizer
	if len(data) > lim.MaxFileSize {
		return raw, fmt.Errorf("engine: tokenizer.json is larger than %d bytes: %w", lim.MaxFileSize, ErrLimit)
	}
	s := jsonscan.New(data, lim.MaxDepth)
	var seen fieldSet
	for key := range s.Members() {
		if err := seen.add(key); err != nil {
			s.Fail(fmt.Errorf("engine: tokenizer.json: %w", err))
			break
		}
		switch string(key) {
		case "version":
			if v, _ := optString(s); v != "" && v != "1.0" {
				s.Fail(fmt.Errorf("engine: unknown tokenizer version %q", v))
			}
		case "truncation":
			raw.Truncation = s.Skip()
		case "padding":
			raw.Padding = s.Skip()
		case "added_tokens":
			raw.AddedTokens = scanAddedTokens(s, lim.MaxAddedTokens)
			s.Rewrap(func(err error) error { return scanError("added_tokens", err) })
		case "normalizer":
			raw.Normalizer = s.Skip()
		case "pre_tokenizer":
			raw.PreTokenizer = s.Skip()
		case "post_processor":
			raw.PostProcessor = s.Skip()
		case "decoder":
			raw.Decoder = s.Skip()
		case "model":
			mark := s.Mark()
			if isBPE(s) {
				if m := scanBPEModel(s, "model", lim); m != nil {
					raw.model = m
				}
			} else {
				s.Skip()
			}
			raw.Model = s.Since(mark)
		default:
			s.Skip()
		}
	}
	if err := s.Finish(); err != nil {
		return raw, scanError("parsing tokenizer.json", err)
	}
	return raw, nil
}

// scanAddedTokens reads "added_tokens": a list of HF AddedToken objects (or null). A missing or null
// "normalized" means true, as in HF.
func scanAddedTokens(s *jsonscan.Scanner, limit int) []addedToken {
	if s.Null() {
		return nil
	}
	var list []addedToken
	for range s.Elements() {
		if len(list) >= limit {
			s.Fail(fmt.Errorf("engine: added_tokens: more than %d tokens: %w", limit, ErrLimit))
			break
		}
		tok := addedToken{normalized: true}
		var seen fieldSet
		for key := range s.Members() {
			if err := seen.add(key); err != nil {
				s.Fail(fmt.Errorf("engine: added_tokens[%d]: %w", len(list), err))
				break
			}
			switch string(key) {
			case "id":
				s.Uint(1<<32 - 1) // HF assigns ids itself (see newAddedVocabulary)
			case "content":
				tok.content = string(s.String())
			case "single_word":
				tok.singleWord = optBool(s)
			case "lstrip":
				tok.lstrip = optBool(s)
			case "rstrip":
				tok.rstrip = optBool(s)
			case "normalized":
				tok.normalized = s.Null() || s.Bool()
			case "special":
				tok.special = optBool(s)
			default:
				s.Skip()
			}
		}
		list = append(list, tok)
	}
	return list
}

// isBPE reports whether the model object that s reaches next says "type": "BPE" as its first member, as HF
// writes it. Such a model is read in place, in the same pass as the rest of the file; any other goes
// through loadModel.
func isBPE(s *jsonscan.Scanner) bool {
	ahead := s.Sub(s.Rest())
	for key := range ahead.Members() {
		return string(key) == "type" && ahead.Peek() == jsonscan.String && string(ahead.String()) == "BPE"
	}
	return false
}
