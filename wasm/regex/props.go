package regex

import (
	"fmt"
	"strings"
	"unicode"
)

// Character types of Oniguruma for Unicode encodings (ONIG_OPTION_ASCII_RANGE is off in its default syntax,
// so \d, \w, \s and the POSIX brackets are Unicode-aware).

// digitSet is \d: General_Category Nd.
func digitSet() runeSet { return tableSet(unicode.Nd) }

// spaceSet is \s: the White_Space property, which includes \v and U+0085.
func spaceSet() runeSet { return tableSet(unicode.White_Space) }

// wordSet is \w inside a bracket expression and \p{Word}: Oniguruma's Word = Alphabetic + Mark +
// Decimal_Number + Connector_Punctuation (Alphabetic = L + Nl + Other_Alphabetic).
func wordSet() runeSet {
	var s runeSet
	for _, t := range []*unicode.RangeTable{unicode.L, unicode.Nl, unicode.Other_Alphabetic, unicode.M, unicode.Nd,
		unicode.Pc} {
		s = s.union(tableSet(t))
	}
	return s
}

// wordSetOutsideClass is a bare \w: there Oniguruma also counts the Latin-1 numbers ² ³ ¹ ¼ ½ ¾ as word
// characters (its ISO-8859-1 ctype table), as \b does; inside [...] it does not. Both measured against
// libonig 6.9.8 (testdata/onig_cases.jsonl.gz).
func wordSetOutsideClass() runeSet {
	return wordSet().union([]runeRange{{0xb2, 0xb3}, {0xb9, 0xb9}, {0xbc, 0xbe}})
}

// hexDigitSet is \h (Oniguruma: ASCII hex digits).
func hexDigitSet() runeSet {
	return setOf(runeRange{'0', '9'}, runeRange{'A', 'F'}, runeRange{'a', 'f'})
}

// generalCategoryLongNames pairs the long General_Category names Oniguruma accepts (normalized) with the
// short ones.
const generalCategoryLongNames = `letter=L casedletter=LC uppercaseletter=Lu lowercaseletter=Ll
titlecaseletter=Lt modifierletter=Lm otherletter=Lo mark=M combiningmark=M nonspacingmark=Mn spacingmark=Mc
enclosingmark=Me number=N decimalnumber=Nd letternumber=Nl othernumber=No punctuation=P
connectorpunctuation=Pc dashpunctuation=Pd openpunctuation=Ps closepunctuation=Pe initialpunctuation=Pi
finalpunctuation=Pf otherpunctuation=Po symbol=S mathsymbol=Sm currencysymbol=Sc modifiersymbol=Sk
othersymbol=So separator=Z spaceseparator=Zs lineseparator=Zl paragraphseparator=Zp other=C control=Cc
format=Cf unassigned=Cn privateuse=Co surrogate=Cs`

// normalizePropertyName folds a property name the way Oniguruma looks it up: case-insensitive, ignoring
// spaces, hyphens and underscores.
func normalizePropertyName(name string) string {
	var b strings.Builder
	for _, r := range name {
		if r != ' ' && r != '-' && r != '_' {
			b.WriteRune(unicode.ToLower(r))
		}
	}
	return b.String()
}

// propertySet resolves \p{name}: General_Category values (short or long names, with C including Cn as in
// Oniguruma), scripts, binary properties, and Oniguruma's POSIX-like names.
func propertySet(name string) (runeSet, error) {
	key := normalizePropertyName(name)
	for _, pair := range strings.Fields(generalCategoryLongNames) {
		if long, short, _ := strings.Cut(pair, "="); long == key {
			key = strings.ToLower(short)
		}
	}
	switch key {
	case "any":
		return setOf(runeRange{0, unicode.MaxRune}), nil
	case "assigned":
		return unassignedSet().negate(), nil
	case "cn":
		return unassignedSet(), nil
	case "c":
		return tableSet(unicode.C), nil
	case "lc":
		return tableSet(unicode.Lu).union(tableSet(unicode.Ll)).union(tableSet(unicode.Lt)), nil
	case "ascii":
		return setOf(runeRange{0, 0x7f}), nil
	case "alpha", "alphabetic":
		return tableSet(unicode.L).union(tableSet(unicode.Nl)).union(tableSet(unicode.Other_Alphabetic)), nil
	case "digit":
		return digitSet(), nil
	case "space":
		return spaceSet(), nil
	case "word":
		return wordSet(), nil
	case "alnum":
		alpha, _ := propertySet("alpha")
		return alpha.union(digitSet()), nil
	case "xdigit":
		return hexDigitSet(), nil
	case "upper", "uppercase":
		return tableSet(unicode.Lu).union(tableSet(unicode.Other_Uppercase)), nil
	case "lower", "lowercase":
		return tableSet(unicode.Ll).union(tableSet(unicode.Other_Lowercase)), nil
	}
	for _, t := range unicodeTables {
		if normalizePropertyName(t.name) == key {
			return tableSet(t.table), nil
		}
	}
	return nil, fmt.Errorf("invalid character property name {%s}", name)
}

// unassignedSet is General_Category Cn. Go's table C already includes Cn (unlike the other two-letter
// tables), so Cn is C minus Cc, Cf, Co and Cs.
func unassignedSet() runeSet {
	var assigned runeSet
	for _, t := range []*unicode.RangeTable{unicode.Cc, unicode.Cf, unicode.Co, unicode.Cs} {
		assigned = assigned.union(tableSet(t))
	}
	return tableSet(unicode.C).intersect(assigned.negate())
}

// posixBracketSet resolves [:name:] inside a class, Unicode-aware like Oniguruma's UTF-8 encoding.
func posixBracketSet(name string) (runeSet, error) {
	switch name {
	case "alnum", "alpha", "ascii", "digit", "lower", "space", "upper", "word", "xdigit":
		return propertySet(name)
	case "blank":
		return tableSet(unicode.Zs).union([]runeRange{{'\t', '\t'}}), nil
	case "cntrl":
		return tableSet(unicode.Cc), nil
	case "punct":
		return tableSet(unicode.P), nil // Oniguruma 6.9.8: \p{P} only, no ASCII symbols
	case "graph":
		return graphSet(), nil
	case "print":
		return graphSet().union(tableSet(unicode.Zs)), nil
	}
	return nil, fmt.Errorf("invalid POSIX bracket type [:%s:]", name)
}

// graphSet is everything but white space, controls, surrogates and unassigned code points.
func graphSet() runeSet {
	return spaceSet().union(tableSet(unicode.Cc)).union(tableSet(unicode.Cs)).union(unassignedSet()).negate()
}
