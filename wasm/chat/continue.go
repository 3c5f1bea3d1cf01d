package chat

import (
	"strings"

	"github.com/tokenizerd/tokenizerd/wasm/chat/jinja"
)

// continueTag is transformers' marker for continue_final_message: appended to the final message's text before
// rendering, then the output is cut where it lands. The trailing space tells whether the template trimmed it.
const continueTag = "CONTINUE_FINAL_MESSAGE_TAG "

type continuation struct{ finalText string }

// markFinalMessage appends the tag to the final message's content (or its last text part), on copies.
func markFinalMessage(template string, messages []any) (*continuation, error) {
	if len(messages) == 0 {
		return nil, &RequestError{Message: "continue_final_message is set but there are no messages"}
	}
	last, ok := messages[len(messages)-1].(*jinja.Dict)
	if !ok {
		return nil, &RequestError{Message: "continue_final_message is set but the final message is not an object"}
	}
	content, _ := last.Get("content")
	if content == nil {
		return nil, &RequestError{Message: `continue_final_message is set but the final message has no "content" to continue!`}
	}
	if !strings.Contains(template, "content") {
		return nil, &RequestError{Message: `continue_final_message is set to "content" but this is not an accepted field in the chat_template`}
	}
	marked := copyDict(last)
	messages[len(messages)-1] = marked
	switch c := content.(type) {
	case string:
		marked.SetString("content", c+continueTag)
		return &continuation{finalText: c}, nil
	case *jinja.List:
		parts := &jinja.List{Items: append([]jinja.Value(nil), c.Items...), Tuple: c.Tuple}
		for i := len(parts.Items) - 1; i >= 0; i-- {
			part, ok := parts.Items[i].(*jinja.Dict)
			if !ok {
				continue
			}
			if text, ok := part.Get("text"); ok {
				s, isStr := text.(string)
				if !isStr {
					return nil, &RequestError{Message: "continue_final_message is set but the final text part is not a string"}
				}
				p := copyDict(part)
				p.SetString("text", s+continueTag)
				parts.Items[i] = p
				marked.SetString("content", parts)
				return &continuation{finalText: s}, nil
			}
		}
		return nil, &RequestError{Message: "continue_final_message is set but we could not find any text to continue in the final message!"}
	}
	return nil, &RequestError{Message: "continue_final_message is set but the final message's content is neither text nor a list of parts"}
}

func copyDict(d *jinja.Dict) *jinja.Dict {
	c := jinja.NewDict()
	for i, k := range d.Keys() {
		_ = c.Set(k, d.Values()[i])
	}
	return c
}

// cut ends the rendered chat where the final message's text ends, as transformers does.
func (c *continuation) cut(rendered string) (string, error) {
	tag := strings.TrimSpace(continueTag)
	if !strings.Contains(rendered, strings.TrimFunc(c.finalText, jinja.IsPythonSpace)) || !strings.Contains(rendered, tag) {
		return "", &RequestError{Message: "continue_final_message is set but the final message does not appear in the chat after " +
			"applying the chat template! This can happen if the chat template deletes portions of the final message. " +
			"Please verify the chat template and final message in your chat to ensure they are compatible."}
	}
	at := strings.LastIndex(rendered, tag)
	if strings.HasPrefix(rendered[at:], continueTag) {
		return rendered[:at], nil
	}
	return strings.TrimRightFunc(rendered[:at], jinja.IsPythonSpace), nil
}
