package engine

import (
	"errors"
	"math"
	"strconv"
)

var errBadNumber = errors.New("invalid JSON number")

// serdeFloat parses a JSON number into a float64 exactly as serde_json does without its
// float_roundtrip feature, which is how HF tokenizers reads Unigram scores: the decimal digits are
// gathered into a u64 (digits past its range are dropped) and the result is that integer multiplied
// or divided by a power of ten. This is not always the correctly rounded value, and Viterbi ties
// between segmentations of equal score are decided by those last bits.
func serdeFloat(s string) (float64, error) {
	i := 0
	positive := true
	if i < len(s) && s[i] == '-' {
		positive = false
		i++
	}
	if i >= len(s) || !isDigit(s[i]) {
		return 0, errBadNumber
	}
	var significand uint64
	exponent := int32(0)
	longInteger := false
	if s[i] == '0' {
		i++
	} else {
		for ; i < len(s) && isDigit(s[i]); i++ {
			if longInteger || mulOverflows(significand, s[i]-'0') {
				// parse_long_integer: further integer digits only scale the exponent.
				longInteger = true
				exponent++
				continue
			}
			significand = significand*10 + uint64(s[i]-'0')
		}
	}
	isFloat := false
	if i < len(s) && s[i] == '.' {
		isFloat = true
		i++
		start := i
		dropping := false
		for ; i < len(s) && isDigit(s[i]); i++ {
			// Each fraction digit is checked on its own, even after a long integer part; from the
			// first that overflows on, parse_decimal_overflow ignores the rest.
			if dropping || mulOverflows(significand, s[i]-'0') {
				dropping = true
				continue
			}
			significand = significand*10 + uint64(s[i]-'0')
			exponent--
		}
		if i == start {
			return 0, errBadNumber
		}
	}
	if i < len(s) && (s[i] == 'e' || s[i] == 'E') {
		isFloat = true
		i++
		positiveExp := true
		if i < len(s) && (s[i] == '+' || s[i] == '-') {
			positiveExp = s[i] == '+'
			i++
		}
		if i >= len(s) || !isDigit(s[i]) {
			return 0, errBadNumber
		}
		exp := int32(0)
		for ; i < len(s) && isDigit(s[i]); i++ {
			d := int32(s[i] - '0')
			if exp > (math.MaxInt32-d)/10 {
				// parse_exponent_overflow: ±0, or out of range for a huge positive exponent.
				if significand != 0 && positiveExp {
					return 0, errors.New("number out of range")
				}
				if positive {
					return 0, nil
				}
				return math.Copysign(0, -1), nil
			}
			exp = exp*10 + d
		}
		if positiveExp {
			exponent = saturatingAdd(exponent, exp)
		} else {
			exponent = saturatingAdd(exponent, -exp)
		}
	}
	if i != len(s) {
		return 0, errBadNumber
	}
	if !isFloat && !longInteger {
		// An integer: serde keeps it as u64/i64 and converts it with `as f64`.
		f := float64(significand)
		if !positive {
			f = -f
		}
		return f, nil
	}
	f, err := serdeFromParts(significand, exponent)
	if err != nil {
		return 0, err
	}
	if !positive {
		f = -f
	}
	return f, nil
}

func isDigit(c byte) bool { return c >= '0' && c <= '9' }

// mulOverflows reports whether significand*10 + digit exceeds u64 (serde's overflow! macro).
func mulOverflows(significand uint64, digit byte) bool {
	const limit = math.MaxUint64 / 10
	return significand >= limit && (significand > limit || uint64(digit) > math.MaxUint64%10)
}

func saturatingAdd(a, b int32) int32 {
	s := int64(a) + int64(b)
	return int32(max(math.MinInt32, min(math.MaxInt32, s)))
}

// serdeFromParts is serde_json's f64_from_parts.
func serdeFromParts(significand uint64, exponent int32) (float64, error) {
	f := float64(significand)
	for {
		abs := int64(exponent)
		if abs < 0 {
			abs = -abs
		}
		if abs <= 308 {
			pow := pow10(int(abs))
			if exponent >= 0 {
				f *= pow
				if math.IsInf(f, 0) {
					return 0, errors.New("number out of range")
				}
			} else {
				f /= pow
			}
			return f, nil
		}
		if f == 0 {
			return f, nil
		}
		if exponent >= 0 {
			return 0, errors.New("number out of range")
		}
		f /= 1e308
		exponent += 308
	}
}

// pow10 is the correctly rounded 1e<n>, as Rust's float literals in serde's POW10 table.
func pow10(n int) float64 {
	f, _ := strconv.ParseFloat("1e"+strconv.Itoa(n), 64)
	return f
}
