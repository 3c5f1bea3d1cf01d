package jinja

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

type tokenKind uint8

const (
	tokText       tokenKind = iota // template data between tags
	tokPrintBegin                  // {{
	tokPrintEnd                    // }}
	tokBlockBegin                  // {%
	tokBlockEnd                    // %}
	tokName
	tokString
	tokInt
	tokFloat
	tokOp
	tokEOF
)

type token struct {
	kind tokenKind
	val  string // text, name, operator, or the decoded string literal / number source
	line int
}

// lexer turns a normalized template source into tokens, applying trim_blocks, lstrip_blocks and the
// explicit -/+ whitespace controls exactly where Jinja2's lexer applies them.
type lexer struct {
	src          string
	pos          int
	line         int
	toks         []token
	lineStarting bool // the previous token ended with a newline (Jinja2's line_starting)
}

func tokenize(src string) ([]token, error) {
	lx := &lexer{src: src, line: 1, lineStarting: true}
	if err := lx.run(); err != nil {
		return nil, err
	}
	lx.toks = append(lx.toks, token{kind: tokEOF, line: lx.line})
	return lx.toks, nil
}

func (lx *lexer) errorf(format string, args ...any) error {
	return syntaxErrorf(lx.line, format, args...)
}

func (lx *lexer) run() error {
	for lx.pos < len(lx.src) {
		start := lx.nextTagStart(lx.pos)
		if start < 0 {
			lx.emitText(lx.src[lx.pos:])
			lx.pos = len(lx.src)
			break
		}
		opener := lx.src[start : start+2]
		sign := byte(0)
		if start+2 < len(lx.src) && (lx.src[start+2] == '-' || lx.src[start+2] == '+') {
			sign = lx.src[start+2]
		}
		text := lx.src[lx.pos:start]
		switch {
		case sign == '-':
			text = strings.TrimRightFunc(text, unicode.IsSpace)
		case sign != '+' && opener != "{{":
			text = lx.lstripBlock(text)
		}
		lx.emitText(text)
		lx.line += strings.Count(lx.src[lx.pos:start], "\n") - strings.Count(text, "\n")
		lx.pos = start + 2
		if sign != 0 && !(sign == '+' && opener == "{{") {
			lx.pos++
		}
		var err error
		switch opener {
		case "{#":
			err = lx.comment()
		case "{{":
			lx.toks = append(lx.toks, token{kind: tokPrintBegin, line: lx.line})
			err = lx.insideTag("}}")
		default:
			if lx.isRawBegin() {
				err = lx.raw()
			} else {
				lx.toks = append(lx.toks, token{kind: tokBlockBegin, line: lx.line})
				err = lx.insideTag("%}")
			}
		}
		if err != nil {
			return err
		}
	}
	return nil
}

func (lx *lexer) nextTagStart(from int) int {
	for i := from; i+1 < len(lx.src); i++ {
		if lx.src[i] == '{' {
			if c := lx.src[i+1]; c == '{' || c == '%' || c == '#' {
				return i
			}
		}
	}
	return -1
}

// lstripBlock removes the spaces before a block or comment tag that stands alone at the start of a line.
func (lx *lexer) lstripBlock(text string) string {
	lpos := strings.LastIndexByte(text, '\n') + 1
	if lpos == 0 && !lx.lineStarting {
		return text
	}
	rest := text[lpos:]
	if rest == "" || strings.TrimLeftFunc(rest, unicode.IsSpace) != "" {
		return text
	}
	return text[:lpos]
}

func (lx *lexer) emitText(text string) {
	if text != "" {
		lx.toks = append(lx.toks, token{kind: tokText, val: text, line: lx.line})
		lx.lineStarting = text[len(text)-1] == '\n'
	}
	lx.line += strings.Count(text, "\n")
}

