package pdf

// A tokenizer for PDF content streams and CMaps (PDF 32000-1:2008, §7.2–7.3).
// It never fails: malformed input yields the tokens it can make sense of and
// then EOF, so a damaged page still gives whatever text precedes the damage.

type tokKind uint8

const (
	tEOF tokKind = iota
	tNum
	tName
	tStr
	tOp
	tArrOpen
	tArrClose
	tDictOpen
	tDictClose
)

type token struct {
	kind tokKind
	num  float64
	s    []byte // name (without '/'), string bytes, or operator
}

type lexer struct {
	b []byte
	i int
}

func isSpace(c byte) bool {
	return c == ' ' || c == '\n' || c == '\r' || c == '\t' || c == '\f' || c == 0
}

func isDelim(c byte) bool {
	switch c {
	case '(', ')', '<', '>', '[', ']', '{', '}', '/', '%':
		return true
	}
	return false
}

func unhex(c byte) int {
	switch {
	case c >= '0' && c <= '9':
		return int(c - '0')
	case c >= 'a' && c <= 'f':
		return int(c-'a') + 10
	case c >= 'A' && c <= 'F':
		return int(c-'A') + 10
	}
	return -1
}

// next returns the next token; tEOF at the end.
func (l *lexer) next() token {
	b := l.b
	for l.i < len(b) {
		c := b[l.i]
		if isSpace(c) {
			l.i++
			continue
		}
		if c == '%' {
			for l.i < len(b) && b[l.i] != '\n' && b[l.i] != '\r' {
				l.i++
			}
			continue
		}
		break
	}
	if l.i >= len(b) {
		return token{kind: tEOF}
	}
	c := b[l.i]
	switch c {
	case '[':
		l.i++
		return token{kind: tArrOpen}
	case ']':
		l.i++
		return token{kind: tArrClose}
	case '{', '}', ')':
		// PostScript procedures and stray parentheses carry no text.
		l.i++
		return l.next()
	case '(':
		l.i++
		return token{kind: tStr, s: l.literal()}
	case '<':
		if l.i+1 < len(b) && b[l.i+1] == '<' {
			l.i += 2
			return token{kind: tDictOpen}
		}
		l.i++
		return token{kind: tStr, s: l.hex()}
	case '>':
		l.i++
		if l.i < len(b) && b[l.i] == '>' {
			l.i++
			return token{kind: tDictClose}
		}
		return l.next()
	case '/':
		l.i++
		return token{kind: tName, s: l.name()}
	}
	if c == '+' || c == '-' || c == '.' || (c >= '0' && c <= '9') {
		if n, ok := l.number(); ok {
			return token{kind: tNum, num: n}
		}
	}
	start := l.i
	for l.i < len(b) && !isSpace(b[l.i]) && !isDelim(b[l.i]) {
		l.i++
	}
	if l.i == start { // a lone delimiter we do not handle: skip it
		l.i++
		return l.next()
	}
	op := b[start:l.i]
	if len(op) == 2 && op[0] == 'I' && op[1] == 'D' {
		l.skipInlineImage()
	}
	return token{kind: tOp, s: op}
}

func (l *lexer) number() (float64, bool) {
	b := l.b
	start := l.i
	neg := false
	if b[l.i] == '+' || b[l.i] == '-' {
		neg = b[l.i] == '-'
		l.i++
		// Some writers emit "--5"; take the sign once.
		for l.i < len(b) && (b[l.i] == '-' || b[l.i] == '+') {
			l.i++
		}
	}
	var v float64
	digits := 0
	for l.i < len(b) && b[l.i] >= '0' && b[l.i] <= '9' {
		v = v*10 + float64(b[l.i]-'0')
		l.i++
		digits++
	}
	if l.i < len(b) && b[l.i] == '.' {
		l.i++
		scale := 0.1
		for l.i < len(b) && b[l.i] >= '0' && b[l.i] <= '9' {
			v += float64(b[l.i]-'0') * scale
			scale /= 10
			l.i++
			digits++
		}
	}
	if digits == 0 {
		l.i = start
		return 0, false
	}
	// Swallow junk glued to a number ("1.2.3", "12abc") as part of it.
	for l.i < len(b) && !isSpace(b[l.i]) && !isDelim(b[l.i]) {
		l.i++
	}
	if neg {
		v = -v
	}
	return v, true
}

