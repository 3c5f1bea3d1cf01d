package runtime

import (
	"context"
	"fmt"
	"time"

	"github.com/tokenizerd/tokenizerd/wasm/abi"
)

// ChatResult is a rendered chat prompt and, when asked for, its encoding.
type ChatResult struct {
	Prompt   string
	Encoding *Encoding
}

// RenderChat renders the model's chat template in its chat sandbox. request is the abi's ChatRequest JSON
// document (messages, tools, documents, add_generation_prompt, continue_final_message, chat_template,
// chat_template_kwargs); now is the clock strftime_now reads. With tokenize set the prompt is then encoded
// with opts, as Encode would.
func (m *Model) RenderChat(ctx context.Context, request []byte, now time.Time, tokenize bool, opts EncodeOptions) (ChatResult, error) {
	nanos := uint64(now.UnixNano())
	req := abi.AppendBytes(abi.AppendU32(abi.AppendU32(nil, uint32(nanos)), uint32(nanos>>32)), string(request))
	var out ChatResult
	err := m.chat.with(ctx, func(in *instance) error {
		res, err := in.call(ctx, exportRender, req, 0)
		if err != nil {
			return err
		}
		r := abi.NewReader(res)
		out.Prompt = string(r.Bytes())
		if err := r.Done(); err != nil {
			in.broken = true
			return fmt.Errorf("%w: %v", ErrSandbox, err)
		}
		return nil
	})
	if err != nil {
		return ChatResult{}, fmt.Errorf("%s: chat template: %w", m.name, err)
	}
	if tokenize {
		encodings, err := m.Encode(ctx, []string{out.Prompt}, opts)
		if err != nil {
			return ChatResult{}, err
		}
		out.Encoding = &encodings[0]
	}
	return out, nil
}