// closeTag consumes a closing delimiter at lx.pos with its whitespace control; trim says whether trim_blocks
// applies (block and comment tags).
func (lx *lexer) closeTag(closer string, trim bool) bool {
	s := lx.src[lx.pos:]
	switch {
	case strings.HasPrefix(s, "-"+closer):
		lx.pos += 1 + len(closer)
		end := lx.pos
		for end < len(lx.src) {
			r, size := utf8.DecodeRuneInString(lx.src[end:])
			if !unicode.IsSpace(r) {
				break
			}
			end += size
		}
		lx.line += strings.Count(lx.src[lx.pos:end], "\n")
		lx.lineStarting = end > lx.pos && lx.src[end-1] == '\n'
		lx.pos = end
		return true
	case trim && strings.HasPrefix(s, "+"+closer):
		lx.pos += 1 + len(closer)
		lx.lineStarting = false
		return true
	case strings.HasPrefix(s, closer):
		lx.pos += len(closer)
		lx.lineStarting = false
		if trim && lx.pos < len(lx.src) && lx.src[lx.pos] == '\n' {
			lx.pos++
			lx.line++
			lx.lineStarting = true
		}
		return true
	}
	return false
}

func (lx *lexer) comment() error {
	for lx.pos < len(lx.src) {
		if lx.src[lx.pos] == '#' || lx.src[lx.pos] == '-' {
			if lx.closeTag("#}", true) {
				return nil
			}
		}
		if lx.src[lx.pos] == '\n' {
			lx.line++
		}
		lx.pos++
	}
	return lx.errorf("missing end of comment tag")
}

func (lx *lexer) skipSpaces(i int) int {
	for i < len(lx.src) {
		r, size := utf8.DecodeRuneInString(lx.src[i:])
		if !unicode.IsSpace(r) {
			break
		}
		i += size
	}
	return i
}

// isRawBegin reports whether the block tag opened just before lx.pos is {% raw %}.
func (lx *lexer) isRawBegin() bool {
	i := lx.skipSpaces(lx.pos)
	if !strings.HasPrefix(lx.src[i:], "raw") {
		return false
	}
	i = lx.skipSpaces(i + 3)
	return strings.HasPrefix(lx.src[i:], "%}") || strings.HasPrefix(lx.src[i:], "-%}")
}

// raw emits the body of {% raw %}…{% endraw %} as text. The opening tag does not get trim_blocks (as in Jinja2);
// the closing tag gets every whitespace control a block tag gets.
func (lx *lexer) raw() error {
	i := lx.skipSpaces(lx.skipSpaces(lx.pos) + 3)
	lx.pos = i
	if strings.HasPrefix(lx.src[i:], "-%}") {
		lx.closeTag("%}", true)
	} else {
		lx.pos += 2
		lx.lineStarting = false
	}
	bodyStart := lx.pos
	for j := lx.nextTagStart(bodyStart); j >= 0; j = lx.nextTagStart(j + 1) {
		if lx.src[j+1] != '%' {
			continue
		}
		k := j + 2
		sign := byte(0)
		if k < len(lx.src) && (lx.src[k] == '-' || lx.src[k] == '+') {
			sign = lx.src[k]
			k++
		}
		k = lx.skipSpaces(k)
		if !strings.HasPrefix(lx.src[k:], "endraw") {
			continue
		}
		k = lx.skipSpaces(k + len("endraw"))
		body := lx.src[bodyStart:j]
		switch {
		case sign == '-':
			body = strings.TrimRightFunc(body, unicode.IsSpace)
		case sign != '+':
			body = lx.lstripBlock(body)
		}
		lx.emitText(body)
		lx.line += strings.Count(lx.src[bodyStart:j], "\n") - strings.Count(body, "\n")
		lx.pos = k
		if !lx.closeTag("%}", true) {
			return lx.errorf("unexpected characters after endraw")
		}
		return nil
	}
	return lx.errorf("missing end of raw directive")
}

const operators2 = "//**==!=<=>="
const operators1 = "+-/*%~[](){}<>=.:|,;"