func (l *lexer) name() []byte {
	b := l.b
	start := l.i
	plain := true
	for l.i < len(b) && !isSpace(b[l.i]) && !isDelim(b[l.i]) {
		if b[l.i] == '#' {
			plain = false
		}
		l.i++
	}
	raw := b[start:l.i]
	if plain {
		return raw
	}
	out := make([]byte, 0, len(raw))
	for i := 0; i < len(raw); i++ {
		if raw[i] == '#' && i+2 < len(raw) && unhex(raw[i+1]) >= 0 && unhex(raw[i+2]) >= 0 {
			out = append(out, byte(unhex(raw[i+1])<<4|unhex(raw[i+2])))
			i += 2
			continue
		}
		out = append(out, raw[i])
	}
	return out
}

func (l *lexer) literal() []byte {
	b := l.b
	var out []byte
	depth := 1
	for l.i < len(b) {
		c := b[l.i]
		l.i++
		switch c {
		case '(':
			depth++
		case ')':
			depth--
			if depth == 0 {
				return out
			}
		case '\r':
			// An end of line inside a string reads as \n.
			if l.i < len(b) && b[l.i] == '\n' {
				l.i++
			}
			c = '\n'
		case '\\':
			if l.i >= len(b) {
				return out
			}
			c = b[l.i]
			l.i++
			switch c {
			case 'n':
				c = '\n'
			case 'r':
				c = '\r'
			case 't':
				c = '\t'
			case 'b':
				c = '\b'
			case 'f':
				c = '\f'
			case '\r':
				if l.i < len(b) && b[l.i] == '\n' {
					l.i++
				}
				continue
			case '\n':
				continue
			case '0', '1', '2', '3', '4', '5', '6', '7':
				v := int(c - '0')
				for k := 0; k < 2 && l.i < len(b) && b[l.i] >= '0' && b[l.i] <= '7'; k++ {
					v = v*8 + int(b[l.i]-'0')
					l.i++
				}
				c = byte(v)
			}
		}
		out = append(out, c)
	}
	return out
}

func (l *lexer) hex() []byte {
	b := l.b
	var out []byte
	hi := -1
	for l.i < len(b) {
		c := b[l.i]
		l.i++
		if c == '>' {
			break
		}
		d := unhex(c)
		if d < 0 {
			continue
		}
		if hi < 0 {
			hi = d
		} else {
			out = append(out, byte(hi<<4|d))
			hi = -1
		}
	}
	if hi >= 0 {
		out = append(out, byte(hi<<4))
	}
	return out
}

// skipInlineImage moves past the binary data of an inline image, which ends
// at "EI" standing alone between white space.
func (l *lexer) skipInlineImage() {
	b := l.b
	if l.i < len(b) && isSpace(b[l.i]) {
		l.i++
	}
	for j := l.i; j+1 < len(b); j++ {
		if b[j] == 'E' && b[j+1] == 'I' && (j == 0 || isSpace(b[j-1])) && (j+2 >= len(b) || isSpace(b[j+2]) || isDelim(b[j+2])) {
			l.i = j // the lexer reads "EI" as the next operator
			return
		}
	}
	l.i = len(b)
}

// operand is a parsed operand of a content-stream operator.
type operand struct {
	kind tokKind // tNum, tName, tStr, tArrOpen (array), tDictOpen (dict, contents dropped)
	num  float64
	s    []byte
	arr  []operand
}

const maxOperands = 64

// readOperand reads an array or dict that starts at an already consumed
// opening token; nesting is bounded.
func (l *lexer) readArray(depth int) []operand {
	var arr []operand
	for {
		t := l.next()
		switch t.kind {
		case tEOF, tArrClose:
			return arr
		case tArrOpen:
			if depth > 16 {
				return arr
			}
			arr = append(arr, operand{kind: tArrOpen, arr: l.readArray(depth + 1)})
		case tDictOpen:
			l.skipDict(depth + 1)
			arr = append(arr, operand{kind: tDictOpen})
		case tOp, tDictClose:
			// Operators inside arrays are malformed; keep going.
		default:
			if len(arr) < 1<<16 {
				arr = append(arr, operand{kind: t.kind, num: t.num, s: t.s})
			}
		}
	}
}

func (l *lexer) skipDict(depth int) {
	for {
		t := l.next()
		switch t.kind {
		case tEOF, tDictClose:
			return
		case tArrOpen:
			l.readArray(depth + 1)
		case tDictOpen:
			if depth > 16 {
				return
			}
			l.skipDict(depth + 1)
		}
	}
}
