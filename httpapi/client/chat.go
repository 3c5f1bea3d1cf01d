package client

import "context"

// ChatRequest is a chat to render with the model's chat template. Messages, Tools and Documents are
// anything that encodes as JSON lists (json.RawMessage keeps the caller's bytes, key order included).
type ChatRequest struct {
	Model                string         `json:"model,omitempty"` // "" for the server's default model
	Messages             any            `json:"messages"`
	Tools                any            `json:"tools,omitempty"`
	Documents            any            `json:"documents,omitempty"`
	AddGenerationPrompt  *bool          `json:"add_generation_prompt,omitempty"` // nil: true
	ContinueFinalMessage bool           `json:"continue_final_message,omitempty"`
	ChatTemplate         string         `json:"chat_template,omitempty"` // a template name, or a template where the server allows it
	ChatTemplateKwargs   map[string]any `json:"chat_template_kwargs,omitempty"`
	ReasoningEffort      string         `json:"reasoning_effort,omitempty"`
	AddSpecialTokens     bool           `json:"add_special_tokens,omitempty"`
}

// RenderedChat is a rendered chat prompt and its token ids.
type RenderedChat struct {
	RequestID string   `json:"request_id"`
	TokenIDs  []uint32 `json:"token_ids"`
	Prompt    string   `json:"prompt"`
}

// RenderChat renders a chat and tokenizes the prompt (POST /v1/chat/completions/render).
func (c *Client) RenderChat(ctx context.Context, req ChatRequest) (*RenderedChat, error) {
	var resp RenderedChat
	if err := c.call(ctx, "/v1/chat/completions/render", req, &resp); err != nil {
		return nil, err
	}
	return &resp, nil
}