// insideTag tokenizes expression tokens up to the closing delimiter. A closer seen while brackets are open is
// an operator, as in Jinja2 ({{ {'a': {'b': 1}} }}).
func (lx *lexer) insideTag(closer string) error {
	depth := 0
	isBlock := closer == "%}"
	for {
		lx.pos = lx.skipSpacesCountingLines(lx.pos)
		if lx.pos >= len(lx.src) {
			return lx.errorf("unexpected end of template, expected %q", closer)
		}
		if depth == 0 && lx.closeTag(closer, isBlock) {
			kind := tokPrintEnd
			if isBlock {
				kind = tokBlockEnd
			}
			lx.toks = append(lx.toks, token{kind: kind, line: lx.line})
			return nil
		}
		c := lx.src[lx.pos]
		switch {
		case c == '"' || c == '\'':
			s, err := lx.stringLiteral()
			if err != nil {
				return err
			}
			lx.toks = append(lx.toks, token{kind: tokString, val: s, line: lx.line})
		case c >= '0' && c <= '9':
			lx.number()
		case c == '_' || c >= 0x80 || unicode.IsLetter(rune(c)):
			start := lx.pos
			for lx.pos < len(lx.src) {
				r, size := utf8.DecodeRuneInString(lx.src[lx.pos:])
				if r != '_' && !unicode.IsLetter(r) && !unicode.IsDigit(r) {
					break
				}
				lx.pos += size
			}
			if lx.pos == start {
				return lx.errorf("unexpected char %q", lx.src[start])
			}
			lx.toks = append(lx.toks, token{kind: tokName, val: lx.src[start:lx.pos], line: lx.line})
		default:
			op := ""
			for i := 0; i < len(operators2); i += 2 {
				if strings.HasPrefix(lx.src[lx.pos:], operators2[i:i+2]) {
					op = operators2[i : i+2]
					break
				}
			}
			if op == "" && strings.IndexByte(operators1, c) >= 0 {
				op = string(c)
			}
			if op == "" {
				return lx.errorf("unexpected char %q", c)
			}
			switch op {
			case "(", "[", "{":
				depth++
			case ")", "]", "}":
				if depth == 0 {
					return lx.errorf("unexpected %q", op)
				}
				depth--
			}
			lx.pos += len(op)
			lx.toks = append(lx.toks, token{kind: tokOp, val: op, line: lx.line})
		}
	}
}

func (lx *lexer) skipSpacesCountingLines(i int) int {
	j := lx.skipSpaces(i)
	lx.line += strings.Count(lx.src[i:j], "\n")
	return j
}

func isDigitOrUnderscore(c byte) bool { return c >= '0' && c <= '9' || c == '_' }

// number lexes integer and float literals with Python's optional underscores; "1." is an integer then a dot.
func (lx *lexer) number() {
	start := lx.pos
	i := lx.pos
	for i < len(lx.src) && isDigitOrUnderscore(lx.src[i]) {
		i++
	}
	isFloat := false
	if i+1 < len(lx.src) && lx.src[i] == '.' && lx.src[i+1] >= '0' && lx.src[i+1] <= '9' {
		isFloat = true
		i++
		for i < len(lx.src) && isDigitOrUnderscore(lx.src[i]) {
			i++
		}
	}
	if i < len(lx.src) && (lx.src[i] == 'e' || lx.src[i] == 'E') {
		j := i + 1
		if j < len(lx.src) && (lx.src[j] == '+' || lx.src[j] == '-') {
			j++
		}
		if j < len(lx.src) && lx.src[j] >= '0' && lx.src[j] <= '9' {
			isFloat = true
			i = j
			for i < len(lx.src) && isDigitOrUnderscore(lx.src[i]) {
				i++
			}
		}
	}
	kind := tokInt
	if isFloat {
		kind = tokFloat
	}
	lx.pos = i
	lx.toks = append(lx.toks, token{kind: kind, val: strings.ReplaceAll(lx.src[start:i], "_", ""), line: lx.line})
}

// stringLiteral decodes a quoted literal the way Jinja2 does (Python's unicode-escape codec: unknown escapes
// keep their backslash).
func (lx *lexer) stringLiteral() (string, error) {
	quote := lx.src[lx.pos]
	i := lx.pos + 1
	var b strings.Builder
	for i < len(lx.src) {
		c := lx.src[i]
		switch {
		case c == quote:
			lx.pos = i + 1
			return b.String(), nil
		case c == '\n':
			lx.line++
			b.WriteByte(c)
			i++
		case c == '\\' && i+1 < len(lx.src):
			n, err := decodeEscape(lx.src, i, &b)
			if err != nil {
				return "", lx.errorf("%v", err)
			}
			i = n
		default:
			b.WriteByte(c)
			i++
		}
	}
	return "", lx.errorf("unterminated string")
}
