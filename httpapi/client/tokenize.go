package client

import "context"

// TokenizeOptions are the optional fields of a tokenize request.
type TokenizeOptions struct {
	Model            string // "" for the server's default model
	AddSpecialTokens *bool  // nil for the server's default (true)
	ReturnTokenStrs  bool
	ReturnOffsets    bool // offsets in Unicode code points of the prompt
}

// Encoding is the tokenization of one prompt.
type Encoding struct {
	Tokens    []uint32
	TokenStrs []string    // when asked for
	Offsets   [][2]uint32 // [start, end) in code points, when asked for
}

// Tokenized is the answer to one prompt.
type Tokenized struct {
	Encoding
	MaxModelLen int // the model's context length; 0 when unknown
}

type tokenizeRequest struct {
	Model            string `json:"model,omitempty"`
	Prompt           any    `json:"prompt"`
	AddSpecialTokens *bool  `json:"add_special_tokens,omitempty"`
	ReturnTokenStrs  bool   `json:"return_token_strs,omitempty"`
	ReturnOffsets    bool   `json:"return_offsets,omitempty"`
}

func newTokenizeRequest(prompt any, o TokenizeOptions) tokenizeRequest {
	return tokenizeRequest{Model: o.Model, Prompt: prompt, AddSpecialTokens: o.AddSpecialTokens,
		ReturnTokenStrs: o.ReturnTokenStrs, ReturnOffsets: o.ReturnOffsets}
}

// Tokenize encodes one prompt.
func (c *Client) Tokenize(ctx context.Context, prompt string, o TokenizeOptions) (*Tokenized, error) {
	var resp struct {
		MaxModelLen int         `json:"max_model_len"`
		Tokens      []uint32    `json:"tokens"`
		TokenStrs   []string    `json:"token_strs"`
		Offsets     [][2]uint32 `json:"offsets"`
	}
	if err := c.call(ctx, "/tokenize", newTokenizeRequest(prompt, o), &resp); err != nil {
		return nil, err
	}
	return &Tokenized{MaxModelLen: resp.MaxModelLen,
		Encoding: Encoding{Tokens: resp.Tokens, TokenStrs: resp.TokenStrs, Offsets: resp.Offsets}}, nil
}

// TokenizeBatch encodes several prompts in one request; the encodings come in the order of the prompts.
func (c *Client) TokenizeBatch(ctx context.Context, prompts []string, o TokenizeOptions) ([]Encoding, error) {
	var resp struct {
		Tokens    [][]uint32    `json:"tokens"`
		TokenStrs [][]string    `json:"token_strs"`
		Offsets   [][][2]uint32 `json:"offsets"`
	}
	if prompts == nil {
		prompts = []string{}
	}
	if err := c.call(ctx, "/tokenize", newTokenizeRequest(prompts, o), &resp); err != nil {
		return nil, err
	}
	out := make([]Encoding, len(resp.Tokens))
	for i := range out {
		out[i].Tokens = resp.Tokens[i]
		if i < len(resp.TokenStrs) {
			out[i].TokenStrs = resp.TokenStrs[i]
		}
		if i < len(resp.Offsets) {
			out[i].Offsets = resp.Offsets[i]
		}
	}
	return out, nil
}

// DetokenizeOptions are the optional fields of a detokenize request.
type DetokenizeOptions struct {
	Model             string // "" for the server's default model
	SkipSpecialTokens bool
}

type detokenizeRequest struct {
	Model             string `json:"model,omitempty"`
	Tokens            any    `json:"tokens"`
	SkipSpecialTokens bool   `json:"skip_special_tokens,omitempty"`
}

// Detokenize decodes one list of token ids.
func (c *Client) Detokenize(ctx context.Context, ids []uint32, o DetokenizeOptions) (string, error) {
	if ids == nil {
		ids = []uint32{}
	}
	var resp struct {
		Prompt string `json:"prompt"`
	}
	err := c.call(ctx, "/detokenize", detokenizeRequest{Model: o.Model, Tokens: ids, SkipSpecialTokens: o.SkipSpecialTokens}, &resp)
	return resp.Prompt, err
}

// DetokenizeBatch decodes several lists of token ids in one request.
func (c *Client) DetokenizeBatch(ctx context.Context, lists [][]uint32, o DetokenizeOptions) ([]string, error) {
	if len(lists) == 0 {
		return []string{}, nil // "tokens": [] would read as one empty list
	}
	sent := make([][]uint32, len(lists))
	for i, ids := range lists {
		sent[i] = ids
		if ids == nil {
			sent[i] = []uint32{} // null is not a list of ids
		}
	}
	var resp struct {
		Prompt []string `json:"prompt"`
	}
	err := c.call(ctx, "/detokenize", detokenizeRequest{Model: o.Model, Tokens: sent, SkipSpecialTokens: o.SkipSpecialTokens}, &resp)
	return resp.Prompt, err
}
